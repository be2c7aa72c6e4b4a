package dev.acrbridge.testsvc;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake must satisfy the real client: azure-identity with msal4j, instance discovery off. */
class AzureIdentityCompatibilityTest {
    static LocalAzure svc;
    static HttpClient httpClient;
    static final String TENANT = UUID.randomUUID().toString();
    static final TokenRequestContext ACR = new TokenRequestContext()
            .addScopes("https://containerregistry.azure.net/.default");

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
        httpClient = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(svc.sslContext()))
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    static String oid(AccessToken t) {
        return (String) TestHttp.claims(t.getToken()).get("oid");
    }

    @Test
    void clientSecret() {
        String app = UUID.randomUUID().toString();
        Principal p = svc.entra().servicePrincipal(TENANT, app, "secret-value");
        TokenCredential c = new ClientSecretCredentialBuilder().tenantId(TENANT).clientId(app)
                .clientSecret("secret-value").authorityHost(svc.authorityHost().toString())
                .disableInstanceDiscovery().httpClient(httpClient).build();
        assertEquals(p.objectId(), oid(c.getTokenSync(ACR)));
        TokenCredential bad = new ClientSecretCredentialBuilder().tenantId(TENANT).clientId(app)
                .clientSecret("wrong").authorityHost(svc.authorityHost().toString())
                .disableInstanceDiscovery().httpClient(httpClient).build();
        RuntimeException e = assertThrows(RuntimeException.class, () -> bad.getTokenSync(ACR));
        assertTrue(String.valueOf(e.getMessage()).contains("AADSTS7000215")
                || String.valueOf(e.getCause()).contains("AADSTS7000215"), String.valueOf(e));
    }

    @Test
    void clientCertificatePemAndPkcs12WithAndWithoutChain(@TempDir Path dir) {
        String app = UUID.randomUUID().toString();
        KeyAndCertificate kc = Certificates.selfSigned("CN=cert-app");
        Principal p = svc.entra().certificatePrincipal(TENANT, app, kc.certificate());
        Path pem = kc.writePem(dir.resolve("app.pem"));
        Path pfx = kc.writePkcs12(dir.resolve("app.pfx"), "pfx-pw".toCharArray());
        TokenCredential viaPem = new ClientCertificateCredentialBuilder().tenantId(TENANT).clientId(app)
                .pemCertificate(pem.toString()).authorityHost(svc.authorityHost().toString())
                .disableInstanceDiscovery().httpClient(httpClient).build();
        assertEquals(p.objectId(), oid(viaPem.getTokenSync(ACR)));
        TokenCredential viaPfx = new ClientCertificateCredentialBuilder().tenantId(TENANT).clientId(app)
                .pfxCertificate(pfx.toString()).clientCertificatePassword("pfx-pw").sendCertificateChain(true)
                .authorityHost(svc.authorityHost().toString()).disableInstanceDiscovery().httpClient(httpClient)
                .build();
        assertEquals(p.objectId(), oid(viaPfx.getTokenSync(ACR)));
    }

    @Test
    void workloadIdentityTokenFileAndClientAssertion(@TempDir Path dir) throws Exception {
        String app = UUID.randomUUID().toString();
        String iss = svc.entra().kubernetesIssuer();
        Principal p = svc.entra().federatedPrincipal(TENANT, app, iss, "system:serviceaccount:ns:sa",
                EntraDirectory.TOKEN_EXCHANGE_AUDIENCE);
        Path file = dir.resolve("token");
        Files.writeString(file, svc.entra().mintFederatedToken(iss, "system:serviceaccount:ns:sa",
                EntraDirectory.TOKEN_EXCHANGE_AUDIENCE, Duration.ofMinutes(10)));
        TokenCredential wi = new WorkloadIdentityCredentialBuilder().tenantId(TENANT).clientId(app)
                .tokenFilePath(file.toString()).authorityHost(svc.authorityHost().toString())
                .disableInstanceDiscovery().httpClient(httpClient).build();
        assertEquals(p.objectId(), oid(wi.getTokenSync(ACR)));
        TokenCredential assertion = new ClientAssertionCredentialBuilder().tenantId(TENANT).clientId(app)
                .clientAssertion(() -> svc.entra().mintFederatedToken(iss, "system:serviceaccount:ns:sa",
                        EntraDirectory.TOKEN_EXCHANGE_AUDIENCE, Duration.ofMinutes(10)))
                .authorityHost(svc.authorityHost().toString()).disableInstanceDiscovery().httpClient(httpClient)
                .build();
        assertEquals(p.objectId(), oid(assertion.getTokenSync(ACR)));
    }
}
