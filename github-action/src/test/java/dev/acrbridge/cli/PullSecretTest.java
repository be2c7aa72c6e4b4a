package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.login.KubernetesPullSecret;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.testsvc.Executables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acr-login pull-secret} for a service principal, a repository-scoped token and an Entra refresh token: the
 * manifest is what the real kubectl 1.33 writes for the same values, and its decoded {@code .dockerconfigjson} is an
 * auth file skopeo really pushes with.
 */
class PullSecretTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA = Pattern.compile("(?m)^  \\.dockerconfigjson: (\\S+)$");
    @TempDir
    static Path shared;
    @RegisterExtension
    static final LocalStack stack = new LocalStack();
    private final Clients clients = stack.clients();
    static String layout;
    static String kubectl;
    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        layout = stack.clients().tinyImage("pull-secret", "pushed with a pull secret's auth file");
        kubectl = Executables.find("kubectl", "run .ci/install-packages: kubectl v1.33.9 into .tools/bin");
        String version = Run.of(kubectl, "version", "--client").env("HOME", shared.toString()).go().ok().out();
        assertTrue(version.contains("Client Version: v1.33.9"), kubectl + " is not the pinned kubectl: " + version);
    }

    /** @return what the real kubectl writes for the same secret (test values only on its command line) */
    private String kubectlCreate(String format, String namespace, String username, String password) {
        Run.Result r = Run.of(kubectl, "create", "secret", "docker-registry", "acr-pull", "--namespace", namespace,
                "--docker-server=" + stack.host(), "--docker-username=" + username, "--docker-password=" + password,
                "--dry-run=client", "-o", format).env("HOME", home.toString()).env("KUBECONFIG",
                home.resolve("no-kubeconfig").toString()).go().ok();
        return r.out();
    }

    private static String decodedConfig(String yaml) {
        Matcher m = DATA.matcher(yaml);
        assertTrue(m.find(), yaml);
        return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
    }

    /** Writes the decoded .dockerconfigjson as an auth file and pushes a real image with skopeo through it. */
    private void pushWith(String dockerConfigJson, String repository) throws Exception {
        Path authFile = Files.writeString(home.resolve("pull-secret-auth.json"), dockerConfigJson);
        clients.skopeo("copy", "--dest-authfile", authFile.toString(), "--dest-cert-dir", stack.certDir().toString(),
                layout, "docker://" + stack.ref(repository)).go().ok();
        String digest = clients.remoteDigest(stack.ref(repository), authFile);
        assertTrue(digest.startsWith("sha256:"), digest);
    }

    private static JsonNode entry(String dockerConfigJson, String host) throws Exception {
        return JSON.readTree(dockerConfigJson).path("auths").path(host);
    }

    @Test
    void servicePrincipalSecretIsExactlyWhatKubectlWritesAndPushes() throws Exception {
        Run.Result yaml = Run.acrLogin("pull-secret", stack.host(), "--name", "acr-pull", "--namespace", "apps",
                "--credential", "service-principal").env(stack.env(home)).go().ok();
        Run.Result json = Run.acrLogin("pull-secret", stack.host(), "--name", "acr-pull", "--namespace", "apps",
                "--credential", "service-principal", "--output", "json").env(stack.env(home)).go().ok();

        assertEquals(kubectlCreate("yaml", "apps", stack.clientId(), stack.clientSecret()), yaml.out());
        assertEquals(kubectlCreate("json", "apps", stack.clientId(), stack.clientSecret()), json.out());
        String config = decodedConfig(yaml.out());
        assertEquals(stack.clientId(), entry(config, stack.host()).path("username").asText());
        assertFalse(yaml.out().contains(KubernetesPullSecret.SHORT_LIVED_ANNOTATION), "lives as long as the secret");
        assertTrue(yaml.err().contains("pull secret for service principal (secret) '" + stack.clientId() + "'"),
                yaml.err());
        assertFalse(yaml.err().contains(stack.clientSecret()));
        pushWith(config, "pull-secret/sp");
    }

    @Test
    void repositoryScopedTokenIsExactlyWhatKubectlWritesAndPushesWhereItsScopeMapAllows() throws Exception {
        String password = "tok-" + UUID.randomUUID();
        stack.svc().acr().repositoryToken("ci-pull", password, Map.of("pull-secret/*",
                Set.of("content/read", "content/write")));
        Map<String, String> env = stack.settingsWithoutSecret(home);
        Run.Result r = Run.acrLogin("pull-secret", stack.host(), "--name", "acr-pull", "--namespace", "apps",
                "--auth-type", "token", "--username", "ci-pull", "--password-stdin").env(env)
                .stdin(password + "\n").go().ok();

        assertEquals(kubectlCreate("yaml", "apps", "ci-pull", password), r.out());
        pushWith(decodedConfig(r.out()), "pull-secret/token");
        assertTrue(r.err().contains("repository-scoped token 'ci-pull'"), r.err());
    }

    @Test
    void entraRefreshTokenIsAnnotatedWithItsExpiryFlaggedShortLivedAndPushes() throws Exception {
        Run.Result r = Run.acrLogin("pull-secret", stack.host(), "--name", "acr-pull", "--namespace", "apps")
                .env(stack.env(home)).go().ok();

        String config = decodedConfig(r.out());
        JsonNode entry = entry(config, stack.host());
        assertEquals(RegistryCredential.NULL_GUID, entry.path("username").asText());
        String refreshToken = entry.path("password").asText();
        // the same structure as kubectl's: only the two annotations are added
        String withoutAnnotations = r.out().lines().filter(l -> !l.equals("  annotations:")
                && !l.startsWith("    acrbridge.dev/")).collect(Collectors.joining("\n", "", "\n"));
        assertEquals(kubectlCreate("yaml", "apps", RegistryCredential.NULL_GUID, refreshToken), withoutAnnotations);
        Matcher expires = Pattern.compile("(?m)^    " + Pattern.quote(KubernetesPullSecret.EXPIRES_ANNOTATION)
                + ": \"([^\"]+)\"$").matcher(r.out());
        assertTrue(expires.find(), r.out());
        Duration left = Duration.between(Instant.now(), Instant.parse(expires.group(1)));
        assertTrue(left.compareTo(Duration.ofMinutes(170)) > 0 && left.compareTo(Duration.ofHours(3)) <= 0,
                "the refresh token's 3 h: " + left);
        assertTrue(r.out().contains("    " + KubernetesPullSecret.SHORT_LIVED_ANNOTATION + ": \"true\"\n"), r.out());
        assertTrue(r.err().contains("short-lived") && r.err().contains("examples/kubernetes/"), r.err());
        assertFalse(r.err().contains(refreshToken));
        pushWith(config, "pull-secret/refresh");
    }

    @Test
    void aWrongOrExpiredServicePrincipalSecretFailsAtTheRegistryNamingTheFix() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(stack.env(home));
        env.put("AZURE_CLIENT_SECRET", "the-secret-id-not-its-value");
        Run.Result wrong = Run.acrLogin("pull-secret", stack.host(), "--name", "acr-pull", "--credential",
                "service-principal").env(env).go();
        assertEquals(ExitCodes.AUTH_FAILED, wrong.exit(), wrong.all());
        assertEquals("", wrong.out(), "nothing half-written");
        assertTrue(wrong.err().contains("rejected service principal '" + stack.clientId() + "'"), wrong.err());
        assertTrue(wrong.err().contains("secret's Value (not its secret ID)")
                && wrong.err().contains("az ad app credential reset --id " + stack.clientId()), wrong.err());
        assertFalse(wrong.err().contains("the-secret-id-not-its-value"));

        String secret = "expiring-" + UUID.randomUUID();
        stack.svc().entra().servicePrincipal(stack.tenant(), stack.clientId(), secret);
        stack.svc().entra().expireSecret(stack.tenant(), stack.clientId(), secret);
        env.put("AZURE_CLIENT_SECRET", secret);
        Run.Result expired = Run.acrLogin("pull-secret", stack.host(), "--name", "acr-pull", "--credential",
                "service-principal").env(env).go();
        assertEquals(ExitCodes.AUTH_FAILED, expired.exit(), expired.all());
        assertTrue(expired.err().contains("past its end date must be replaced"), expired.err());
    }

    @Test
    void applyCreatesTheSecretThroughTheRealKubectlWithTheUsersKubeconfig() throws Exception {
        try (KubernetesApiStub api = new KubernetesApiStub()) {
            Path kubeconfig = Files.writeString(home.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n"
                    + "clusters: [{name: c, cluster: {server: \"" + api.url() + "\"}}]\n"
                    + "users: [{name: u, user: {}}]\n"
                    + "contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]\n"
                    + "current-context: x\n");
            Map<String, String> env = new LinkedHashMap<>(stack.env(home));
            env.put("KUBECONFIG", kubeconfig.toString());
            Run.Result r = Run.acrLogin("pull-secret", stack.host(), "--name", "acr-pull", "--namespace", "apps",
                    "--apply").env(env).go().ok();

            assertEquals("", r.out(), "with --apply the manifest goes to kubectl only");
            assertTrue(r.err().contains("acr-login: kubectl: secret/acr-pull created"), r.err());
            KubernetesApiStub.Request create = api.requests.stream().filter(q -> q.method().equals("POST"))
                    .findFirst().orElseThrow(() -> new AssertionError(api.requests.toString()));
            assertTrue(create.path().startsWith("/api/v1/namespaces/apps/secrets?"), create.path());
            // only the user's kubeconfig names this server (kubectl sends no credentials over plain http)
            JsonNode secret = JSON.readTree(create.body());
            assertEquals(KubernetesPullSecret.TYPE, secret.path("type").asText());
            assertEquals("true", secret.path("metadata").path("annotations")
                    .path(KubernetesPullSecret.SHORT_LIVED_ANNOTATION).asText());
            String config = new String(Base64.getDecoder().decode(secret.path("data").path(".dockerconfigjson")
                    .asText()), StandardCharsets.UTF_8);
            assertEquals(RegistryCredential.NULL_GUID, entry(config, stack.host()).path("username").asText());
            assertFalse(r.err().contains(entry(config, stack.host()).path("password").asText()));
            pushWith(config, "pull-secret/applied");
        }
    }

    @Test
    void applyHandsTheManifestToKubectlOnStdinWithTheUsersKubeconfig() throws Exception {
        // no API server can run here: the user's kubeconfig points at a closed port, so kubectl reads the manifest
        // from stdin, then fails to reach the cluster, and says both
        Path kubeconfig = Files.writeString(home.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]
                users: [{name: u, user: {token: not-a-real-token}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """);
        Map<String, String> env = new LinkedHashMap<>(stack.env(home));
        env.put("KUBECONFIG", kubeconfig.toString());
        Run.Result r = Run.acrLogin("pull-secret", stack.host(), "--name", "acr-pull", "--apply").env(env).go();

        assertEquals(ExitCodes.CLIENT_CONFIG, r.exit(), r.all());
        assertEquals("", r.out(), "with --apply the manifest goes to kubectl only");
        assertTrue(r.err().contains("kubectl apply -f - failed"), r.err());
        assertTrue(r.err().contains("\"STDIN\"") && r.err().contains("127.0.0.1:9"), "kubectl read stdin and "
                + "used the kubeconfig: " + r.err());
        assertTrue(r.err().contains("may create and patch secrets"), r.err());

        env.put("PATH", Files.createDirectories(home.resolve("bin-without-kubectl")).toString());
        Run.Result noKubectl = Run.acrLogin("pull-secret", stack.host(), "--name", "acr-pull", "--apply")
                .env(env).go();
        assertEquals(ExitCodes.USAGE, noKubectl.exit(), noKubectl.all());
        assertTrue(noKubectl.err().contains("--apply") && noKubectl.err().contains("no kubectl on PATH"),
                noKubectl.err());
    }

    @Test
    void badNamesAndFormatsAreRefusedNamingTheOption() throws Exception {
        for (List<String> args : List.of(List.of("--name", "Acr_Pull"), List.of("--name", "acr-pull", "--namespace",
                "apps.prod"), List.of("--name", "acr-pull", "--output", "toml"), List.of("--name", "acr-pull",
                "--credential", "password"))) {
            List<String> command = new java.util.ArrayList<>(List.of("pull-secret", stack.host()));
            command.addAll(args);
            Run.Result r = Run.acrLogin(command.toArray(String[]::new)).env(stack.env(home)).go();
            assertEquals(ExitCodes.USAGE, r.exit(), r.all());
            String option = args.get(args.size() - 2);
            assertTrue(r.err().contains(option), option + ": " + r.err());
            assertEquals("", r.out());
        }
    }
}
