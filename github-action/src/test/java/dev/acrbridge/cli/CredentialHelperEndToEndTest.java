package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.cache.FileCredentialStore;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.login.ContainersAuthWriter;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients configured with {@code credHelpers: {HOST: "acr-login"}} run our launcher script
 * ({@code bin/docker-credential-acr-login}) for every registry session and push and pull with what it returns,
 * including after the registry token expired in the middle of the run. After {@code login --use-credential-helper}
 * the launcher answers cache hits itself: how many JVMs the helper started is counted from their class-loading logs
 * (one file per JVM).
 */
class CredentialHelperEndToEndTest {
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final LocalStack stack = new LocalStack();
    private final Clients clients = stack.clients();
    static Path launcher;
    static Map<String, String> baseEnv;

    @BeforeAll
    static void start() throws Exception {
        Path bin = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("bin");
        launcher = bin.resolve("docker-credential-acr-login");
        assertTrue(Files.isExecutable(launcher), "launcher in " + bin);
        baseEnv = new LinkedHashMap<>(stack.env(tmp.resolve("home")));
        baseEnv.put("PATH", bin + ":" + System.getenv("PATH"));
        baseEnv.put("ACR_LOGIN_CLASSPATH", Run.classPath());
    }

    /** @return the environment clients (and so the helper) run with, with a cache of the test's own */
    private static Map<String, String> helperEnv(Path cacheDir) {
        Map<String, String> env = new LinkedHashMap<>(baseEnv);
        env.put(FileCredentialStore.DIR_VARIABLE, cacheDir.toString());
        return env;
    }

    /**
     * Logs in with {@code --use-credential-helper} and returns what docker runs the helper with afterwards: where
     * things live, and no identity at all (the registry's settings file holds it).
     */
    private static Map<String, String> loggedInThroughTheHelper(String name, String... clientOptions)
            throws Exception {
        Path home = tmp.resolve("home-" + name);
        Map<String, String> loginEnv = new LinkedHashMap<>(stack.env(home));
        loginEnv.put(FileCredentialStore.DIR_VARIABLE, home.resolve("cache").toString());
        List<String> args = new java.util.ArrayList<>(List.of("login", stack.host(), "--use-credential-helper"));
        args.addAll(List.of(clientOptions));
        Run.acrLogin(args.toArray(String[]::new)).env(loginEnv).go().ok();
        Map<String, String> env = dev.acrbridge.testsvc.ClientEnvironment.privateHome(home);
        env.put("PATH", baseEnv.get("PATH"));
        env.put("ACR_LOGIN_CLASSPATH", Run.classPath());
        env.put(FileCredentialStore.DIR_VARIABLE, home.resolve("cache").toString());
        Path jvms = java.nio.file.Files.createDirectories(home.resolve("jvms"));
        env.put("ACR_LOGIN_JAVA_OPTS", "-Xlog:class+load=info:file=" + jvms + "/jvm-%p.log");
        return env;
    }

    /** @return how many helper JVMs ran with this environment */
    private static long helperJvms(Map<String, String> env) throws Exception {
        try (var files = Files.list(Path.of(env.get("HOME")).resolve("jvms"))) {
            return files.count();
        }
    }

    @Test
    void skopeoAndPodmanPushAndPullThroughTheHelperAndCacheHitsStartNoJvm() throws Exception {
        Path authFile = tmp.resolve("containers/auth.json");
        long exchangesBefore = stack.svc().count(Endpoint.ACR_EXCHANGE);
        Map<String, String> helperEnv = loggedInThroughTheHelper("containers", "--tool", "podman", "--auth-file",
                authFile.toString());
        assertEquals(exchangesBefore + 1, stack.svc().count(Endpoint.ACR_EXCHANGE), "the login's own exchange");
        String layout = clients.tinyImage("helper", "pushed through the credential helper");

        clients.skopeo("copy", "--dest-authfile", authFile.toString(), "--dest-cert-dir", stack.certDir().toString(),
                layout, "docker://" + stack.ref("helper/skopeo")).env(helperEnv).go().ok();
        String pushed = clients.skopeo("inspect", "--authfile", authFile.toString(), "--cert-dir",
                stack.certDir().toString(), "--format", "{{.Digest}}", "docker://" + stack.ref("helper/skopeo"))
                .env(helperEnv).go().ok().out().strip();
        clients.podman("push", "--cert-dir", stack.certDir().toString(), "localhost/tiny:helper",
                stack.ref("helper/podman"))
                .env(helperEnv).env("REGISTRY_AUTH_FILE", authFile.toString()).go().ok();
        clients.podman("pull", "--cert-dir", stack.certDir().toString(), stack.ref("helper/skopeo"))
                .env(helperEnv).env("REGISTRY_AUTH_FILE", authFile.toString()).go().ok();
        String pulled = clients.podman("image", "inspect", "--format", "{{json .RepoDigests}}",
                stack.ref("helper/skopeo")).go().ok().out();

        assertTrue(pulled.contains(stack.host() + "/helper/skopeo@" + pushed), pulled);
        assertEquals(exchangesBefore + 1, stack.svc().count(Endpoint.ACR_EXCHANGE),
                "four client sessions after the login, no exchange: all served from the helper's cache");
        assertEquals(0, helperJvms(helperEnv), "every get was a cache hit the launcher answered without Java");
        String config = Files.readString(authFile);
        assertTrue(config.contains("\"acr-login\"") && !config.contains("\"auth\""), "no token stored: " + config);
    }

    @Test
    void dockerPushesThroughTheHelperAndATokenExpiringMidRunIsRefreshedWithNoFailedPush() throws Exception {
        // 40 s: due for renewal after 30 s (a quarter of its life before expiry)
        stack.svc().acr().refreshTokenLifetime(Duration.ofSeconds(40));
        try {
            Path dockerConfig = tmp.resolve("docker-helper");
            Map<String, String> env = new LinkedHashMap<>(loggedInThroughTheHelper("docker", "--tool", "docker",
                    "--docker-config", dockerConfig.toString()));
            env.put("DOCKER_CONFIG", dockerConfig.toString());
            Path cacheDir = Path.of(env.get(FileCredentialStore.DIR_VARIABLE));
            String layout = clients.tinyImage("expiry", "outlives its token");
            Path archive = tmp.resolve("expiry.tar");
            clients.skopeo("copy", layout, "docker-archive:" + archive + ":tiny:expiry").go().ok();
            try (Dockerd dockerd = new Dockerd(tmp.resolve("dockerd"), stack.host(),
                    stack.certDir().resolve("ca.crt"))) {
                dockerd.docker(env, "load", "-i", archive.toString()).go().ok();
                dockerd.docker(env, "tag", "tiny:expiry", stack.ref("helper/first")).go().ok();
                dockerd.docker(env, "tag", "tiny:expiry", stack.ref("helper/second")).go().ok();

                dockerd.docker(env, "push", stack.ref("helper/first")).go().ok();
                long exchangesAfterFirst = stack.svc().count(Endpoint.ACR_EXCHANGE);
                FileCredentialStore.Entry first = new FileCredentialStore(cacheDir, Clock.systemUTC()).list()
                        .stream().filter(e -> e.loginServer().equals(stack.host())).findFirst().orElseThrow();
                String firstToken = helperGet(env).password().reveal();
                assertTrue(Duration.between(Instant.now(), first.expiresAt()).toSeconds() <= 40, "a short token");

                // the run goes on past the token's expiry
                long wait = Duration.between(Instant.now(), first.expiresAt()).toMillis() + 1500;
                Thread.sleep(Math.max(0, wait));

                dockerd.docker(env, "push", stack.ref("helper/second")).go().ok();
                assertTrue(stack.svc().count(Endpoint.ACR_EXCHANGE) > exchangesAfterFirst, "the helper re-exchanged");
                long jvmsAfterRenewal = helperJvms(env);
                assertTrue(jvmsAfterRenewal >= 1, "the due token went to Java");
                String secondToken = helperGet(env).password().reveal();
                assertNotEquals(firstToken, secondToken);
                assertEquals(jvmsAfterRenewal, helperJvms(env), "the token Java renewed is served by the launcher");

                // the first token is really dead: a login that stored it would have failed this push
                Path stale = tmp.resolve("stale/auth.json");
                new ContainersAuthWriter(stale).login(new RegistryCredential(stack.host(), RegistryCredential.NULL_GUID,
                        Secret.of(firstToken), first.expiresAt(), IdentityKind.SERVICE_PRINCIPAL_SECRET));
                Run.Result denied = clients.skopeo("inspect", "--authfile", stale.toString(), "--cert-dir",
                        stack.certDir().toString(), "docker://" + stack.ref("helper/second")).go();
                assertNotEquals(0, denied.exit(), denied.all());
            }
        } finally {
            stack.svc().acr().refreshTokenLifetime(Duration.ofHours(3));
        }
    }

    /** @return what the helper answers right now (through the launcher script, like docker runs it) */
    private RegistryCredential helperGet(Map<String, String> env) throws Exception {
        Run.Result r = Run.of(launcher.toString(), "get").env(env).stdin(stack.host()).go().ok();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(stack.host(), json.get("ServerURL").asText());
        return new RegistryCredential(stack.host(), json.get("Username").asText(),
                Secret.of(json.get("Secret").asText()), null, IdentityKind.SERVICE_PRINCIPAL_SECRET);
    }
}
