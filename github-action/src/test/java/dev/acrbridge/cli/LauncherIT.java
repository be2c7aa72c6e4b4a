package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/acr-login} with the shaded jar against the local stack: the first run leaves a class-data archive made
 * in the background, later runs map it, and the archive never changes what a command prints or returns.
 */
class LauncherIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(60);
    private static final String FROM_ARCHIVE = "dev.acrbridge.cli.AcrLogin source: shared objects file";
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final LocalStack stack = new LocalStack();
    static Path bin;
    static Path jar;
    private static Path trained;

    @BeforeAll
    static void start() throws IOException {
        bin = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("bin");
        assertTrue(Files.isExecutable(bin.resolve("acr-login")), "launcher in " + bin);
        Path shipped = Path.of(System.getProperty("acrLoginJar", "target/acr-login.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(shipped), "the shaded jar (mvn package) at " + shipped);
        // a private copy: a rebuild of target/ during the run would void the archive (the JVM checks size and mtime)
        jar = Files.copy(shipped, Files.createDirectories(tmp.resolve("lib")).resolve("acr-login.jar"));
    }

    @Test
    void theFirstLoginLeavesAnOwnerOnlyArchiveThatTheNextLoginMaps() throws Exception {
        Path archive = trainedArchive();
        assertEquals("rwx------", mode(archive.getParent()));
        assertTrue(Files.getPosixFilePermissions(archive).stream().noneMatch(OTHERS::contains), mode(archive));
        assertEquals(List.of(archive), entries(archive.getParent()), "no lock, list or failure marker left");

        Path home = tmp.resolve("second");
        Path classLog = tmp.resolve("second-classes.log");
        Map<String, String> env = env(home, archive.getParent());
        env.put("ACR_LOGIN_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
        assertLoggedIn(home, login(env, home));
        assertTrue(Files.readString(classLog).contains(FROM_ARCHIVE), "the second login mapped the archive");
    }

    @Test
    void aCorruptArchiveIsIgnoredAndTheLoginWorks() throws Exception {
        Path cds = Files.createDirectories(tmp.resolve("cds-corrupt"));
        Files.setPosixFilePermissions(cds, PosixFilePermissions.fromString("rwx------"));
        byte[] garbage = new byte[1 << 20];
        new SecureRandom().nextBytes(garbage);
        Path archive = Files.write(cds.resolve(trainedArchive().getFileName()), garbage);
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-------"));

        Path home = tmp.resolve("corrupt");
        Path cdsLog = tmp.resolve("corrupt-cds.log");
        Path classLog = tmp.resolve("corrupt-classes.log");
        Map<String, String> env = env(home, cds);
        env.put("ACR_LOGIN_JAVA_OPTS", "-Xlog:cds=info:file=" + cdsLog + " -Xlog:class+load=info:file=" + classLog);
        assertLoggedIn(home, login(env, home));
        assertTrue(Files.readString(cdsLog).contains("trying to map " + archive), "the launcher passed the archive");
        assertFalse(Files.readString(classLog).contains(FROM_ARCHIVE), "the JVM refused it");
    }

    @Test
    void theCredentialHelperAnswersOneJsonObjectWhileTheArchiveIsMadeInTheBackground() throws Exception {
        Path cds = tmp.resolve("cds-helper");
        Map<String, String> env = env(tmp.resolve("helper"), cds);
        Run.Result get = Run.of(bin.resolve("docker-credential-acr-login").toString(), "get").env(env)
                .stdin(stack.host()).go().ok();

        // returned (its stdout closed) while the detached dump still holds its lock
        assertTrue(entries(cds).stream().anyMatch(p -> p.getFileName().toString().endsWith(".lock")),
                "the dump runs in the background: " + entries(cds));
        List<String> lines = get.out().lines().toList();
        assertEquals(1, lines.size(), get.out());
        JsonNode answer = JSON.readTree(lines.get(0));
        assertEquals(List.of("ServerURL", "Username", "Secret"), iterable(answer.fieldNames()));
        assertEquals(stack.host(), answer.get("ServerURL").asText());
        assertEquals(RegistryCredential.NULL_GUID, answer.get("Username").asText());
        assertFalse(answer.get("Secret").asText().isEmpty());
        awaitArchive(cds);
    }

    @Test
    void aFailingCommandKeepsItsExitStatusAndOutputAndLeavesTrainingToTheNextRun() throws Exception {
        Path cds = tmp.resolve("cds-failing");
        Path home = tmp.resolve("failing");
        Map<String, String> env = env(home, cds);
        env.put("AZURE_TENANT_ID", "not a tenant");
        Run.Result r = login(env, home);
        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertEquals("", r.out());
        assertTrue(r.err().contains("AZURE_TENANT_ID"), r.err());
        assertFalse(Files.exists(home.resolve("auth.json")));
        // a usage error loads a fraction of a login's classes: no archive from it, no lock, no failure marker
        assertEquals(List.of(), entries(cds));

        Run.Result version = Run.of(bin.resolve("acr-login").toString(), "--version").env(env(home, cds)).go().ok();
        assertTrue(version.out().startsWith("acr-login "), version.out());
        assertEquals(List.of(), entries(cds), "--version does not train either");

        assertLoggedIn(home, login(env(home, cds), home));
        awaitArchive(cds);
    }

    @Test
    void cdsOffCreatesNothing() throws Exception {
        Path cds = tmp.resolve("cds-off");
        Path home = tmp.resolve("off");
        Map<String, String> env = env(home, cds);
        env.put("ACR_LOGIN_CDS", "off");
        assertLoggedIn(home, login(env, home));
        env.remove("ACR_LOGIN_CDS_DIR");
        assertLoggedIn(home, login(env, home));
        assertFalse(Files.exists(cds), "ACR_LOGIN_CDS_DIR untouched");
        assertFalse(Files.exists(home.resolve(".cache/acr-login/cds")), "default directory untouched");
    }

    @Test
    void aDirectoryOthersMayWriteToIsNotUsed() throws Exception {
        Path cds = Files.createDirectories(tmp.resolve("cds-shared"));
        Files.setPosixFilePermissions(cds, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path home = tmp.resolve("shared");
        assertLoggedIn(home, login(env(home, cds), home));
        assertEquals(List.of(), entries(cds), "nothing recorded or dumped there");
    }

    @Test
    void parallelFirstLoginsBothSucceedAndLeaveOneArchive() throws Exception {
        Path cds = tmp.resolve("cds-parallel");
        Path one = tmp.resolve("parallel-1");
        Path two = tmp.resolve("parallel-2");
        Map<String, String> envOne = env(one, cds);
        Map<String, String> envTwo = env(two, cds);
        CompletableFuture<Run.Result> first = CompletableFuture.supplyAsync(() -> login(envOne, one));
        CompletableFuture<Run.Result> second = CompletableFuture.supplyAsync(() -> login(envTwo, two));
        assertLoggedIn(one, first.get(90, TimeUnit.SECONDS));
        assertLoggedIn(two, second.get(90, TimeUnit.SECONDS));
        awaitArchive(cds);
    }

    @Test
    void aFailedDumpLeavesAMarkerAndIsRetriedOnlyAfterADay() throws Exception {
        // a JDK whose -Xshare:dump fails; everything else is the real java
        Path javaHome = Files.createDirectories(tmp.resolve("failing-jdk/bin")).getParent();
        Files.createDirectories(javaHome.resolve("lib"));
        Path realHome = Path.of(System.getProperty("java.home"));
        Files.createSymbolicLink(javaHome.resolve("lib/modules"), realHome.resolve("lib/modules"));
        Path java = Files.writeString(javaHome.resolve("bin/java"), "#!/bin/sh\n"
                + "for a in \"$@\"; do [ \"$a\" = -Xshare:dump ] && exit 1; done\n"
                + "exec '" + realHome.resolve("bin/java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path cds = tmp.resolve("cds-failing-dump");
        Map<String, String> env = env(tmp.resolve("failing-dump"), cds);
        env.put("JAVA_HOME", javaHome.toString());
        // only a run that did a login's work trains (a helper `list` or a --help never does)
        Path home = tmp.resolve("failing-dump");
        Run list = Run.of(bin.resolve("acr-login").toString(), "login", stack.host(), "--tool", "podman",
                "--auth-file", home.resolve("auth.json").toString()).env(env);

        list.go().ok();
        Path marker = awaitOnly(cds, ".failed");
        list.go().ok();
        assertEquals(List.of(marker), entries(cds), "no second attempt within a day");

        FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        Files.setLastModifiedTime(marker, longAgo);
        list.go().ok();
        Instant deadline = Instant.now().plus(DUMP_TIMEOUT);
        while (Files.getLastModifiedTime(marker).equals(longAgo) || entries(cds).size() > 1) {
            assertTrue(Instant.now().isBefore(deadline), "no retry after a day: " + entries(cds));
            Thread.sleep(200);
        }
        assertEquals(List.of(marker), entries(cds), "retried, failed again, no archive");
    }

    @Test
    void helpAndRunsThatNeverReachTheRegistryTrainNoArchive() throws Exception {
        // each of these exits 0 with login, token or credential-helper as its command, yet loads a fraction of a
        // login's classes: an archive trained on it would be thin, and kept until the jar or the JDK changes
        Path cds = tmp.resolve("cds-untrained");
        Path home = tmp.resolve("untrained");
        Map<String, String> env = env(home, cds);
        Run.of(bin.resolve("acr-login").toString(), "login", "--help").env(env).go().ok();
        Run.of(bin.resolve("acr-login").toString(), "token", "--help").env(env).go().ok();
        Run.of(bin.resolve("acr-login").toString(), "credential-helper", "version").env(env).go().ok();
        Thread.sleep(3000); // a background dump, had one started, would be under way by now
        assertEquals(List.of(), entries(cds), "no archive, lock or list from runs that did no login");

        assertLoggedIn(home, login(env, home));
        Path archive = awaitArchive(cds);
        assertTrue(Files.size(archive) > 25_000_000L, "a login's classes: " + Files.size(archive) + " bytes");
    }

    /** The archive of the first login through the launcher (run once, by whichever test needs it first). */
    private static synchronized Path trainedArchive() throws Exception {
        if (trained == null) {
            Path cds = tmp.resolve("cds-trained");
            Path home = tmp.resolve("first");
            Path classLog = tmp.resolve("first-classes.log");
            Map<String, String> env = env(home, cds);
            env.put("ACR_LOGIN_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
            assertLoggedIn(home, login(env, home));
            String loaded = Files.readString(classLog);
            assertTrue(loaded.contains("dev.acrbridge.cli.AcrLogin source: file:" + jar), "no archive yet");
            trained = awaitArchive(cds);
        }
        return trained;
    }

    private static Map<String, String> env(Path home, Path cdsDir) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(stack.env(Files.createDirectories(home)));
        env.put("ACR_LOGIN_JAR", jar.toString());
        env.put("ACR_LOGIN_CDS_DIR", cdsDir.toString());
        return env;
    }

    private static Run.Result login(Map<String, String> env, Path home) {
        return Run.of(bin.resolve("acr-login").toString(), "login", stack.host(), "--tool", "podman",
                "--auth-file", home.resolve("auth.json").toString()).env(env).go();
    }

    /** The command's own output and nothing else; the registry's refresh token written. */
    private static void assertLoggedIn(Path home, Run.Result r) throws IOException {
        r.ok();
        Path authFile = home.resolve("auth.json");
        assertEquals("REGISTRY_AUTH_FILE=" + authFile, r.out().strip());
        String auth = JSON.readTree(authFile.toFile()).path("auths").path(stack.host()).path("auth").asText();
        assertFalse(auth.isEmpty(), "token written for " + stack.host());
    }

    /** Waits (bounded) for the background dump to finish: one archive, no lock. */
    private static Path awaitArchive(Path cds) throws Exception {
        return awaitOnly(cds, ".jsa");
    }

    /** Waits (bounded) until the directory holds exactly one entry, named {@code *suffix}. */
    private static Path awaitOnly(Path cds, String suffix) throws Exception {
        Instant deadline = Instant.now().plus(DUMP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            List<Path> entries = entries(cds);
            if (!suffix.equals(".failed") && entries.stream().anyMatch(p -> p.toString().endsWith(".failed"))) {
                fail("the dump failed: " + entries);
            }
            if (entries.size() == 1 && entries.get(0).toString().endsWith(suffix)) {
                return entries.get(0);
            }
            Thread.sleep(200);
        }
        return fail("not just one *" + suffix + " within " + DUMP_TIMEOUT + ": " + entries(cds));
    }

    private static List<Path> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
