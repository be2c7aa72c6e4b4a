package dev.acrbridge.auth.identity;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.identity.AadCredentialBuilderBase;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import dev.acrbridge.auth.AzureCloud;
import dev.acrbridge.auth.retry.RetryingHttp;
import dev.acrbridge.auth.retry.RetrySettings;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Maps an {@link IdentitySpec} to an azure-identity {@link TokenCredential}. Every credential gets: the cloud's
 * authority host, instance discovery off, our retry options and response timeout, a JDK HTTP client with our TLS
 * context, an isolated (empty) Configuration so stray {@code AZURE_*} variables cannot change its behaviour, and the
 * {@link EndpointGuardPolicy}. EnvironmentCredential and DefaultAzureCredential are never used.
 */
public final class EntraCredentials {
    private static final List<String> MI_ENDPOINT_VARIABLES =
            List.of("IDENTITY_ENDPOINT", "MSI_ENDPOINT", "AZURE_POD_IDENTITY_AUTHORITY_HOST", "IMDS_ENDPOINT");
    private static final String IMDS = "169.254.169.254:80";

    private final AzureCloud cloud;
    private final HttpClient httpClient;
    private final RetrySettings retry;
    private final RetryingHttp oidcHttp;
    private final Duration timeout;
    private final Map<String, String> processEnvironment;

    /**
     * @param cloud              authority host to use
     * @param sslContext         TLS context for every Entra / identity-endpoint call
     * @param timeout            connect and response timeout per request
     * @param retry              retry bounds, mirrored into azure-core's RetryOptions
     * @param oidcHttp           JDK client with retries, for the GitHub OIDC token endpoint
     * @param processEnvironment the real process environment (msal4j reads managed-identity endpoints from it)
     */
    public EntraCredentials(AzureCloud cloud, SSLContext sslContext, Duration timeout, RetrySettings retry,
                            RetryingHttp oidcHttp, Map<String, String> processEnvironment) {
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.oidcHttp = Objects.requireNonNull(oidcHttp, "oidcHttp");
        this.processEnvironment = Map.copyOf(processEnvironment);
        this.httpClient = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(sslContext).connectTimeout(timeout)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER))
                .connectionTimeout(timeout).responseTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
                .build();
    }

    /**
     * @param spec an Entra-backed identity ({@link IdentityKind#usesEntra()})
     * @return a credential for it; build once and reuse (assertion sources count on it)
     * @throws IllegalArgumentException for registry-native identities
     */
    public TokenCredential create(IdentitySpec spec) {
        if (spec instanceof IdentitySpec.ServicePrincipalSecret s) {
            return aad(new ClientSecretCredentialBuilder().clientSecret(s.clientSecret().reveal()),
                    s.tenantId(), s.clientId()).build();
        }
        if (spec instanceof IdentitySpec.ServicePrincipalCertificate c) {
            ClientCertificateCredentialBuilder b = new ClientCertificateCredentialBuilder()
                    .sendCertificateChain(c.sendCertificateChain());
            String path = c.certificate().toString();
            if (isPem(c.certificate())) {
                b.pemCertificate(path);
            } else {
                b.pfxCertificate(path);
                b.clientCertificatePassword(c.password() == null ? "" : c.password().reveal());
            }
            return aad(b, c.tenantId(), c.clientId()).build();
        }
        if (spec instanceof IdentitySpec.WorkloadIdentityFile w) {
            return aad(new WorkloadIdentityCredentialBuilder().tokenFilePath(w.tokenFile().toString()),
                    w.tenantId(), w.clientId()).build();
        }
        if (spec instanceof IdentitySpec.GitHubOidc g) {
            GitHubOidcAssertion github = new GitHubOidcAssertion(g, oidcHttp, timeout);
            return aad(new ClientAssertionCredentialBuilder().clientAssertion(new PerRequestAssertion(github)),
                    g.tenantId(), g.clientId()).build();
        }
        if (spec instanceof IdentitySpec.ClientAssertion a) {
            return aad(new ClientAssertionCredentialBuilder().clientAssertion(
                    new PerRequestAssertion(() -> a.assertion().get().reveal())), a.tenantId(), a.clientId()).build();
        }
        if (spec instanceof IdentitySpec.ManagedIdentity m) {
            ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder().httpClient(httpClient)
                    .configuration(isolatedConfiguration()).addPolicy(managedIdentityGuard());
            if (processEnvironment.containsKey("IDENTITY_ENDPOINT") || processEnvironment.containsKey("MSI_ENDPOINT")) {
                b.retryOptions(retry.toAzureRetryOptions());
            } // IMDS: azure-identity installs its own IMDS retry strategy (404/410/429/5xx) and refuses a second one
            if (m.userAssigned() != null) {
                switch (m.userAssigned().type()) {
                    case CLIENT_ID: b.clientId(m.userAssigned().value()); break;
                    case OBJECT_ID: b.objectId(m.userAssigned().value()); break;
                    default: b.resourceId(m.userAssigned().value()); break;
                }
            }
            return b.build();
        }
        if (spec instanceof IdentitySpec.AzureCli cli) {
            AzureCliCredentialBuilder b = new AzureCliCredentialBuilder().processTimeout(timeout)
                    .configuration(isolatedConfiguration());
            if (cli.tenantId() != null && !cli.tenantId().isBlank()) {
                b.tenantId(cli.tenantId());
            }
            return b.build();
        }
        throw new IllegalArgumentException(spec.kind().label() + " does not use Entra");
    }

    private <T extends AadCredentialBuilderBase<T>> T aad(T builder, String tenantId, String clientId) {
        return common(builder, new EndpointGuardPolicy(Set.of(authority(cloud.authorityHost())), Set.of()))
                .tenantId(tenantId).clientId(clientId)
                .authorityHost(cloud.authorityHost().toString())
                .disableInstanceDiscovery();
    }

    private <T extends AadCredentialBuilderBase<T>> T common(T builder, EndpointGuardPolicy guard) {
        return builder.httpClient(httpClient)
                .retryOptions(retry.toAzureRetryOptions())
                .configuration(isolatedConfiguration())
                .addPolicy(guard);
    }

    /** Managed identity talks plain HTTP to the platform's endpoint (IMDS, App Service): allow exactly those. */
    private EndpointGuardPolicy managedIdentityGuard() {
        Set<String> http = new HashSet<>(Set.of(IMDS));
        Set<String> https = new HashSet<>();
        for (String name : MI_ENDPOINT_VARIABLES) {
            String value = processEnvironment.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                URL url = URI.create(value.trim()).toURL();
                (url.getProtocol().equalsIgnoreCase("https") ? https : http).add(EndpointGuardPolicy.authority(url));
            } catch (IllegalArgumentException | MalformedURLException ignored) {
                // msal4j will fail on it too, with its own message
            }
        }
        return new EndpointGuardPolicy(https, http);
    }

    private static String authority(URI uri) {
        try {
            return EndpointGuardPolicy.authority(uri.toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("authority host is not a URL: " + uri, e);
        }
    }

    /** A Configuration that reads nothing from the process: leftover variables must not rewire a credential. */
    private static Configuration isolatedConfiguration() {
        return new ConfigurationBuilder(source -> Map.of(), source -> Map.of(), source -> Map.of()).build();
    }

    private static boolean isPem(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(64);
            return new String(head, java.nio.charset.StandardCharsets.US_ASCII).contains("-----BEGIN");
        } catch (java.io.IOException e) {
            return file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pem");
        }
    }
}
