package dev.acrbridge.auth.identity;

import com.azure.core.credential.AccessToken;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.IHttpClient;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * An app registration's client-credentials flow (secret, certificate or federated assertion) through msal4j
 * directly: the same library azure-identity delegates these flows to, without azure-core's reactive pipeline, which
 * costs a short-lived CLI most of a second to load. Instance discovery and authority validation are off, so the
 * only request is {@code POST {authority}/{tenant}/oauth2/v2.0/token}.
 */
final class ConfidentialClientCredential implements EntraCredential {
    private final ConfidentialClientApplication app;

    /**
     * @param clientId      the app (client) id
     * @param tenantId      tenant GUID or domain (validated by {@link dev.acrbridge.auth.settings.LoginSettings})
     * @param credential    secret, certificate or assertion callback
     * @param sendX5c       send the certificate chain ({@code x5c}) for subject-name/issuer authentication
     * @param authorityHost the cloud's Entra host
     * @param http          guarded, retrying HTTP
     */
    ConfidentialClientCredential(String clientId, String tenantId, IClientCredential credential, boolean sendX5c,
                                 URI authorityHost, IHttpClient http) {
        String host = authorityHost.toString().replaceAll("/+$", "");
        try {
            this.app = ConfidentialClientApplication.builder(clientId, credential)
                    .authority(host + "/" + tenantId + "/")
                    .instanceDiscovery(false)
                    .validateAuthority(false)
                    .sendX5c(sendX5c)
                    .logPii(false)
                    .httpClient(http)
                    .disableInternalRetries() // RetryingHttp under http owns retries and their bounds
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("authority host is not a URL: " + host, e);
        }
    }

    @Override
    public AccessToken token(String scope) {
        IAuthenticationResult result = app.acquireToken(ClientCredentialParameters.builder(Set.of(scope)).build())
                .join();
        return new AccessToken(result.accessToken(),
                OffsetDateTime.ofInstant(result.expiresOnDate().toInstant(), ZoneOffset.UTC));
    }
}
