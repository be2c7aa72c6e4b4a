package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.diagnostics.UntrustedRegistryException;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.settings.AuthSettings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Options become the same settings map the environment gives, and shared-auth resolves the identity from it. */
class IdentityOptionsTest {
    private static final String TENANT = "11111111-2222-3333-4444-555555555555";
    private static final String CLIENT = "66666666-7777-8888-9999-000000000000";
    @TempDir
    Path tmp;

    private static AuthSettings parse(Map<String, String> env, String stdin, String... args) throws Exception {
        IdentityOptions options = new IdentityOptions();
        new CommandLine(options).parseArgs(args);
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return options.settings(env, in);
    }

    @Test
    void optionsOverrideTheEnvironmentAndTheSecretComesFromStdin() throws Exception {
        AuthSettings s = parse(Map.of("AZURE_TENANT_ID", "env-tenant.example", "AZURE_CLIENT_ID", "x"),
                "s3cret\r\nignored second line", "--tenant-id", TENANT, "--client-id", CLIENT,
                "--client-secret-stdin");
        IdentitySpec.ServicePrincipalSecret sp = (IdentitySpec.ServicePrincipalSecret) s.identity();
        assertEquals(TENANT, sp.tenantId());
        assertEquals(CLIENT, sp.clientId());
        assertEquals("s3cret", sp.clientSecret().reveal());
    }

    @Test
    void aSecretFileAndTheManagedIdentityShortcut() throws Exception {
        Path file = Files.writeString(tmp.resolve("secret"), "from-file\n");
        AuthSettings s = parse(Map.of(), "", "--tenant-id", TENANT, "--client-id", CLIENT, "--client-secret-file",
                file.toString());
        assertEquals("from-file", ((IdentitySpec.ServicePrincipalSecret) s.identity()).clientSecret().reveal());

        AuthSettings mi = parse(Map.of("ACR_AUTH_TYPE", "auto"), "", "--managed-identity-id", CLIENT);
        IdentitySpec.ManagedIdentity identity = (IdentitySpec.ManagedIdentity) mi.identity();
        assertEquals(CLIENT, identity.userAssigned().value());
        assertEquals(IdentitySpec.UserAssignedId.Type.CLIENT_ID, identity.userAssigned().type());
    }

    @Test
    void oneSecretPerStdinAndNoEmptySecrets() {
        InvalidConfigurationException both = assertThrows(InvalidConfigurationException.class,
                () -> parse(Map.of(), "x", "--client-secret-stdin", "--password-stdin"));
        assertTrue(both.getMessage().contains("--password-stdin"), both.getMessage());
        InvalidConfigurationException empty = assertThrows(InvalidConfigurationException.class,
                () -> parse(Map.of(), "\n", "--client-secret-stdin"));
        assertTrue(empty.getMessage().contains("--client-secret-stdin") && empty.getMessage().contains("empty"),
                empty.getMessage());
    }

    @Test
    void registrySettingsDecideTrustCloudAndCacheKey() throws Exception {
        AuthSettings s = parse(Map.of("ACR_LOGIN_ALLOWED_HOSTS", "registry.internal:8443"), "",
                "--allow-registry-host", "127.0.0.1:5000", "--authority-host", "https://login.internal");
        assertEquals("127.0.0.1:5000", s.trust().resolve("127.0.0.1:5000").authority());
        assertEquals("registry.internal:8443", s.trust().resolve("https://registry.internal:8443/").authority());
        assertEquals("contoso.azurecr.io", s.trust().resolve("contoso").authority());
        assertThrows(UntrustedRegistryException.class, () -> s.trust().resolve("contoso.azurecr.io.evil.example"));
        assertEquals("https://login.internal", s.cloud().authorityHost().toString());

        AuthSettings china = parse(Map.of(), "", "--cloud", "china");
        assertEquals("contoso.azurecr.cn", china.trust().resolve("contoso").authority());
        IdentitySpec same = new IdentitySpec.ManagedIdentity(null);
        assertNotEquals(s.cacheKey(same), china.cacheKey(same), "tokens of different clouds never mix");

        InvalidConfigurationException cloud = assertThrows(InvalidConfigurationException.class,
                () -> parse(Map.of(), "", "--cloud", "mars").cloud());
        assertTrue(cloud.getMessage().startsWith("--cloud: "), cloud.getMessage());
        InvalidConfigurationException timeout = assertThrows(InvalidConfigurationException.class,
                () -> parse(Map.of(), "", "--timeout", "forever").acrAuth());
        assertTrue(timeout.getMessage().startsWith("--timeout: "), timeout.getMessage());
    }

    @Test
    void portableValuesKeepIdentityAndTrustButNotTheRestOfTheEnvironment() throws Exception {
        AuthSettings s = parse(Map.of("PATH", "/usr/bin", "HOME", "/h", "GITHUB_TOKEN", "ghs_x",
                "ACTIONS_ID_TOKEN_REQUEST_URL", "http://127.0.0.1/oidc", "ACR_LOGIN_SETTINGS", "/old.properties"),
                "", "--tenant-id", TENANT, "--client-id", CLIENT, "--allow-registry-host", "127.0.0.1:5000");
        assertEquals(Map.of("AZURE_TENANT_ID", TENANT, "AZURE_CLIENT_ID", CLIENT,
                "ACTIONS_ID_TOKEN_REQUEST_URL", "http://127.0.0.1/oidc",
                "ACR_LOGIN_ALLOWED_HOSTS", "127.0.0.1:5000"), s.portableValues());
    }

    @Test
    void theCacheKeyChangesWithTheSecretButNeverShowsIt() throws Exception {
        Map<String, String> env = Map.of("AZURE_TENANT_ID", TENANT, "AZURE_CLIENT_ID", CLIENT);
        AuthSettings right = parse(env, "right-secret-value", "--client-secret-stdin");
        AuthSettings again = parse(env, "right-secret-value", "--client-secret-stdin");
        AuthSettings wrong = parse(env, "wrong-secret-value", "--client-secret-stdin");
        String key = right.cacheKey(right.identity());
        assertEquals(key, again.cacheKey(again.identity()));
        assertNotEquals(key, wrong.cacheKey(wrong.identity()));
        assertTrue(!key.contains("right-secret-value"), key);
    }
}
