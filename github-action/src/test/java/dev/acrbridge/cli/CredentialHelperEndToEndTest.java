package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.cache.FileCredentialStore;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.login.ContainersAuthWriter;
import dev.acrbridge.auth.login.DockerConfigWriter;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.credhelper.CredentialHelper;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients configured with {@code credHelpers: {HOST: "acr-login"}} run our launcher script
 * ({@code bin/docker-credential-acr-login}) for every registry session and push and pull with what it returns,
 * including after the registry token expired in the middle of the run.
 */
class CredentialHelperEndToEndTest {
    @TempDir
    static Path tmp;
    static LocalStack stack;
    static Clients clients;
    static Path launcher;
    static Map<String, String> baseEnv;

    @BeforeAll
    static void start() throws Exception {
        stack = new LocalStack(Role.ACR_PUSH);
        clients = new Clients(tmp.resolve("clients"), stack.certDir());
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

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void skopeoAndPodmanPushAndPullThroughTheHelper() throws Exception {
        Path authFile = tmp.resolve("containers/auth.json");
        new ContainersAuthWriter(authFile).useCredentialHelper(stack.host(), CredentialHelper.NAME);
        Map<String, String> helperEnv = helperEnv(tmp.resolve("cache-containers"));
        String layout = clients.tinyImage("helper", "pushed through the credential helper");
        long exchangesBefore = stack.svc.count(Endpoint.ACR_EXCHANGE);

        clients.skopeo("copy", "--dest-authfile", authFile.toString(), "--dest-cert-dir", stack.certDir().toString(),
                layout, "docker://" + stack.ref("helper/skopeo")).env(helperEnv).go().ok();
        String pushed = clients.skopeo("inspect", "--authfile", authFile.toString(), "--cert-dir",
                stack.certDir().toString(), "--format", "{{.Digest}}", "docker://" + stack.ref("helper/skopeo"))
                .env(helperEnv).go().ok().out().strip();
        clients.podman("pull", "--cert-dir", stack.certDir().toString(), stack.ref("helper/skopeo"))
                .env(helperEnv).env("REGISTRY_AUTH_FILE", authFile.toString()).go().ok();
        String pulled = clients.podman("image", "inspect", "--format", "{{json .RepoDigests}}",
                stack.ref("helper/skopeo")).go().ok().out();

        assertTrue(pulled.contains(stack.host() + "/helper/skopeo@" + pushed), pulled);
        assertEquals(exchangesBefore + 1, stack.svc.count(Endpoint.ACR_EXCHANGE),
                "three client sessions, one exchange: later gets were served from the helper's cache");
        String config = Files.readString(authFile);
        assertTrue(config.contains("\"acr-login\"") && !config.contains("\"auth\""), "no token stored: " + config);
    }

    @Test
    void dockerPushesThroughTheHelperAndATokenExpiringMidRunIsRefreshedWithNoFailedPush() throws Exception {
        stack.svc.acr().refreshTokenLifetime(Duration.ofSeconds(20));
        try {
            Path dockerConfig = tmp.resolve("docker-helper");
            DockerConfigWriter.isolated(dockerConfig, null).useCredentialHelper(stack.host(), CredentialHelper.NAME);
            String layout = clients.tinyImage("expiry", "outlives its token");
            Path archive = tmp.resolve("expiry.tar");
            clients.skopeo("copy", layout, "docker-archive:" + archive + ":tiny:expiry").go().ok();
            Path cacheDir = tmp.resolve("cache-docker");
            Map<String, String> env = new LinkedHashMap<>(helperEnv(cacheDir));
            env.put("DOCKER_CONFIG", dockerConfig.toString());
            try (Dockerd dockerd = new Dockerd(tmp.resolve("dockerd"), stack.host(),
                    stack.certDir().resolve("ca.crt"))) {
                dockerd.docker(env, "load", "-i", archive.toString()).go().ok();
                dockerd.docker(env, "tag", "tiny:expiry", stack.ref("helper/first")).go().ok();
                dockerd.docker(env, "tag", "tiny:expiry", stack.ref("helper/second")).go().ok();

                dockerd.docker(env, "push", stack.ref("helper/first")).go().ok();
                long exchangesAfterFirst = stack.svc.count(Endpoint.ACR_EXCHANGE);
                FileCredentialStore.Entry first = new FileCredentialStore(cacheDir, Clock.systemUTC()).list()
                        .stream().filter(e -> e.loginServer().equals(stack.host())).findFirst().orElseThrow();
                String firstToken = helperGet(env).password().reveal();
                assertTrue(Duration.between(Instant.now(), first.expiresAt()).toSeconds() <= 20, "a short token");

                // the run goes on past the token's expiry
                long wait = Duration.between(Instant.now(), first.expiresAt()).toMillis() + 1500;
                Thread.sleep(Math.max(0, wait));

                dockerd.docker(env, "push", stack.ref("helper/second")).go().ok();
                assertTrue(stack.svc.count(Endpoint.ACR_EXCHANGE) > exchangesAfterFirst, "the helper re-exchanged");
                String secondToken = helperGet(env).password().reveal();
                assertNotEquals(firstToken, secondToken);

                // the first token is really dead: a login that stored it would have failed this push
                Path stale = tmp.resolve("stale/auth.json");
                new ContainersAuthWriter(stale).login(new RegistryCredential(stack.host(), RegistryCredential.NULL_GUID,
                        Secret.of(firstToken), first.expiresAt(), IdentityKind.SERVICE_PRINCIPAL_SECRET));
                Run.Result denied = clients.skopeo("inspect", "--authfile", stale.toString(), "--cert-dir",
                        stack.certDir().toString(), "docker://" + stack.ref("helper/second")).go();
                assertNotEquals(0, denied.exit(), denied.all());
            }
        } finally {
            stack.svc.acr().refreshTokenLifetime(Duration.ofHours(3));
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
