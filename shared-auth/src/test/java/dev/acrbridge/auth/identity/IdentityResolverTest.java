package dev.acrbridge.auth.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityResolverTest {
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String CLIENT = "11111111-2222-3333-4444-555555555555";
    @TempDir
    Path dir;

    private static Map<String, String> sp(String... extra) {
        Map<String, String> m = new HashMap<>(Map.of("AZURE_TENANT_ID", TENANT, "AZURE_CLIENT_ID", CLIENT));
        for (int i = 0; i < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return m;
    }

    private static InvalidConfigurationException bad(Map<String, String> settings) {
        return assertThrows(InvalidConfigurationException.class, () -> IdentityResolver.resolve(settings));
    }

    @Test
    void autoDetectionFollowsTheDocumentedOrder() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "jwt");
        Path pem = Files.writeString(dir.resolve("c.pem"), "-----BEGIN PRIVATE KEY-----");
        Map<String, String> all = sp("ACR_USERNAME", "contoso", "ACR_PASSWORD", "pw", "AZURE_CLIENT_SECRET", "s",
                "AZURE_CLIENT_CERTIFICATE_PATH", pem.toString(), "AZURE_FEDERATED_TOKEN_FILE", token.toString(),
                "ACTIONS_ID_TOKEN_REQUEST_URL", "https://gh.example/token?api-version=2.0",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "rt", "IDENTITY_ENDPOINT", "http://127.0.0.1:1/msi/token",
                "IDENTITY_HEADER", "h");
        IdentityKind[] order = {IdentityKind.ADMIN_USER, IdentityKind.SERVICE_PRINCIPAL_SECRET,
                IdentityKind.SERVICE_PRINCIPAL_CERTIFICATE, IdentityKind.WORKLOAD_IDENTITY, IdentityKind.GITHUB_OIDC,
                IdentityKind.MANAGED_IDENTITY};
        String[][] removeAfter = {{"ACR_USERNAME", "ACR_PASSWORD"}, {"AZURE_CLIENT_SECRET"},
                {"AZURE_CLIENT_CERTIFICATE_PATH"}, {"AZURE_FEDERATED_TOKEN_FILE"}, {"ACTIONS_ID_TOKEN_REQUEST_URL"}, {}};
        for (int i = 0; i < order.length; i++) {
            assertEquals(order[i], IdentityResolver.resolve(all).kind(), "step " + i);
            for (String k : removeAfter[i]) {
                all.remove(k);
            }
        }
    }

    @Test
    void explicitTypesBuildTheirSpecs() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "jwt");
        assertEquals(new IdentitySpec.WorkloadIdentityFile(TENANT, CLIENT, token), IdentityResolver.resolve(
                sp("ACR_AUTH_TYPE", "workload-identity", "AZURE_FEDERATED_TOKEN_FILE", token.toString())));
        IdentitySpec.GitHubOidc gh = (IdentitySpec.GitHubOidc) IdentityResolver.resolve(sp("ACR_AUTH_TYPE", "OIDC",
                "ACTIONS_ID_TOKEN_REQUEST_URL", "https://gh.example/t?x=1", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "rt",
                "ACR_OIDC_AUDIENCE", "api://custom"));
        assertEquals("api://custom", gh.audience());
        assertEquals(new IdentitySpec.AzureCli(null), IdentityResolver.resolve(Map.of("ACR_AUTH_TYPE", "azure-cli")));
        assertEquals(IdentityKind.REPOSITORY_TOKEN, IdentityResolver.resolve(Map.of("ACR_AUTH_TYPE", "token",
                "ACR_USERNAME", "t", "ACR_PASSWORD", "p")).kind());
        IdentitySpec.ManagedIdentity system = (IdentitySpec.ManagedIdentity) IdentityResolver.resolve(
                Map.of("ACR_AUTH_TYPE", "managed-identity"));
        assertNull(system.userAssigned());
    }

    @Test
    void managedIdentityIdTypes() {
        String rid = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi";
        assertEquals(IdentitySpec.UserAssignedId.Type.RESOURCE_ID, ((IdentitySpec.ManagedIdentity) IdentityResolver
                .resolve(Map.of("ACR_AUTH_TYPE", "managed-identity", "AZURE_CLIENT_ID", rid))).userAssigned().type());
        assertEquals(IdentitySpec.UserAssignedId.Type.OBJECT_ID, ((IdentitySpec.ManagedIdentity) IdentityResolver
                .resolve(Map.of("MSI_ENDPOINT", "http://x", "AZURE_CLIENT_ID", CLIENT,
                        "ACR_MANAGED_IDENTITY_ID_TYPE", "object-id"))).userAssigned().type());
        InvalidConfigurationException e = bad(Map.of("ACR_AUTH_TYPE", "managed-identity", "AZURE_CLIENT_ID", CLIENT,
                "ACR_MANAGED_IDENTITY_ID_TYPE", "name"));
        assertEquals("ACR_MANAGED_IDENTITY_ID_TYPE", e.field());
        assertTrue(e.fix().contains("client-id|object-id|resource-id"));
        assertEquals("AZURE_CLIENT_ID", bad(Map.of("ACR_AUTH_TYPE", "managed-identity", "AZURE_CLIENT_ID", "my-mi"))
                .field());
    }

    @Test
    void errorsNameTheFieldAndTheFix() {
        InvalidConfigurationException unknownType = bad(Map.of("ACR_AUTH_TYPE", "password"));
        assertEquals("ACR_AUTH_TYPE", unknownType.field());
        assertTrue(unknownType.fix().contains(IdentityResolver.AUTH_TYPES));

        InvalidConfigurationException nothing = bad(Map.of());
        assertTrue(nothing.fix().contains("id-token: write") && nothing.fix().contains("ACR_AUTH_TYPE=managed-identity"));

        assertEquals("AZURE_TENANT_ID", bad(Map.of("AZURE_CLIENT_ID", CLIENT, "AZURE_CLIENT_SECRET", "s")).field());
        InvalidConfigurationException common = bad(sp("AZURE_TENANT_ID", "common", "AZURE_CLIENT_SECRET", "s"));
        assertTrue(common.getMessage().contains("AZURE_TENANT_ID") && common.fix().contains("GUID"));
        assertEquals("AZURE_TENANT_ID", bad(sp("AZURE_TENANT_ID", "<tenant>", "AZURE_CLIENT_SECRET", "s")).field());
        assertTrue(bad(sp("AZURE_CLIENT_ID", "my-app", "AZURE_CLIENT_SECRET", "s")).fix().contains("Application (client) ID"));
        assertEquals("AZURE_CLIENT_SECRET", bad(sp("ACR_AUTH_TYPE", "service-principal")).field());
        assertEquals("AZURE_CLIENT_CERTIFICATE_PATH",
                bad(sp("AZURE_CLIENT_CERTIFICATE_PATH", dir.resolve("missing.pem").toString())).field());
        assertEquals("AZURE_CLIENT_CERTIFICATE_PATH", bad(sp("ACR_AUTH_TYPE", "certificate",
                "AZURE_CLIENT_CERTIFICATE_PATH", dir.toString())).field(), "a directory is not a certificate file");
        assertEquals("ACR_USERNAME", bad(Map.of("ACR_PASSWORD", "p")).field());
    }

    @Test
    void certificateChainFlagMustBeABoolean() throws IOException {
        Path pem = Files.writeString(dir.resolve("c.pem"), "-----BEGIN PRIVATE KEY-----");
        InvalidConfigurationException e = bad(sp("AZURE_CLIENT_CERTIFICATE_PATH", pem.toString(),
                "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "yes"));
        assertEquals("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", e.field());
        assertTrue(e.fix().contains("true or false"));
        IdentitySpec.ServicePrincipalCertificate c = assertInstanceOf(IdentitySpec.ServicePrincipalCertificate.class,
                IdentityResolver.resolve(sp("AZURE_CLIENT_CERTIFICATE_PATH", pem.toString(),
                        "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "TRUE", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "pw")));
        assertTrue(c.sendCertificateChain());
        assertEquals("pw", c.password().reveal());
    }

    @Test
    void gitHubOidcWithoutThePermissionSaysIdTokenWrite() {
        InvalidConfigurationException e = bad(sp("ACR_AUTH_TYPE", "oidc"));
        assertEquals("ACTIONS_ID_TOKEN_REQUEST_URL", e.field());
        assertTrue(e.fix().contains("permissions: id-token: write"), e.fix());
        InvalidConfigurationException noToken = bad(sp("ACR_AUTH_TYPE", "oidc",
                "ACTIONS_ID_TOKEN_REQUEST_URL", "https://gh.example/t"));
        assertEquals("ACTIONS_ID_TOKEN_REQUEST_TOKEN", noToken.field());
        assertTrue(noToken.fix().contains("id-token: write"));
    }

    @Test
    void blankValuesCountAsUnset() {
        assertEquals(IdentityKind.SERVICE_PRINCIPAL_SECRET, IdentityResolver.resolve(
                sp("ACR_USERNAME", " ", "ACR_PASSWORD", "", "AZURE_CLIENT_SECRET", "s", "ACR_AUTH_TYPE", "")).kind());
    }
}
