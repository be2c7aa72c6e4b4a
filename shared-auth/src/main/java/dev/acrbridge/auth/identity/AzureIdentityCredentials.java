package dev.acrbridge.auth.identity;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.acrbridge.auth.retry.RetrySettings;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Managed identity and Azure CLI credentials through azure-identity, whose platform endpoints (IMDS, App Service,
 * Azure Arc...) and IMDS retry rules we reuse. Its own class so that azure-core and its reactive pipeline load only
 * when one of these identities is used. Each credential gets an isolated (empty) Configuration, so stray
 * {@code AZURE_*} variables cannot rewire it, and managed identity an {@link EndpointGuardPolicy}.
 */
final class AzureIdentityCredentials {
    private static final List<String> MI_ENDPOINT_VARIABLES =
            List.of("IDENTITY_ENDPOINT", "MSI_ENDPOINT", "AZURE_POD_IDENTITY_AUTHORITY_HOST", "IMDS_ENDPOINT");
    private static final String IMDS = "169.254.169.254:80";

    private final SSLContext sslContext;
    private final Duration timeout;
    private final RetrySettings retry;
    private final Map<String, String> processEnvironment;

    AzureIdentityCredentials(SSLContext sslContext, Duration timeout, RetrySettings retry,
                             Map<String, String> processEnvironment) {
        this.sslContext = sslContext;
        this.timeout = timeout;
        this.retry = retry;
        this.processEnvironment = processEnvironment;
    }

    EntraCredential managedIdentity(IdentitySpec.ManagedIdentity m) {
        // platform endpoints (IMDS, App Service, Arc) are local to the machine: never through a proxy, as
        // azure-identity and az intend. Configuration.NONE, because azure-core otherwise builds a proxy from any
        // configuration it is given, falling back to the JVM's https.proxyHost / http.proxyHost properties
        HttpClient azureHttp = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                .sslContext(sslContext).connectTimeout(timeout).proxy(java.net.http.HttpClient.Builder.NO_PROXY)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER))
                .configuration(Configuration.NONE)
                .connectionTimeout(timeout).responseTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
                .build();
        ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder().httpClient(azureHttp)
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
        return of(b.build());
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
                (url.getProtocol().equalsIgnoreCase("https") ? https : http).add(EndpointGuard.authority(url));
            } catch (IllegalArgumentException | MalformedURLException ignored) {
                // msal4j will fail on it too, with its own message
            }
        }
        return new EndpointGuardPolicy(https, http);
    }

    EntraCredential azureCli(IdentitySpec.AzureCli cli) {
        AzureCliCredentialBuilder b = new AzureCliCredentialBuilder().processTimeout(timeout)
                .configuration(isolatedConfiguration());
        if (cli.tenantId() != null && !cli.tenantId().isBlank()) {
            b.tenantId(cli.tenantId());
        }
        return of(b.build());
    }

    private static EntraCredential of(TokenCredential credential) {
        return scope -> credential.getTokenSync(new TokenRequestContext().addScopes(scope));
    }

    /** A Configuration that reads nothing from the process: leftover variables must not rewire a credential. */
    private static Configuration isolatedConfiguration() {
        return new ConfigurationBuilder(source -> Map.of(), source -> Map.of(), source -> Map.of()).build();
    }
}
