package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.credhelper.HelperSettings;
import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.EntraDirectory;
import dev.acrbridge.testsvc.Fault;
import dev.acrbridge.testsvc.RegistryStack;
import dev.acrbridge.testsvc.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real registries behind one Entra, logged in through the credential helper with two identities (a service
 * principal with a secret for A, a Kubernetes workload identity for B), relative file paths typed at login, and the
 * real docker CLI asking the helper from another working directory, with no identity in its environment.
 */
class HelperRegistriesTest {
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final LocalStack stack = new LocalStack();
    private final Clients clients = stack.clients();
    static RegistryStack second;
    static String wiClient = UUID.randomUUID().toString();
    static Path home;
    static Path loginDir;

    @BeforeAll
    static void start() throws Exception {
        second = RegistryStack.start(stack.svc());
        EntraDirectory entra = stack.svc().entra();
        String subject = "system:serviceaccount:ci:builder";
        stack.svc().acr().assign(entra.federatedPrincipal(stack.tenant(), wiClient, entra.kubernetesIssuer(), subject,
                EntraDirectory.TOKEN_EXCHANGE_AUDIENCE), Role.ACR_PUSH);
        home = tmp.resolve("home");
        // the files a user names with relative paths, in the directory the logins run in
        loginDir = Files.createDirectories(tmp.resolve("job"));
        Files.createDirectories(loginDir.resolve("certs"));
        Files.copy(stack.svc().caCertificatePem(), loginDir.resolve("certs/ca.pem"));
        Files.createDirectories(loginDir.resolve("wi"));
        Files.writeString(loginDir.resolve("wi/token"), entra.mintFederatedToken(entra.kubernetesIssuer(), subject,
                EntraDirectory.TOKEN_EXCHANGE_AUDIENCE, Duration.ofHours(1)));
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
    }

    static String a() {
        return stack.host();
    }

    static String b() {
        return second.registryHost();
    }

    /** The environment of a login: the local service, both registries trusted; the identity is the caller's. */
    static Map<String, String> loginEnv() {
        Map<String, String> env = ClientEnvironment.privateHome(home);
        env.put("AZURE_AUTHORITY_HOST", stack.svc().authorityHost().toString());
        env.put("ACR_LOGIN_ALLOWED_HOSTS", a() + "," + b());
        env.put("SSL_CERT_FILE", stack.svc().caCertificatePem().toString());
        return env;
    }

    /** What docker runs the helper with: no identity, no trusted-host list, nothing but where things live. */
    static Map<String, String> dockerEnv() {
        Map<String, String> env = ClientEnvironment.privateHome(home);
        Path bin = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("bin");
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("ACR_LOGIN_CLASSPATH", Run.classPath());
        return env;
    }

    static Run.Result loginA() {
        return Run.acrLogin("login", a(), "--tool", "docker", "--use-credential-helper", "--tenant-id", stack.tenant(),
                "--client-id", stack.clientId(), "--client-secret-stdin", "--ca-file", "certs/ca.pem")
                .env(loginEnv()).stdin(stack.clientSecret() + "\n").in(loginDir).go();
    }

    static Run.Result loginB() {
        return Run.acrLogin("login", b(), "--tool", "docker", "--use-credential-helper", "--tenant-id", stack.tenant(),
                "--client-id", wiClient, "--federated-token-file", "wi/token", "--ca-file", "certs/ca.pem")
                .env(loginEnv()).in(loginDir).go();
    }

    /** Client ids of the Entra token requests since the last clear. */
    static Set<String> entraClients() {
        return stack.svc().requestsSettled().stream().filter(r -> r.endpoint() == Endpoint.ENTRA_TOKEN)
                .map(r -> r.formValue("client_id")).collect(Collectors.toSet());
    }

    /** docker in another directory, with a cold helper cache so that the helper must renew. */
    static Run.Result dockerInspect(String registry, String repo) throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        dropCache();
        stack.svc().clearRequests();
        return Run.of("docker", "manifest", "inspect", registry + "/" + repo + ":1").env(dockerEnv()).in(elsewhere)
                .go();
    }

    static Path launcher() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("bin/docker-credential-acr-login");
    }

    static void dropCache() throws Exception {
        Path cache = home.resolve(".cache/acr-login");
        if (Files.isDirectory(cache)) {
            try (var files = Files.list(cache)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".credential") || f.toString()
                        .endsWith(".reply")).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @Test
    void twoRegistriesTwoIdentitiesEachRenewsAsItselfFromAnotherDirectoryAndSurvivesTheOthersLogout()
            throws Exception {
        loginA().ok();
        loginB().ok();
        HelperSettings helper = HelperSettings.fromEnvironment(loginEnv());
        for (Path settings : List.of(helper.fileOf(a()), helper.fileOf(b()))) {
            String text = Files.readString(settings);
            assertTrue(text.contains(loginDir.resolve("certs/ca.pem").toString().replace(":", "\\:")),
                    "absolute CA path in " + settings + ": " + text);
        }
        assertTrue(Files.readString(helper.fileOf(b())).contains(loginDir.resolve("wi/token").toString()),
                "absolute token file path");

        // push one image to each through the helper (skopeo reads the same docker config)
        String layout = clients.tinyImage("two", "two registries, two identities");
        Path config = home.resolve(".docker/config.json"); // login writes docker's own config, as docker login does
        for (String registry : List.of(a(), b())) {
            Run.Result push = clients.skopeo("copy", "--dest-authfile", config.toString(), "--dest-cert-dir",
                    stack.certDir().toString(), layout, "docker://" + registry + "/two/app:1")
                    .env(dockerEnv()).go();
            if (push.exit() != 0) {
                Run.Result get = Run.of(launcher().toString(), "get").env(dockerEnv()).stdin(registry).go();
                throw new AssertionError("push to " + registry + " (A " + a() + ", B " + b() + "): " + push.all()
                        + "\nconfig: " + Files.readString(config) + "\nhelper get: exit " + get.exit() + " "
                        + get.out().replaceAll("\"Secret\":\"[^\"]*\"", "\"Secret\":\"...\"") + get.err());
            }
        }

        Run.Result inspectA = dockerInspect(a(), "two/app");
        assertEquals(0, inspectA.exit(), inspectA.all());
        assertEquals(Set.of(stack.clientId()), entraClients(), "A renewed as the service principal");
        Run.Result inspectB = dockerInspect(b(), "two/app");
        assertEquals(0, inspectB.exit(), inspectB.all());
        assertEquals(Set.of(wiClient), entraClients(), "B renewed as the workload identity");

        Run.Result logoutB = Run.acrLogin("logout", b(), "--tool", "docker").env(loginEnv()).go().ok();
        assertTrue(logoutB.err().contains("logged out of docker"), logoutB.err());
        assertFalse(Files.exists(helper.fileOf(b())));
        assertTrue(Files.exists(helper.fileOf(a())), "A's settings untouched by B's logout");
        Run.Result afterLogout = dockerInspect(a(), "two/app");
        assertEquals(0, afterLogout.exit(), afterLogout.all());
        assertEquals(Set.of(stack.clientId()), entraClients());

        // a client that still routes B to the helper is told which login to run
        Path launcher = launcher();
        Map<String, String> routed = new LinkedHashMap<>(dockerEnv());
        routed.put("ACR_LOGIN_ALLOWED_HOSTS", b());
        Run.Result getB = Run.of(launcher.toString(), "get").env(routed).stdin(b()).go();
        assertEquals(1, getB.exit(), getB.all());
        assertTrue(getB.out().contains("acr-login login " + b() + " --use-credential-helper"), getB.out());

        Run.acrLogin("logout", a(), "--tool", "docker").env(loginEnv()).go().ok();
        assertFalse(Files.exists(helper.fileOf(a())));
    }

    @Test
    void theChildEnvironmentOfDockerLoginHoldsNoSecret() throws Exception {
        childHoldsNoSecret("/docker", "login " + a(), "--tool", "docker", "--docker-login", "--docker-config",
                tmp.resolve("docker-login-config").toString());
    }

    @Test
    void theChildEnvironmentOfHelmRegistryLoginHoldsNoSecret() throws Exception {
        childHoldsNoSecret("/helm", "registry login " + a(), "--tool", "helm", "--helm-config",
                tmp.resolve("helm-login/config.json").toString());
    }

    /**
     * Runs {@code acr-login login} with identity secrets and unrelated secrets in its environment; the client's own
     * login asks the token service, which holds that answer 4 s so that the child's environment can be read from
     * {@code /proc/PID/environ} while it runs.
     */
    private static void childHoldsNoSecret(String program, String arguments, String... toolOptions)
            throws Exception {
        Map<String, String> env = new LinkedHashMap<>(loginEnv());
        String helmDir = Path.of(new dev.acrbridge.testsvc.Helm(tmp.resolve("helm")).binary()).getParent().toString();
        env.put("PATH", helmDir + ":" + env.get("PATH"));
        env.put("AZURE_TENANT_ID", stack.tenant());
        env.put("AZURE_CLIENT_ID", stack.clientId());
        env.put("AZURE_CLIENT_SECRET", stack.clientSecret());
        env.put("ACR_LOGIN_CA_FILE", stack.svc().caCertificatePem().toString());
        env.put("ACR_PASSWORD", "decoy-acr-password-" + UUID.randomUUID());
        env.put("GITHUB_TOKEN", "decoy-github-token-" + UUID.randomUUID());
        stack.svc().faults().inject(Endpoint.ACR_TOKEN, Fault.delay(Duration.ofSeconds(4)).once());
        List<String> args = new java.util.ArrayList<>(List.of("login", a(), "--auth-type", "service-principal"));
        args.addAll(List.of(toolOptions));
        java.util.concurrent.CompletableFuture<Run.Result> login = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Run.acrLogin(args.toArray(String[]::new)).env(env).go());
        String childEnv = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (childEnv == null && !login.isDone() && System.nanoTime() < deadline) {
            childEnv = ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().orElse("").endsWith(program)
                            && String.join(" ", p.info().arguments().orElse(new String[0])).contains(arguments))
                    .findFirst().map(p -> environOf(p.pid())).orElse(null);
            Thread.sleep(50);
        }
        Run.Result result = login.get(120, java.util.concurrent.TimeUnit.SECONDS);
        stack.svc().faults().clear();
        assertEquals(0, result.exit(), result.all());
        assertTrue(childEnv != null, "saw the " + program + " " + arguments + " child");
        List<String> names = childEnv.lines().map(l -> l.substring(0, Math.max(0, l.indexOf('=')))).toList();
        assertTrue(names.contains("PATH") && names.contains("HOME"), names.toString());
        for (String secret : List.of(stack.clientSecret(), env.get("ACR_PASSWORD"), env.get("GITHUB_TOKEN"))) {
            assertFalse(childEnv.contains(secret), program + "'s environment holds a secret: " + names);
        }
        for (String name : List.of("AZURE_CLIENT_SECRET", "ACR_PASSWORD", "GITHUB_TOKEN", "AZURE_CLIENT_ID")) {
            assertFalse(names.contains(name), name + " in " + program + "'s environment: " + names);
        }
    }

    private static String environOf(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', '\n');
        } catch (java.io.IOException gone) {
            return null;
        }
    }

    @Test
    void aFileThatDoesNotExistFailsTheLoginAndWritesNothing() throws Exception {
        Path otherHome = tmp.resolve("missing-home");
        Map<String, String> env = new LinkedHashMap<>(loginEnv());
        env.putAll(ClientEnvironment.privateHome(otherHome));
        Run.Result r = Run.acrLogin("login", b(), "--tool", "docker", "--use-credential-helper", "--tenant-id",
                stack.tenant(), "--client-id", wiClient, "--federated-token-file", "wi/missing").env(env).in(loginDir)
                .go();
        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertTrue(r.err().contains("wi/missing") && r.err().contains("does not exist"), r.err());
        assertFalse(Files.exists(HelperSettings.fromEnvironment(env).fileOf(b())), "no settings written");
        assertFalse(Files.exists(otherHome.resolve(".docker/config.json")), "no routing written");
        assertNotEquals(0, r.exit());
    }
}
