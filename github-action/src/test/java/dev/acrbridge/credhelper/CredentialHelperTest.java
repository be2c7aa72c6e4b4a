package dev.acrbridge.credhelper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.cache.FileCredentialStore;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.cli.AcrLogin;
import dev.acrbridge.settings.AuthSettings;
import dev.acrbridge.testsvc.ClientProcesses;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helper protocol against a real on-disk cache. The authority host points at a closed loopback port, so any
 * answer that did not come from the cache fails visibly.
 */
class CredentialHelperTest {
    private static final String HOST = "127.0.0.1:5000";
    private static final String TOKEN = "rt-" + UUID.randomUUID();
    private static final String CLIENT_SECRET = "cs-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;
    Map<String, String> env;
    FileCredentialStore store;

    @BeforeEach
    void settings() throws Exception {
        env = new LinkedHashMap<>();
        env.put("HOME", tmp.toString());
        env.put("AZURE_TENANT_ID", UUID.randomUUID().toString());
        env.put("AZURE_CLIENT_ID", UUID.randomUUID().toString());
        env.put("AZURE_CLIENT_SECRET", CLIENT_SECRET);
        env.put("AZURE_AUTHORITY_HOST", "https://127.0.0.1:1");
        env.put("ACR_LOGIN_ALLOWED_HOSTS", HOST);
        env.put("ACR_LOGIN_TIMEOUT_SECONDS", "3");
        env.put(FileCredentialStore.DIR_VARIABLE, tmp.resolve("cache").toString());
        store = new FileCredentialStore(tmp.resolve("cache"), Clock.systemUTC());
        AuthSettings settings = AuthSettings.of(env);
        store.store(settings.cacheKey(settings.identity()), new RegistryCredential(HOST, RegistryCredential.NULL_GUID,
                Secret.of(TOKEN), Instant.now().plusSeconds(3 * 3600), IdentityKind.SERVICE_PRINCIPAL_SECRET));
    }

    private record Answer(int exit, String out) {
    }

    private Answer run(String action, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = HelperAction.run(action, env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, AcrLogin.version());
        return new Answer(exit, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void getAnswersFromTheCacheInTheProtocolShape() throws Exception {
        for (String url : List.of(HOST, "https://" + HOST, "https://" + HOST + "/")) {
            Answer a = run("get", url);
            assertEquals(0, a.exit(), a.out());
            JsonNode json = JSON.readTree(a.out());
            assertEquals(url, json.get("ServerURL").asText());
            assertEquals(RegistryCredential.NULL_GUID, json.get("Username").asText());
            assertEquals(TOKEN, json.get("Secret").asText());
        }
    }

    @Test
    void hostsThatMayNotReceiveTokensAreNotFound() {
        for (String url : List.of("https://index.docker.io/v1/", "ghcr.io", "contoso.azurecr.io.evil.example",
                "http://" + HOST)) {
            Answer a = run("get", url);
            assertEquals(1, a.exit(), url);
            assertEquals(CredentialHelper.NOT_FOUND, a.out().strip(), url);
        }
    }

    @Test
    void aStaleTokenGoesToEntraAndAFailureIsReportedOnStdoutWithoutSecrets() throws Exception {
        Answer erased = run("erase", HOST);
        assertEquals(0, erased.exit(), erased.out());
        Answer a = run("get", HOST);
        assertEquals(1, a.exit());
        assertFalse(a.out().isBlank(), "the error is on stdout");
        assertFalse(a.out().contains(CLIENT_SECRET) || a.out().contains(TOKEN), a.out());
        assertTrue(store.list().isEmpty(), "erase dropped the cached token");
    }

    @Test
    void listVersionStoreAndUnknownActions() throws Exception {
        Answer list = run("list", "");
        assertEquals(0, list.exit());
        assertEquals(Map.of(HOST, RegistryCredential.NULL_GUID), JSON.readValue(list.out(), Map.class));
        assertFalse(list.out().contains(TOKEN));

        Answer version = run("version", "");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("docker-credential-acr-login "), version.out());
        ByteArrayOutputStream viaPicocli = new ByteArrayOutputStream();
        int exit = AcrLogin.execute(new String[] {"credential-helper", "--", "version"}, env,
                java.io.InputStream.nullInputStream(), new PrintStream(viaPicocli, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, exit);
        assertEquals(version.out(), viaPicocli.toString(StandardCharsets.UTF_8), "same answer on the picocli path");

        Answer store = run("store", "{\"ServerURL\":\"" + HOST + "\",\"Username\":\"u\",\"Secret\":\"s\"}");
        assertEquals(1, store.exit());
        assertTrue(store.out().contains("does not store credentials"), store.out());

        Answer unknown = run("delete-all", "");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.out().contains("get, store, erase, list or version"), unknown.out());

        Answer empty = run("get", "");
        assertEquals(1, empty.exit());
        assertTrue(empty.out().contains("no server URL on stdin"), empty.out());
    }

    @Test
    void aSettingsFileReadableByOthersIsRefusedAndAPrivateOneIsUsed() throws Exception {
        Path settings = tmp.resolve("helper.properties");
        Files.writeString(settings, "ACR_LOGIN_ALLOWED_HOSTS=127.0.0.1:6000\n");
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-r--r--"));
        env.put(AuthSettings.SETTINGS_FILE, settings.toString());
        Answer refused = run("get", HOST);
        assertEquals(1, refused.exit());
        assertTrue(refused.out().contains("chmod 600"), refused.out());

        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-------"));
        assertEquals(CredentialHelper.NOT_FOUND, run("get", HOST).out().strip(), "the file's host list wins");
    }

    @Test
    void theLauncherServesACacheHitWithoutLoadingAzureIdentity() throws Exception {
        Path launcher = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
                .resolve("bin/docker-credential-acr-login");
        Path classLog = tmp.resolve("classes.log");
        Map<String, String> helperEnv = new LinkedHashMap<>(env);
        helperEnv.put("PATH", System.getenv("PATH"));
        helperEnv.put("ACR_LOGIN_CLASSPATH",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        helperEnv.put("ACR_LOGIN_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
        ClientProcesses.Result helper = ClientProcesses.run(List.of(launcher.toString(), "get"), helperEnv, HOST, null,
                Duration.ofSeconds(60));
        String out = helper.stdout();
        assertEquals(0, helper.exitCode(), out);
        assertEquals(TOKEN, JSON.readTree(out).get("Secret").asText());

        String loaded = Files.readString(classLog);
        assertTrue(loaded.contains("dev.acrbridge.auth.cache.FileCredentialStore"), "class loading was logged");
        for (String heavy : List.of("com.azure.", "com.microsoft.aad.msal4j.", "reactor.", "picocli.",
                "com.fasterxml.jackson.databind.")) {
            assertFalse(loaded.contains(" " + heavy), heavy + " was loaded on the cache-hit path");
        }
    }
}
