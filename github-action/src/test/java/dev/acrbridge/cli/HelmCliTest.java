package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.cache.FileCredentialStore;
import dev.acrbridge.auth.login.HelmRegistryWriter;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.ClientProcesses;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Helm;
import dev.acrbridge.testsvc.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real helm 4 publishing charts through every way {@code acr-login} logs it in: {@code helm registry login
 * --password-stdin} (helm on PATH), the {@code HELM_REGISTRY_CONFIG} file (no helm on PATH), and the credential helper
 * named in helm's registry config, which outlives a token that expired between two pushes.
 */
class HelmCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final LocalStack stack = new LocalStack();
    private final Helm helm = stack.helm();
    @TempDir
    Path home;

    private static Map<String, String> vars(String stdout) {
        Map<String, String> vars = new LinkedHashMap<>();
        stdout.lines().filter(l -> l.contains("=")).forEach(l -> vars.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1)));
        return vars;
    }

    /** @return helm's environment for a chart job: a private home, the registry config acr-login printed */
    private Map<String, String> helmEnv(Map<String, String> vars) {
        Map<String, String> env = ClientEnvironment.privateHome(home.resolve("helm-job"));
        env.put(HelmRegistryWriter.CONFIG_VARIABLE, vars.get(HelmRegistryWriter.CONFIG_VARIABLE));
        return env;
    }

    private static List<LoggedRequest> helmTokenRequests() {
        return stack.svc().requestsSettled().stream().filter(r -> r.endpoint() == Endpoint.ACR_TOKEN)
                .filter(r -> String.valueOf(r.header("User-Agent")).startsWith("Helm/")).toList();
    }

    private void pushAndPullBack(String name, Map<String, String> env) throws Exception {
        Path chart = helm.packageChart(name, "1.0.0", name + " " + Instant.now());
        Helm.Transfer pushed = helm.push(chart, stack.host(), env, stack.svc().caCertificatePem());
        Helm.Transfer pulled = helm.pull(stack.host(), name, "1.0.0", env, stack.svc().caCertificatePem());
        assertEquals(stack.host() + "/charts/" + name + ":1.0.0", pushed.reference());
        assertEquals(pushed.digest(), pulled.digest(), "the chart pulled back is the chart pushed");
        assertEquals(Helm.sha256(chart), Helm.sha256(helm.pulledArchive(name, "1.0.0")));
    }

    @Test
    void withHelmOnPathTheLoginIsHelmRegistryLoginAndHelmPublishes() throws Exception {
        Map<String, String> env = stack.env(home);
        assertTrue(env.get("PATH").contains(Path.of(helm.binary()).getParent().toString()), "helm is on PATH");
        stack.svc().clearRequests();

        Run.Result r = Run.acrLogin("login", stack.host(), "--tool", "helm").env(env).go().ok();

        List<LoggedRequest> loginCalls = helmTokenRequests();
        assertFalse(loginCalls.isEmpty(), "helm registry login itself asked the token endpoint");
        // helm 4 (oras-go v2) forces OAuth2: POST grant_type=password with the null GUID + refresh token pair
        assertTrue(loginCalls.stream().allMatch(c -> c.method().equals("POST") && c.status() == 200
                && "password".equals(c.formValue("grant_type"))
                && RegistryCredential.NULL_GUID.equals(c.formValue("username"))), loginCalls.toString());
        Map<String, String> vars = vars(r.out());
        assertEquals(home.resolve(".config/helm/registry/config.json").toString(),
                vars.get(HelmRegistryWriter.CONFIG_VARIABLE));
        pushAndPullBack("via-helm-login", helmEnv(vars));
        assertFalse(r.all().contains(stack.clientSecret()));
    }

    @Test
    void withoutHelmOnPathTheRegistryConfigIsWrittenAndHelmPublishesWithIt() throws Exception {
        Map<String, String> env = stack.env(home);
        env.put("PATH", "/usr/bin:/bin"); // helm lives in .tools/bin only
        stack.svc().clearRequests();

        Run.Result r = Run.acrLogin("login", stack.host(), "--tool", "helm").env(env).go().ok();

        assertTrue(helmTokenRequests().isEmpty(), "no helm ran: the file was written directly");
        Map<String, String> vars = vars(r.out());
        Path config = Path.of(vars.get(HelmRegistryWriter.CONFIG_VARIABLE));
        String auth = JSON.readTree(config.toFile()).path("auths").path(stack.host()).path("auth").asText();
        assertTrue(new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8)
                .startsWith(RegistryCredential.NULL_GUID + ":"));
        pushAndPullBack("via-config-file", helmEnv(vars));
    }

    @Test
    void helmThroughTheCredentialHelperSurvivesATokenThatExpiredBetweenTwoPushes() throws Exception {
        stack.svc().acr().refreshTokenLifetime(Duration.ofSeconds(20));
        try {
            Path bin = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("bin");
            Map<String, String> env = new LinkedHashMap<>(stack.env(home));
            env.put("PATH", bin + ":" + env.get("PATH"));
            env.put("ACR_LOGIN_CLASSPATH", Run.classPath());
            Path cacheDir = home.resolve("helper-cache");
            env.put(FileCredentialStore.DIR_VARIABLE, cacheDir.toString());

            Run.Result r = Run.acrLogin("login", stack.host(), "--tool", "helm", "--use-credential-helper")
                    .env(env).go().ok();
            Map<String, String> vars = vars(r.out());
            Path config = Path.of(vars.get(HelmRegistryWriter.CONFIG_VARIABLE));
            String written = Files.readString(config);
            assertEquals("acr-login", JSON.readTree(written).path("credHelpers").path(stack.host()).asText(), written);
            assertFalse(written.contains("\"auth\""), "no token stored: " + written);

            // helm runs the helper with its own environment: PATH to find it, the settings login printed
            Map<String, String> job = helmEnv(vars);
            job.put("PATH", env.get("PATH"));
            job.put("ACR_LOGIN_CLASSPATH", Run.classPath());
            vars.forEach((k, v) -> {
                if (k.startsWith("ACR_LOGIN_")) { // where login left the helper's settings for this registry
                    job.put(k, v);
                }
            });
            job.put(FileCredentialStore.DIR_VARIABLE, cacheDir.toString());

            Path first = helm.packageChart("helper-first", "1.0.0", "first push");
            Helm.Transfer pushedFirst = helm.push(first, stack.host(), job, stack.svc().caCertificatePem());
            FileCredentialStore.Entry cached = new FileCredentialStore(cacheDir, Clock.systemUTC()).list().stream()
                    .filter(e -> e.loginServer().equals(stack.host())).findFirst().orElseThrow();
            String firstToken = helperSecret(job);
            assertTrue(Duration.between(Instant.now(), cached.expiresAt()).toSeconds() <= 20, "a short token");

            // the chart job goes on past the token's expiry
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), cached.expiresAt()).toMillis() + 1500));
            Map<String, String> stale = helmEnv(vars);
            Path staleConfig = home.resolve("stale.json");
            Files.writeString(staleConfig, "{\"auths\":{\"" + stack.host() + "\":{\"auth\":\"" + Base64.getEncoder()
                    .encodeToString((RegistryCredential.NULL_GUID + ":" + firstToken).getBytes(StandardCharsets.UTF_8))
                    + "\"}}}");
            stale.put(HelmRegistryWriter.CONFIG_VARIABLE, staleConfig.toString());
            ClientProcesses.Result denied = helm.run(stale, "pull", "oci://" + stack.host() + "/charts/helper-first",
                    "--version", "1.0.0", "--ca-file", stack.svc().caCertificatePem().toString(), "--destination",
                    home.toString());
            assertNotEquals(0, denied.exitCode(), "the first token is really dead: " + denied.both());

            Path second = helm.packageChart("helper-second", "1.0.0", "second push");
            stack.svc().clearRequests();
            Helm.Transfer pushedSecond = helm.push(second, stack.host(), job, stack.svc().caCertificatePem());
            Helm.Transfer pulled = helm.pull(stack.host(), "helper-first", "1.0.0", job,
                    stack.svc().caCertificatePem());

            assertTrue(stack.svc().count(Endpoint.ACR_EXCHANGE) > 0, "the helper re-exchanged");
            List<LoggedRequest> helperCalls = helmTokenRequests();
            assertFalse(helperCalls.isEmpty());
            // helm push/pull send what the helper returned (null GUID + the fresh token) as Basic on GET
            String fresh = helperSecret(job);
            String basic = "Basic " + Base64.getEncoder().encodeToString((RegistryCredential.NULL_GUID + ":" + fresh)
                    .getBytes(StandardCharsets.UTF_8));
            assertTrue(helperCalls.stream().allMatch(c -> c.method().equals("GET") && c.status() == 200
                    && basic.equals(c.header("Authorization"))), "every helm token request used the fresh token");
            assertNotEquals(firstToken, fresh);
            assertEquals(pushedFirst.digest(), pulled.digest());
            assertEquals(stack.host() + "/charts/helper-second:1.0.0", pushedSecond.reference());
        } finally {
            stack.svc().acr().refreshTokenLifetime(Duration.ofHours(3));
        }
    }

    /** @return what the helper answers right now (run as helm runs it: the launcher, the URL on stdin) */
    private static String helperSecret(Map<String, String> env) throws Exception {
        Path launcher = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
                .resolve("bin/docker-credential-acr-login");
        Run.Result r = Run.of(launcher.toString(), "get").env(env).stdin(stack.host()).go().ok();
        return JSON.readTree(r.out()).path("Secret").asText();
    }
}
