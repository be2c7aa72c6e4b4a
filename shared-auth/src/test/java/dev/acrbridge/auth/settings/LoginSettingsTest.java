package dev.acrbridge.auth.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.proxy.ProxySettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginSettingsTest {
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
        return assertThrows(InvalidConfigurationException.class, () -> LoginSettings.fromEnvironment(settings).identity());
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
        // an Entra identity before the registry's own users: a stray admin password never wins over the job's identity
        IdentityKind[] order = {IdentityKind.SERVICE_PRINCIPAL_SECRET, IdentityKind.SERVICE_PRINCIPAL_CERTIFICATE,
                IdentityKind.ADMIN_USER, IdentityKind.WORKLOAD_IDENTITY, IdentityKind.GITHUB_OIDC,
                IdentityKind.MANAGED_IDENTITY};
        String[][] removeAfter = {{"AZURE_CLIENT_SECRET"}, {"AZURE_CLIENT_CERTIFICATE_PATH"},
                {"ACR_USERNAME", "ACR_PASSWORD"}, {"AZURE_FEDERATED_TOKEN_FILE"}, {"ACTIONS_ID_TOKEN_REQUEST_URL"}, {}};
        for (int i = 0; i < order.length; i++) {
            assertEquals(order[i], LoginSettings.fromEnvironment(all).identity().kind(), "step " + i);
            for (String k : removeAfter[i]) {
                all.remove(k);
            }
        }
    }

    @Test
    void explicitTypesBuildTheirSpecs() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "jwt");
        assertEquals(new IdentitySpec.WorkloadIdentityFile(TENANT, CLIENT, token), LoginSettings.fromEnvironment(
                sp("ACR_AUTH_TYPE", "workload-identity", "AZURE_FEDERATED_TOKEN_FILE", token.toString())).identity());
        IdentitySpec.GitHubOidc gh = (IdentitySpec.GitHubOidc) LoginSettings.fromEnvironment(sp("ACR_AUTH_TYPE", "OIDC",
                "ACTIONS_ID_TOKEN_REQUEST_URL", "https://gh.example/t?x=1", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "rt",
                "ACR_OIDC_AUDIENCE", "api://custom")).identity();
        assertEquals("api://custom", gh.audience());
        assertEquals(new IdentitySpec.AzureCli(null), LoginSettings.fromEnvironment(Map.of("ACR_AUTH_TYPE", "azure-cli")).identity());
        assertEquals(IdentityKind.REPOSITORY_TOKEN, LoginSettings.fromEnvironment(Map.of("ACR_AUTH_TYPE", "token",
                "ACR_USERNAME", "t", "ACR_PASSWORD", "p")).identity().kind());
        IdentitySpec.ManagedIdentity system = (IdentitySpec.ManagedIdentity) LoginSettings.fromEnvironment(
                Map.of("ACR_AUTH_TYPE", "managed-identity")).identity();
        assertNull(system.userAssigned());
    }

    @Test
    void managedIdentityIdTypes() {
        String rid = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi";
        assertEquals(IdentitySpec.UserAssignedId.Type.RESOURCE_ID, ((IdentitySpec.ManagedIdentity) LoginSettings
                .fromEnvironment(Map.of("ACR_AUTH_TYPE", "managed-identity", "AZURE_CLIENT_ID", rid)).identity()).userAssigned().type());
        assertEquals(IdentitySpec.UserAssignedId.Type.OBJECT_ID, ((IdentitySpec.ManagedIdentity) LoginSettings
                .fromEnvironment(Map.of("MSI_ENDPOINT", "http://x", "AZURE_CLIENT_ID", CLIENT,
                        "ACR_MANAGED_IDENTITY_ID_TYPE", "object-id")).identity()).userAssigned().type());
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
        assertTrue(unknownType.fix().contains(LoginSettings.AUTH_TYPES));

        InvalidConfigurationException nothing = bad(Map.of());
        assertTrue(nothing.fix().contains("id-token: write") && nothing.fix().contains("ACR_LOGIN_AUTH_TYPE=managed-identity"));

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
        assertEquals("ACR_LOGIN_USERNAME", bad(Map.of("ACR_PASSWORD", "p")).field());
    }

    @Test
    void certificateChainFlagMustBeABoolean() throws IOException {
        Path pem = Files.writeString(dir.resolve("c.pem"), "-----BEGIN PRIVATE KEY-----");
        InvalidConfigurationException e = bad(sp("AZURE_CLIENT_CERTIFICATE_PATH", pem.toString(),
                "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "yes"));
        assertEquals("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", e.field());
        assertTrue(e.fix().contains("true or false"));
        IdentitySpec.ServicePrincipalCertificate c = assertInstanceOf(IdentitySpec.ServicePrincipalCertificate.class,
                LoginSettings.fromEnvironment(sp("AZURE_CLIENT_CERTIFICATE_PATH", pem.toString(),
                        "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "TRUE", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "pw")).identity());
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
        assertEquals(IdentityKind.SERVICE_PRINCIPAL_SECRET, LoginSettings.fromEnvironment(
                sp("ACR_USERNAME", " ", "ACR_PASSWORD", "", "AZURE_CLIENT_SECRET", "s", "ACR_AUTH_TYPE", "")).identity().kind());
    }

    @Test
    void ourVariablesShareOnePrefixAndOldNamesStillWorkWithADeprecationLine() {
        for (SettingKey key : SettingKey.values()) {
            String v = key.variable();
            assertTrue(v.startsWith(SettingKey.PREFIX) || v.startsWith("AZURE_") || v.startsWith("ACTIONS_")
                    || List.of("IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "IMDS_ENDPOINT").contains(v), v);
            key.legacyVariable().ifPresent(old -> assertTrue(old.startsWith("ACR_") && !old.startsWith(SettingKey.PREFIX)));
        }
        LoginSettings old = LoginSettings.fromEnvironment(Map.of("ACR_AUTH_TYPE", "admin", "ACR_USERNAME", "contoso",
                "ACR_PASSWORD", "pw"));
        assertEquals(IdentityKind.ADMIN_USER, old.identity().kind());
        assertEquals(3, old.deprecations().size(), old.deprecations().toString());
        assertTrue(old.deprecations().get(0).contains("ACR_AUTH_TYPE is deprecated: rename it ACR_LOGIN_AUTH_TYPE"));
        assertEquals("pw", old.toVariables().get("ACR_LOGIN_PASSWORD"), "written back under the current name");

        LoginSettings both = LoginSettings.fromEnvironment(Map.of("ACR_LOGIN_USERNAME", "new", "ACR_USERNAME", "old",
                "ACR_LOGIN_PASSWORD", "pw"));
        assertEquals("new", ((IdentitySpec.AdminUser) both.identity()).username());
        assertTrue(both.deprecations().get(0).contains("ACR_USERNAME is ignored"));
        assertTrue(LoginSettings.fromEnvironment(Map.of("ACR_LOGIN_USERNAME", "u", "ACR_LOGIN_PASSWORD", "p"))
                .deprecations().isEmpty());
        // an error names the variable the user actually set, old or new
        assertEquals("ACR_USERNAME", bad(Map.of("ACR_USERNAME", " ", "ACR_PASSWORD", "p")).field());
        assertEquals("ACR_LOGIN_USERNAME", bad(Map.of("ACR_LOGIN_PASSWORD", "p")).field());
    }

    @Test
    void aFaceNamesItsOwnFieldsInErrors() {
        FieldLabels action = FieldLabels.of(Map.of(SettingKey.TENANT_ID, "tenant-id", SettingKey.CLIENT_ID, "client-id",
                SettingKey.CLIENT_SECRET, "client-secret"));
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> LoginSettings
                .builder().set(SettingKey.CLIENT_ID, CLIENT).set(SettingKey.CLIENT_SECRET, "s").labels(action).build()
                .identity());
        assertEquals("tenant-id", e.field());
        assertTrue(e.getMessage().startsWith("tenant-id: is not set"), e.getMessage());
        LoginSettings jenkins = LoginSettings.builder().set(SettingKey.TENANT_ID, TENANT).set(SettingKey.CLIENT_ID, "app")
                .set(SettingKey.AUTH_TYPE, "service-principal").set(SettingKey.CLIENT_SECRET, "s")
                .labels(k -> k == SettingKey.CLIENT_ID ? "Application (client) ID" : null).build();
        assertEquals("Application (client) ID", assertThrows(InvalidConfigurationException.class, jenkins::identity).field());
        InvalidConfigurationException none = assertThrows(InvalidConfigurationException.class,
                () -> LoginSettings.builder().labels(action).build().identity());
        assertTrue(none.fix().contains("tenant-id + client-id with client-secret"), none.fix());
    }

    @Test
    void cloudHostsCaFileAndTimeout() throws IOException {
        assertEquals(AzureCloud.PUBLIC, LoginSettings.fromEnvironment(Map.of()).cloud());
        assertEquals(AzureCloud.CHINA, LoginSettings.fromEnvironment(Map.of("ACR_LOGIN_CLOUD", "AzureChinaCloud")).cloud());
        AzureCloud overridden = LoginSettings.fromEnvironment(Map.of("ACR_LOGIN_CLOUD", "usgov",
                "AZURE_AUTHORITY_HOST", "https://login.example:8443/")).cloud();
        assertEquals(URI.create("https://login.example:8443"), overridden.authorityHost());
        assertEquals(".azurecr.us", overridden.registrySuffix());
        AzureCloud custom = LoginSettings.fromEnvironment(Map.of("ACR_LOGIN_CLOUD", "custom",
                "AZURE_AUTHORITY_HOST", "https://login.stack.example", "ACR_LOGIN_REGISTRY_SUFFIX", "azurecr.stack.example"))
                .cloud();
        assertEquals(".azurecr.stack.example", custom.registrySuffix());
        assertEquals("AZURE_AUTHORITY_HOST", assertThrows(InvalidConfigurationException.class,
                () -> LoginSettings.fromEnvironment(Map.of("ACR_LOGIN_CLOUD", "custom")).cloud()).field());
        assertEquals("AZURE_AUTHORITY_HOST", assertThrows(InvalidConfigurationException.class,
                () -> LoginSettings.fromEnvironment(Map.of("AZURE_AUTHORITY_HOST", "http://login.example")).cloud()).field());
        assertEquals("ACR_LOGIN_CLOUD", assertThrows(InvalidConfigurationException.class,
                () -> LoginSettings.fromEnvironment(Map.of("ACR_LOGIN_CLOUD", "mars")).cloud()).field());

        assertEquals(Set.of("a.example:5000", "b.example"), LoginSettings.fromEnvironment(
                Map.of("ACR_LOGIN_ALLOWED_HOSTS", "A.example:5000, b.example")).allowedHosts());
        assertEquals("--allow-registry-host", assertThrows(InvalidConfigurationException.class, () -> LoginSettings
                .builder().set(SettingKey.ALLOWED_HOSTS, "https://x.example/v2")
                .labels(k -> k == SettingKey.ALLOWED_HOSTS ? "--allow-registry-host" : null).build().allowedHosts()).field());

        Path pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----");
        assertEquals(pem, LoginSettings.fromEnvironment(Map.of("ACR_LOGIN_CA_FILE", pem.toString())).caFile());
        assertEquals(Duration.ofSeconds(30), LoginSettings.fromEnvironment(Map.of()).timeout());
        assertEquals(Duration.ofSeconds(5), LoginSettings.fromEnvironment(Map.of("ACR_LOGIN_TIMEOUT_SECONDS", "5")).timeout());

        List<InvalidConfigurationException> all = LoginSettings.fromEnvironment(Map.of("ACR_LOGIN_CLOUD", "mars",
                "ACR_LOGIN_CA_FILE", dir.resolve("missing.pem").toString(), "ACR_LOGIN_TIMEOUT_SECONDS", "0")).problems();
        assertEquals(List.of("ACR_LOGIN_CLOUD", "ACR_LOGIN_AUTH_TYPE", "ACR_LOGIN_CA_FILE", "ACR_LOGIN_TIMEOUT_SECONDS"),
                all.stream().map(InvalidConfigurationException::field).toList());
    }

    @Test
    void secretsAreKeptAsGivenAndNeverShown() {
        LoginSettings s = LoginSettings.fromEnvironment(sp("AZURE_CLIENT_SECRET", " s3cret~ "));
        assertEquals(" s3cret~ ", ((IdentitySpec.ServicePrincipalSecret) s.identity()).clientSecret().reveal());
        assertTrue(!s.toString().contains("s3cret") && s.toString().contains("AZURE_CLIENT_SECRET=***"), s.toString());
    }

    @Test
    void tenantAndClientCanBeCheckedAlone() {
        FieldLabels form = k -> k == SettingKey.TENANT_ID ? "Directory (tenant) ID" : null;
        assertEquals(TENANT, LoginSettings.builder().set(SettingKey.TENANT_ID, TENANT).build().tenantId());
        assertNull(LoginSettings.builder().build().tenantId());
        assertEquals("Directory (tenant) ID", assertThrows(InvalidConfigurationException.class,
                () -> LoginSettings.builder().set(SettingKey.TENANT_ID, "common").labels(form).build().tenantId()).field());
        assertEquals("AZURE_CLIENT_ID", assertThrows(InvalidConfigurationException.class,
                () -> LoginSettings.builder().set(SettingKey.CLIENT_ID, "my-app").build().clientId()).field());
    }

    @Test
    void proxiesComeFromTheFaceThenTheStandardVariablesAndErrorsNameTheField() {
        URI entra = URI.create("https://login.microsoftonline.com/x");
        URI registry = URI.create("https://contoso.azurecr.io/v2/");
        ProxySettings fromRunner = LoginSettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://runner.example:3128"))
                .proxies();
        assertEquals("runner.example", fromRunner.proxyFor(registry).orElseThrow().host());

        ProxySettings own = LoginSettings.builder()
                .environment(Map.of("HTTPS_PROXY", "http://runner.example:3128", "ACR_LOGIN_NO_PROXY", "contoso.azurecr.io"))
                .set(SettingKey.PROXY, "http://own.example:8080").set(SettingKey.NO_PROXY, "login.microsoftonline.com")
                .build().proxies();
        assertEquals("own.example", own.proxyFor(registry).orElseThrow().host(), "the face's value wins");
        assertTrue(own.proxyFor(entra).isEmpty(), "the face's bypass list replaces the variable's");

        FieldLabels cli = k -> k == SettingKey.PROXY ? "--proxy" : null;
        LoginSettings badOwn = LoginSettings.builder().set(SettingKey.PROXY, "http://u:hunter2@ bad host").labels(cli)
                .build();
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, badOwn::proxies);
        assertEquals("--proxy", e.field());
        assertTrue(!e.getMessage().contains("hunter2") && !badOwn.toString().contains("hunter2"), e.getMessage());
        assertEquals(List.of("--proxy"), badOwn.problems().stream().map(InvalidConfigurationException::field)
                .filter(f -> !f.equals("ACR_LOGIN_AUTH_TYPE")).toList());
        assertEquals("HTTPS_PROXY", assertThrows(InvalidConfigurationException.class, () -> LoginSettings.builder()
                .environment(Map.of("HTTPS_PROXY", "socks5://p.example:1080")).labels(cli).build().proxies()).field(),
                "a variable the face did not take is named as the variable");
    }
}
