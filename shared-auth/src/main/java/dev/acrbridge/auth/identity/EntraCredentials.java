package dev.acrbridge.auth.identity;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCredential;
import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.files.InputFiles;
import dev.acrbridge.auth.retry.RetryingHttp;
import dev.acrbridge.auth.retry.RetrySettings;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Maps an {@link IdentitySpec} to an {@link EntraCredential}. App registrations (secret, certificate, workload
 * identity file, GitHub OIDC, any assertion) go through msal4j directly with our guarded, retrying HTTP; managed
 * identity and the Azure CLI go through azure-identity ({@link AzureIdentityCredentials}), loaded only for them.
 * Every credential gets the cloud's authority host, instance discovery off, our timeouts and retry bounds, and an
 * endpoint guard.
 */
public final class EntraCredentials {
    private final AzureCloud cloud;
    private final SSLContext sslContext;
    private final RetrySettings retry;
    private final RetryingHttp http;
    private final Duration timeout;
    private final Map<String, String> processEnvironment;
    private final MsalHttp msalHttp;

    /**
     * @param cloud              authority host to use
     * @param sslContext         TLS context for every Entra / identity-endpoint call
     * @param timeout            connect and response timeout per request
     * @param retry              retry bounds, also mirrored into azure-core's RetryOptions
     * @param http               retrying HTTP with that TLS context (Entra token and GitHub OIDC requests)
     * @param processEnvironment the real process environment (msal4j reads managed-identity endpoints from it)
     */
    public EntraCredentials(AzureCloud cloud, SSLContext sslContext, Duration timeout, RetrySettings retry,
                            RetryingHttp http, Map<String, String> processEnvironment) {
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.http = Objects.requireNonNull(http, "http");
        this.processEnvironment = Map.copyOf(processEnvironment);
        this.msalHttp = new MsalHttp(new EndpointGuard(Set.of(authority(cloud.authorityHost())), Set.of()), http,
                timeout);
    }

    /**
     * @param spec an Entra-backed identity ({@link IdentityKind#usesEntra()})
     * @return a credential for it; build once and reuse
     * @throws IllegalArgumentException for registry-native identities
     */
    EntraCredential create(IdentitySpec spec) {
        if (spec instanceof IdentitySpec.ServicePrincipalSecret s) {
            return app(s.clientId(), s.tenantId(), ClientCredentialFactory.createFromSecret(s.clientSecret().reveal()),
                    false);
        }
        if (spec instanceof IdentitySpec.ServicePrincipalCertificate c) {
            return app(c.clientId(), c.tenantId(), ClientCertificates.load(c), c.sendCertificateChain());
        }
        if (spec instanceof IdentitySpec.WorkloadIdentityFile w) {
            return app(w.clientId(), w.tenantId(), ClientCredentialFactory.createFromCallback(() -> federatedToken(w)),
                    false);
        }
        if (spec instanceof IdentitySpec.GitHubOidc g) {
            GitHubOidcAssertion github = new GitHubOidcAssertion(g, http, timeout);
            return app(g.clientId(), g.tenantId(), ClientCredentialFactory.createFromCallback(github::get), false);
        }
        if (spec instanceof IdentitySpec.ClientAssertion a) {
            return app(a.clientId(), a.tenantId(),
                    ClientCredentialFactory.createFromCallback(() -> assertion(a)), false);
        }
        if (spec instanceof IdentitySpec.ManagedIdentity m) {
            return new AzureIdentityCredentials(sslContext, timeout, retry, processEnvironment).managedIdentity(m);
        }
        if (spec instanceof IdentitySpec.AzureCli cli) {
            return new AzureIdentityCredentials(sslContext, timeout, retry, processEnvironment).azureCli(cli);
        }
        throw new IllegalArgumentException(spec.kind().label() + " does not use Entra");
    }

    private EntraCredential app(String clientId, String tenantId, IClientCredential credential, boolean sendX5c) {
        return new ConfidentialClientCredential(clientId, tenantId, credential, sendX5c, cloud.authorityHost(),
                msalHttp);
    }

    /** Read on every request (the platform rotates the projected token file), bounded and checked to be a JWT. */
    private static String federatedToken(IdentitySpec.WorkloadIdentityFile spec) {
        return InputFiles.federatedToken(spec.tokenFile(), "AZURE_FEDERATED_TOKEN_FILE").reveal();
    }

    /** Whatever supplies an assertion (a Jenkins credential, a minted token), only a JWT is sent to Entra. */
    private static String assertion(IdentitySpec.ClientAssertion spec) {
        String assertion = spec.assertion().get().reveal();
        InputFiles.requireJwt(assertion, "client assertion", spec.source());
        return assertion;
    }

    private static String authority(URI uri) {
        try {
            return EndpointGuard.authority(uri.toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("authority host is not a URL: " + uri, e);
        }
    }
}
