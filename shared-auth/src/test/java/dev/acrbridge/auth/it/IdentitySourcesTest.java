package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.RegistryUnauthorizedException;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.settings.LoginSettings;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.registry.ScopedToken;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Certificates;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.KeyAndCertificate;
import dev.acrbridge.testsvc.LoggedRequest;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every in-process identity source, through azure-identity, to a refresh token from /oauth2/exchange. */
class IdentitySourcesTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    @TempDir
    Path dir;

    private void assertRefreshToken(RegistryCredential cred, IdentityKind kind) {
        assertEquals(RegistryCredential.NULL_GUID, cred.username());
        assertEquals(kind, cred.identityKind());
        assertEquals("refresh_token", LocalCloud.payload(cred.password().reveal()).get("grant_type").asText());
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ACR_EXCHANGE));
        assertAcrAudience();
    }

    private static void assertAcrAudience() {
        for (LoggedRequest entra : LocalCloud.requests(cloud.svc(), Endpoint.ENTRA_TOKEN)) {
            assertTrue(List.of(entra.formValue("scope").split(" "))
                    .contains("https://containerregistry.azure.net/.default"), "ACR audience: " + entra.formValue("scope"));
        }
    }

    private static String entraAssertion(int index) {
        return LocalCloud.requests(cloud.svc(), Endpoint.ENTRA_TOKEN).get(index).formValue("client_assertion");
    }

    @Test
    void certificatePem() throws IOException {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        KeyAndCertificate cert = Certificates.selfSigned("CN=pem-app");
        Principal p = cloud.svc().entra().certificatePrincipal(tenant, client, cert.certificate());
        cloud.svc().acr().assign(p, Role.ACR_PULL);
        Path pem = cert.writePem(dir.resolve("app.pem"));

        RegistryCredential cred = LocalCloud.auth(cloud.svc()).build().credential(
                new IdentitySpec.ServicePrincipalCertificate(tenant, client, pem, null, false),
                cloud.svc().registryHost());

        assertRefreshToken(cred, IdentityKind.SERVICE_PRINCIPAL_CERTIFICATE);
        String assertion = entraAssertion(0);
        assertEquals(client, LocalCloud.payload(assertion).get("sub").asText());
        assertFalse(LocalCloud.header(assertion).has("x5c"), "no chain unless asked for");
    }

    @Test
    void certificatePkcs12WithChainFromSettings() {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        KeyAndCertificate cert = Certificates.selfSigned("CN=p12-app");
        Principal p = cloud.svc().entra().certificatePrincipal(tenant, client, cert.certificate());
        cloud.svc().acr().assign(p, Role.ACR_PULL);
        Path p12 = cert.writePkcs12(dir.resolve("app.p12"), "p12-pass-word".toCharArray());
        IdentitySpec spec = LoginSettings.fromEnvironment(Map.of("AZURE_TENANT_ID", tenant, "AZURE_CLIENT_ID", client,
                "AZURE_CLIENT_CERTIFICATE_PATH", p12.toString(), "AZURE_CLIENT_CERTIFICATE_PASSWORD", "p12-pass-word",
                "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "true")).identity();

        RegistryCredential cred = LocalCloud.auth(cloud.svc()).build().credential(spec, cloud.svc().registryHost());

        assertRefreshToken(cred, IdentityKind.SERVICE_PRINCIPAL_CERTIFICATE);
        assertTrue(LocalCloud.header(entraAssertion(0)).has("x5c"), "x5c chain sent when asked for");
    }

    @Test
    void workloadIdentityFileIsReadAgainForEveryEntraRequest() throws IOException {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        String issuer = cloud.svc().entra().kubernetesIssuer();
        String subject = "system:serviceaccount:ci:builder";
        Principal p = cloud.svc().entra().federatedPrincipal(tenant, client, issuer, subject,
                "api://AzureADTokenExchange");
        cloud.svc().acr().assign(p, Role.ACR_PUSH);
        Path file = dir.resolve("azure-identity-token");
        String first = cloud.svc().entra().mintFederatedToken(issuer, subject, "api://AzureADTokenExchange",
                Duration.ofMinutes(10));
        Files.writeString(file, first);
        IdentitySpec spec = LoginSettings.fromEnvironment(Map.of("AZURE_TENANT_ID", tenant, "AZURE_CLIENT_ID", client,
                "AZURE_FEDERATED_TOKEN_FILE", file.toString())).identity();
        AcrAuth auth = LocalCloud.auth(cloud.svc()).build();

        RegistryCredential cred = auth.credential(spec, cloud.svc().registryHost());
        assertRefreshToken(cred, IdentityKind.WORKLOAD_IDENTITY);
        String second = cloud.svc().entra().mintFederatedToken(issuer, subject, "api://AzureADTokenExchange",
                Duration.ofMinutes(10));
        Files.writeString(file, second); // the kubelet rotates the projected token
        auth.invalidate(spec, cloud.svc().registryHost());
        auth.credential(spec, cloud.svc().registryHost());

        assertEquals(2, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN));
        assertEquals(first, entraAssertion(0));
        assertEquals(second, entraAssertion(1));
    }

    @Test
    void gitHubOidcFetchesAFreshAssertionForEveryEntraRequest() {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        cloud.svc().github().subject("repo:octo-org/app:ref:refs/heads/main");
        Principal p = cloud.svc().entra().federatedPrincipal(tenant, client, cloud.svc().github().issuer(),
                "repo:octo-org/app:ref:refs/heads/main", "api://AzureADTokenExchange");
        cloud.svc().acr().assign(p, Role.ACR_PUSH);
        IdentitySpec spec = LoginSettings.fromEnvironment(Map.of("AZURE_TENANT_ID", tenant, "AZURE_CLIENT_ID", client,
                "ACTIONS_ID_TOKEN_REQUEST_URL", cloud.svc().githubOidcRequestUrl(),
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", cloud.svc().githubOidcRequestToken())).identity();
        assertEquals(IdentityKind.GITHUB_OIDC, spec.kind());
        AcrAuth auth = LocalCloud.auth(cloud.svc()).build();

        for (int i = 0; i < 3; i++) {
            auth.invalidate(spec, cloud.svc().registryHost());
            assertEquals(RegistryCredential.NULL_GUID, auth.credential(spec, cloud.svc().registryHost()).username());
        }

        assertEquals(3, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN));
        assertEquals(LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN),
                LocalCloud.count(cloud.svc(), Endpoint.GITHUB_OIDC),
                "one GitHub ID token per Entra request, none wasted");
        Set<String> jtis = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            jtis.add(LocalCloud.payload(entraAssertion(i)).get("jti").asText());
        }
        assertEquals(3, jtis.size(), "every Entra request carried a different assertion");
        for (LoggedRequest gh : LocalCloud.requests(cloud.svc(), Endpoint.GITHUB_OIDC)) {
            assertEquals("api://AzureADTokenExchange", gh.queryParam("audience"));
            assertEquals("Bearer " + cloud.svc().githubOidcRequestToken(), gh.header("Authorization"));
        }
        assertEquals("api://AzureADTokenExchange", LocalCloud.payload(entraAssertion(0)).get("aud").asText());
        assertAcrAudience();
    }

    @Test
    void anyClientAssertionSupplierIsAskedOncePerEntraRequest() {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        String issuer = "https://vstoken.dev.azure.com/" + LocalCloud.guid();
        String subject = "sc://org/project/acr-connection";
        Principal p = cloud.svc().entra().federatedPrincipal(tenant, client, issuer, subject,
                "api://AzureADTokenExchange");
        cloud.svc().acr().assign(p, Role.ACR_PULL);
        AtomicInteger calls = new AtomicInteger();
        IdentitySpec spec = new IdentitySpec.ClientAssertion(tenant, client, () -> {
            calls.incrementAndGet();
            return Secret.of(cloud.svc().entra().mintFederatedToken(issuer, subject, "api://AzureADTokenExchange",
                    Duration.ofMinutes(5)));
        }, "azure-devops");
        AcrAuth auth = LocalCloud.auth(cloud.svc()).build();

        auth.credential(spec, cloud.svc().registryHost());
        auth.invalidate(spec, cloud.svc().registryHost());
        RegistryCredential cred = auth.credential(spec, cloud.svc().registryHost());

        assertEquals(IdentityKind.CLIENT_ASSERTION, cred.identityKind());
        assertEquals(2, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN));
        assertEquals(2, calls.get());
        assertNotEquals(entraAssertion(0), entraAssertion(1));
        assertAcrAudience();
    }

    @Test
    void adminUserIsValidatedWithBasicAndReturnedAsIs() {
        cloud.svc().acr().adminUser("contoso", "admin-pass-1");
        Map<String, String> settings = new HashMap<>(Map.of("ACR_USERNAME", "contoso", "ACR_PASSWORD", "admin-pass-1"));
        IdentitySpec spec = LoginSettings.fromEnvironment(settings).identity();
        AcrAuth auth = LocalCloud.auth(cloud.svc()).build();

        RegistryCredential cred = auth.credential(spec, cloud.svc().registryHost());

        assertEquals("contoso", cred.username());
        assertEquals("admin-pass-1", cred.password().reveal());
        assertNull(cred.expiresAt());
        assertEquals(0, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN),
                "no Entra for registry-native credentials");
        LoggedRequest basic = LocalCloud.requests(cloud.svc(), Endpoint.ACR_TOKEN).get(0);
        assertEquals("GET", basic.method());
        assertTrue(basic.header("Authorization").startsWith("Basic "));

        ScopedToken token = auth.scopedToken(spec, cloud.svc().registryHost(),
                List.of("repository:any/repo:pull,push"));
        assertEquals(Set.of("pull", "push"), token.grantedActions("repository", "any/repo"));

        IdentitySpec wrong = new IdentitySpec.AdminUser("contoso", Secret.of("not-the-password"));
        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
                () -> auth.credential(wrong, cloud.svc().registryHost()));
        assertTrue(e.getMessage().contains("admin user"), e.getMessage());
    }

    @Test
    void repositoryTokenGetsOnlyItsScopeMap() {
        cloud.svc().acr().repositoryToken("ci-token", "token-pass-1", Map.of("app/web", Set.of("content/read",
                "content/write")));
        IdentitySpec spec = LoginSettings.fromEnvironment(Map.of("ACR_AUTH_TYPE", "token",
                "ACR_USERNAME", "ci-token", "ACR_PASSWORD", "token-pass-1")).identity();
        AcrAuth auth = LocalCloud.auth(cloud.svc()).build();

        RegistryCredential cred = auth.credential(spec, cloud.svc().registryHost());
        ScopedToken token = auth.scopedToken(spec, cloud.svc().registryHost(),
                List.of("repository:app/web:pull,push,delete", "repository:other:pull"));

        assertEquals(IdentityKind.REPOSITORY_TOKEN, cred.identityKind());
        assertEquals(Set.of("pull", "push"), token.grantedActions("repository", "app/web"));
        assertEquals(Set.of(), token.grantedActions("repository", "other"));
        LoggedRequest post = LocalCloud.requests(cloud.svc(), Endpoint.ACR_TOKEN).get(1);
        assertEquals("password", post.formValue("grant_type"));
        assertEquals(List.of("repository:app/web:pull,push,delete", "repository:other:pull"), post.form().get("scope"));
    }

    @Test
    void armAudienceIsSelectableAndFailsWhereTheRegistryRefusesIt() {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        Principal sp = cloud.svc().entra().servicePrincipal(tenant, client, "arm-secret-value");
        cloud.svc().acr().assign(sp, Role.ACR_PULL);
        IdentitySpec spec = new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of("arm-secret-value"));
        AcrAuth arm = LocalCloud.auth(cloud.svc()).audience("https://management.azure.com").build();
        try {
            cloud.svc().acr().armAudienceAllowed(true);
            arm.credential(spec, cloud.svc().registryHost());
            assertTrue(LocalCloud.requests(cloud.svc(), Endpoint.ENTRA_TOKEN).get(0).formValue("scope")
                    .contains("https://management.azure.com/.default"));

            cloud.svc().acr().armAudienceAllowed(false);
            AcrAuth armAgain = LocalCloud.auth(cloud.svc()).audience("https://management.azure.com").build();
            RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
                    () -> armAgain.credential(spec, cloud.svc().registryHost()));
            assertTrue(e.fix().contains("https://containerregistry.azure.net/.default"), e.getMessage());
        } finally {
            cloud.svc().acr().armAudienceAllowed(true);
        }
    }
}
