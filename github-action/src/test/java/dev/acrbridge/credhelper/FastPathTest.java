package dev.acrbridge.credhelper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
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
 * {@code bin/docker-credential-acr-login get} answers a cache hit itself, and only with a reply Java wrote for that
 * exact host; every other request, spelling or file state goes to Java and gets Java's answer. Whether Java ran is
 * seen from its class-loading log (one file per JVM). The authority host is a closed port: a Java answer can only
 * come from the cache Java keeps.
 */
class FastPathTest {
    private static final String HOST = "registry.example:5000";
    private static final Path LAUNCHER = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
            .resolve("bin/docker-credential-acr-login");
    @TempDir
    Path tmp;
    Map<String, String> env;
    Path cache;
    Path jvmLogs;
    String token;

    @BeforeEach
    void loggedIn() throws Exception {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("AZURE_TENANT_ID", UUID.randomUUID().toString());
        identity.put("AZURE_CLIENT_ID", UUID.randomUUID().toString());
        identity.put("AZURE_CLIENT_SECRET", "cs-" + UUID.randomUUID());
        identity.put("AZURE_AUTHORITY_HOST", "https://127.0.0.1:1");
        identity.put("ACR_LOGIN_ALLOWED_HOSTS", HOST + ",registry.examp1e:5000");
        identity.put("ACR_LOGIN_TIMEOUT_SECONDS", "2");
        env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", tmp.resolve("home").toString());
        env.put("XDG_CONFIG_HOME", tmp.resolve("home/.config").toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("home/.cache").toString());
        env.put("ACR_LOGIN_CLASSPATH", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")));
        jvmLogs = Files.createDirectories(tmp.resolve("jvms"));
        env.put("ACR_LOGIN_JAVA_OPTS", "-Xlog:class+load=info:file=" + jvmLogs + "/jvm-%p.log");
        cache = tmp.resolve("home/.cache/acr-login");

        // what `acr-login login HOST --use-credential-helper` leaves: the registry's settings and a cached token
        Map<String, String> portable = HelperSettings.portable(AuthSettings.of(identity));
        HelperSettings.fromEnvironment(env).write(HOST, portable);
        token = "rt-" + UUID.randomUUID();
        AuthSettings settings = AuthSettings.of(portable);
        new FileCredentialStore(cache, Clock.systemUTC()).store(settings.cacheKey(settings.identity()),
                new RegistryCredential(HOST, RegistryCredential.NULL_GUID, Secret.of(token),
                        Instant.now().plus(Duration.ofHours(3)), IdentityKind.SERVICE_PRINCIPAL_SECRET));
    }

    private record Answer(int exit, String out, boolean javaRan) {
    }

    /** Through the launcher, as docker runs it. */
    private Answer launcher(String stdin) throws Exception {
        return launcher(stdin, env);
    }

    private Answer launcher(String stdin, Map<String, String> environment) throws Exception {
        long before = jvmCount();
        ClientProcesses.Result r = ClientProcesses.run(List.of(LAUNCHER.toString(), "get"), environment, stdin, null,
                Duration.ofSeconds(60));
        return new Answer(r.exitCode(), r.stdout(), jvmCount() > before);
    }

    /** Java's own answer to the same request (in process). */
    private Answer java(String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = HelperAction.run("get", env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                AcrLogin.version());
        return new Answer(exit, out.toString(StandardCharsets.UTF_8), true);
    }

    private long jvmCount() throws Exception {
        try (var files = Files.list(jvmLogs)) {
            return files.count();
        }
    }

    private Path reply() {
        return cache.resolve(HOST + ".reply");
    }

    private String expected(String serverUrl) {
        return "{\"ServerURL\":\"" + serverUrl + "\",\"Username\":\"" + RegistryCredential.NULL_GUID
                + "\",\"Secret\":\"" + token + "\"}\n";
    }

    /** A miss goes to Java, which answers and leaves the reply; the next identical request is served by sh. */
    private void warm() throws Exception {
        Answer first = launcher(HOST);
        assertEquals(0, first.exit(), first.out());
        assertTrue(first.javaRan(), "nothing to serve yet: Java answered");
        assertEquals(expected(HOST), first.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(reply())));
        Answer hit = launcher(HOST);
        assertEquals(new Answer(0, expected(HOST), false), hit, "served without a JVM, byte for byte");
    }

    /** The request goes to Java and the launcher prints exactly what Java prints. */
    private void fallsThroughToJava(String serverUrl, String why) throws Exception {
        Answer a = launcher(serverUrl);
        assertTrue(a.javaRan(), why + ": Java must answer");
        Answer java = java(serverUrl);
        assertEquals(java.exit(), a.exit(), why + ": " + a.out());
        assertEquals(java.out(), a.out(), why);
    }

    @Test
    void aCacheHitIsServedWithoutJavaAndOtherSpellingsGetJavasAnswer() throws Exception {
        warm();
        fallsThroughToJava("https://" + HOST, "https:// spelling");
        assertEquals(expected("https://" + HOST), launcher("https://" + HOST).out(), "Java echoes the spelling");
        fallsThroughToJava(HOST + "/", "trailing slash");
        fallsThroughToJava(HOST.toUpperCase(java.util.Locale.ROOT), "upper case");
        fallsThroughToJava(" " + HOST, "leading space");
        fallsThroughToJava(HOST + "\n" + HOST, "two lines");
        Answer notFound = launcher("registry.example.evil:5000");
        assertTrue(notFound.javaRan());
        assertEquals(new Answer(1, CredentialHelper.NOT_FOUND + "\n", true), notFound, "a look-alike host");
        assertEquals(new Answer(0, expected(HOST), false), launcher(HOST), "the plain host is still served by sh");
    }

    @Test
    void aReplyCopiedToALookAlikeHostIsNotServed() throws Exception {
        warm();
        Path lookAlike = cache.resolve("registry.examp1e:5000.reply");
        Files.copy(reply(), lookAlike, StandardCopyOption.COPY_ATTRIBUTES);
        fallsThroughToJava("registry.examp1e:5000", "a copy under another host's name");
        assertEquals(1, java("registry.examp1e:5000").exit(), "Java: no settings, no identity for that host");
    }

    @Test
    void aReplyNotOursNotPrivateALinkDueOrDamagedGoesToJava() throws Exception {
        warm();
        UserPrincipal nobody = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(reply(), nobody);
        fallsThroughToJava(HOST, "a reply owned by another user");
        assertEquals(new Answer(0, expected(HOST), false), launcher(HOST), "Java rewrote it: ours again");

        Files.setPosixFilePermissions(reply(), PosixFilePermissions.fromString("rw-r--r--"));
        fallsThroughToJava(HOST, "mode 0644");
        assertEquals(new Answer(0, expected(HOST), false), launcher(HOST));

        Path elsewhere = Files.move(reply(), tmp.resolve("elsewhere.reply"));
        Files.createSymbolicLink(reply(), elsewhere);
        fallsThroughToJava(HOST, "a symlink");
        assertFalse(Files.isSymbolicLink(reply()), "replaced by a file of ours");
        assertEquals(new Answer(0, expected(HOST), false), launcher(HOST));

        List<String> lines = Files.readAllLines(reply());
        Files.writeString(reply(), (Instant.now().getEpochSecond() - 1) + "\n" + lines.get(1) + "\n" + lines.get(2)
                + "\n");
        fallsThroughToJava(HOST, "a reply due for renewal");
        assertEquals(new Answer(0, expected(HOST), false), launcher(HOST));

        byte[] whole = Files.readAllBytes(reply());
        Files.write(reply(), java.util.Arrays.copyOf(whole, whole.length - 10));
        fallsThroughToJava(HOST, "a cut-off reply");
        assertEquals(new Answer(0, expected(HOST), false), launcher(HOST));

        Files.writeString(reply(), "garbage\n");
        fallsThroughToJava(HOST, "garbage");

        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
        fallsThroughToJava(HOST, "a cache directory others can read");
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aReplyOfAnotherSettingsFileOrUnderExplicitSettingsGoesToJava() throws Exception {
        warm();
        Map<String, String> otherSettings = new LinkedHashMap<>(env);
        otherSettings.put(HelperSettings.DIR_VARIABLE, tmp.resolve("other-settings").toString());
        assertTrue(launcher(HOST, otherSettings).javaRan(), "another settings directory: not this reply's");

        Map<String, String> explicit = new LinkedHashMap<>(env);
        Path file = Files.writeString(tmp.resolve("explicit.properties"), "ACR_LOGIN_ALLOWED_HOSTS=\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        explicit.put(AuthSettings.SETTINGS_FILE, file.toString());
        assertTrue(launcher(HOST, explicit).javaRan(), "ACR_LOGIN_SETTINGS: Java decides");

        HelperSettings.fromEnvironment(env).remove(HOST);
        Answer loggedOut = launcher(HOST);
        assertTrue(loggedOut.javaRan(), "the settings file is gone: the reply is not served");
        assertEquals(new Answer(1, CredentialHelper.NOT_FOUND + "\n", true), loggedOut,
                "a host nothing trusts any more: the client goes on without");
        Map<String, String> trusted = new LinkedHashMap<>(env);
        trusted.put("ACR_LOGIN_ALLOWED_HOSTS", HOST);
        Answer routed = launcher(HOST, trusted);
        assertEquals(1, routed.exit(), routed.out());
        assertTrue(routed.out().contains("acr-login login " + HOST + " --use-credential-helper"), routed.out());
    }
}
