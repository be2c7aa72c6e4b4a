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
import dev.acrbridge.auth.identity.IdentityResolver;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.registry.ScopedToken;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Certificates;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.KeyAndCertificate;
import dev.acrbridge.testsvc.LocalAzure;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every in-process identity source, through azure-identity, to a refresh token from /oauth2/exchange. */
class IdentitySourcesTest {
    static LocalAzure svc;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    @BeforeEach
    void clean() {
        svc.clearRequests();
        svc.faults().clear();
    }

    private void assertRefreshToken(RegistryCredential cred, IdentityKind kind) {
        assertEquals(RegistryCredential.NULL_GUID, cred.username());
        assertEquals(kind, cred.identityKind());
        assertEquals("refresh_token", LocalCloud.payload(cred.password().reveal()).get("grant_type").asText());
        assertEquals(1, LocalCloud.count(svc, Endpoint.ACR_EXCHANGE));
        assertAcrAudience();
    }

    private static void assertAcrAudience() {
        for (LoggedRequest entra : LocalCloud.requests(svc, Endpoint.ENTRA_TOKEN)) {
            assertTrue(List.of(entra.formValue("scope").split(" "))
                    .contains("https://containerregistry.azure.net/.default"), "ACR audience: " + entra.formValue("scope"));
        }
    }

    private static String entraAssertion(int index) {
        return LocalCloud.requests(svc, Endpoint.ENTRA_TOKEN).get(index).formValue("client_assertion");
    }

    @Test
    void certificatePem() throws IOException {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        KeyAndCertificate cert = Certificates.selfSigned("CN=pem-app");
        Principal p = svc.entra().certificatePrincipal(tenant, client, cert.certificate());
        svc.acr().assign(p, Role.ACR_PULL);
        Path pem = cert.writePem(dir.resolve("app.pem"));

        RegistryCredential cred = LocalCloud.auth(svc).build().credential(
                new IdentitySpec.ServicePrincipalCertificate(tenant, client, pem, null, false), svc.registryHost());

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
        Principal p = svc.entra().certificatePrincipal(tenant, client, cert.certificate());
        svc.acr().assign(p, Role.ACR_PULL);
        Path p12 = cert.writePkcs12(dir.resolve("app.p12"), "p12-pass-word".toCharArray());
        IdentitySpec spec = IdentityResolver.resolve(Map.of("AZURE_TENANT_ID", tenant, "AZURE_CLIENT_ID", client,
                "AZURE_CLIENT_CERTIFICATE_PATH", p12.toString(), "AZURE_CLIENT_CERTIFICATE_PASSWORD", "p12-pass-word",
                "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "true"));

        RegistryCredential cred = LocalCloud.auth(svc).build().credential(spec, svc.registryHost());

        assertRefreshToken(cred, IdentityKind.SERVICE_PRINCIPAL_CERTIFICATE);
        assertTrue(LocalCloud.header(entraAssertion(0)).has("x5c"), "x5c chain sent when asked for");
    }

    @Test
    void workloadIdentityFileIsReadAgainForEveryEntraRequest() throws IOException {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        String issuer = svc.entra().kubernetesIssuer();
        String subject = "system:serviceaccount:ci:builder";
        Principal p = svc.entra().federatedPrincipal(tenant, client, issuer, subject, "api://AzureADTokenExchange");
        svc.acr().assign(p, Role.ACR_PUSH);
        Path file = dir.resolve("azure-identity-token");
        String first = svc.entra().mintFederatedToken(issuer, subject, "api://AzureADTokenExchange", Duration.ofMinutes(10));
        Files.writeString(file, first);
        IdentitySpec spec = IdentityResolver.resolve(Map.of("AZURE_TENANT_ID", tenant, "AZURE_CLIENT_ID", client,
                "AZURE_FEDERATED_TOKEN_FILE", file.toString()));
        AcrAuth auth = LocalCloud.auth(svc).build();

        RegistryCredential cred = auth.credential(spec, svc.registryHost());
        assertRefreshToken(cred, IdentityKind.WORKLOAD_IDENTITY);
        String second = svc.entra().mintFederatedToken(issuer, subject, "api://AzureADTokenExchange", Duration.ofMinutes(10));
        Files.writeString(file, second); // the kubelet rotates the projected token
        auth.invalidate(spec, svc.registryHost());
        auth.credential(spec, svc.registryHost());

        assertEquals(2, LocalCloud.count(svc, Endpoint.ENTRA_TOKEN));
        assertEquals(first, entraAssertion(0));
        assertEquals(second, entraAssertion(1));
    }

    @Test
    void gitHubOidcFetchesAFreshAssertionForEveryEntraRequest() {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        svc.github().subject("repo:octo-org/app:ref:refs/heads/main");
        Principal p = svc.entra().federatedPrincipal(tenant, client, svc.github().issuer(),
                "repo:octo-org/app:ref:refs/heads/main", "api://AzureADTokenExchange");
        svc.acr().assign(p, Role.ACR_PUSH);
        IdentitySpec spec = IdentityResolver.resolve(Map.of("AZURE_TENANT_ID", tenant, "AZURE_CLIENT_ID", client,
                "ACTIONS_ID_TOKEN_REQUEST_URL", svc.githubOidcRequestUrl(),
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", svc.githubOidcRequestToken()));
        assertEquals(IdentityKind.GITHUB_OIDC, spec.kind());
        AcrAuth auth = LocalCloud.auth(svc).build();

        for (int i = 0; i < 3; i++) {
            auth.invalidate(spec, svc.registryHost());
            assertEquals(RegistryCredential.NULL_GUID, auth.credential(spec, svc.registryHost()).username());
        }

        assertEquals(3, LocalCloud.count(svc, Endpoint.ENTRA_TOKEN));
        assertEquals(LocalCloud.count(svc, Endpoint.ENTRA_TOKEN), LocalCloud.count(svc, Endpoint.GITHUB_OIDC),
                "one GitHub ID token per Entra request, none wasted");
        Set<String> jtis = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            jtis.add(LocalCloud.payload(entraAssertion(i)).get("jti").asText());
        }
        assertEquals(3, jtis.size(), "every Entra request carried a different assertion");
        for (LoggedRequest gh : LocalCloud.requests(svc, Endpoint.GITHUB_OIDC)) {
            assertEquals("api://AzureADTokenExchange", gh.queryParam("audience"));
            assertEquals("Bearer " + svc.githubOidcRequestToken(), gh.header("Authorization"));
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
        Principal p = svc.entra().federatedPrincipal(tenant, client, issuer, subject, "api://AzureADTokenExchange");
        svc.acr().assign(p, Role.ACR_PULL);
        AtomicInteger calls = new AtomicInteger();
        IdentitySpec spec = new IdentitySpec.ClientAssertion(tenant, client, () -> {
            calls.incrementAndGet();
            return Secret.of(svc.entra().mintFederatedToken(issuer, subject, "api://AzureADTokenExchange",
                    Duration.ofMinutes(5)));
        }, "azure-devops");
        AcrAuth auth = LocalCloud.auth(svc).build();

        auth.credential(spec, svc.registryHost());
        auth.invalidate(spec, svc.registryHost());
        RegistryCredential cred = auth.credential(spec, svc.registryHost());

        assertEquals(IdentityKind.CLIENT_ASSERTION, cred.identityKind());
        assertEquals(2, LocalCloud.count(svc, Endpoint.ENTRA_TOKEN));
        assertEquals(2, calls.get());
        assertNotEquals(entraAssertion(0), entraAssertion(1));
        assertAcrAudience();
    }

    @Test
    void adminUserIsValidatedWithBasicAndReturnedAsIs() {
        svc.acr().adminUser("contoso", "admin-pass-1");
        Map<String, String> settings = new HashMap<>(Map.of("ACR_USERNAME", "contoso", "ACR_PASSWORD", "admin-pass-1"));
        IdentitySpec spec = IdentityResolver.resolve(settings);
        AcrAuth auth = LocalCloud.auth(svc).build();

        RegistryCredential cred = auth.credential(spec, svc.registryHost());

        assertEquals("contoso", cred.username());
        assertEquals("admin-pass-1", cred.password().reveal());
        assertNull(cred.expiresAt());
        assertEquals(0, LocalCloud.count(svc, Endpoint.ENTRA_TOKEN), "no Entra for registry-native credentials");
        LoggedRequest basic = LocalCloud.requests(svc, Endpoint.ACR_TOKEN).get(0);
        assertEquals("GET", basic.method());
        assertTrue(basic.header("Authorization").startsWith("Basic "));

        ScopedToken token = auth.scopedToken(spec, svc.registryHost(), List.of("repository:any/repo:pull,push"));
        assertEquals(Set.of("pull", "push"), token.grantedActions("repository", "any/repo"));

        IdentitySpec wrong = new IdentitySpec.AdminUser("contoso", Secret.of("not-the-password"));
        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
                () -> auth.credential(wrong, svc.registryHost()));
        assertTrue(e.getMessage().contains("admin user"), e.getMessage());
    }

    @Test
    void repositoryTokenGetsOnlyItsScopeMap() {
        svc.acr().repositoryToken("ci-token", "token-pass-1", Map.of("app/web", Set.of("content/read", "content/write")));
        IdentitySpec spec = IdentityResolver.resolve(Map.of("ACR_AUTH_TYPE", "token",
                "ACR_USERNAME", "ci-token", "ACR_PASSWORD", "token-pass-1"));
        AcrAuth auth = LocalCloud.auth(svc).build();

        RegistryCredential cred = auth.credential(spec, svc.registryHost());
        ScopedToken token = auth.scopedToken(spec, svc.registryHost(),
                List.of("repository:app/web:pull,push,delete", "repository:other:pull"));

        assertEquals(IdentityKind.REPOSITORY_TOKEN, cred.identityKind());
        assertEquals(Set.of("pull", "push"), token.grantedActions("repository", "app/web"));
        assertEquals(Set.of(), token.grantedActions("repository", "other"));
        LoggedRequest post = LocalCloud.requests(svc, Endpoint.ACR_TOKEN).get(1);
        assertEquals("password", post.formValue("grant_type"));
        assertEquals(List.of("repository:app/web:pull,push,delete", "repository:other:pull"), post.form().get("scope"));
    }

    @Test
    void armAudienceIsSelectableAndFailsWhereTheRegistryRefusesIt() {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        Principal sp = svc.entra().servicePrincipal(tenant, client, "arm-secret-value");
        svc.acr().assign(sp, Role.ACR_PULL);
        IdentitySpec spec = new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of("arm-secret-value"));
        AcrAuth arm = LocalCloud.auth(svc).audience("https://management.azure.com").build();
        try {
            svc.acr().armAudienceAllowed(true);
            arm.credential(spec, svc.registryHost());
            assertTrue(LocalCloud.requests(svc, Endpoint.ENTRA_TOKEN).get(0).formValue("scope")
                    .contains("https://management.azure.com/.default"));

            svc.acr().armAudienceAllowed(false);
            AcrAuth armAgain = LocalCloud.auth(svc).audience("https://management.azure.com").build();
            RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
                    () -> armAgain.credential(spec, svc.registryHost()));
            assertTrue(e.fix().contains("https://containerregistry.azure.net/.default"), e.getMessage());
        } finally {
            svc.acr().armAudienceAllowed(true);
        }
    }
}
