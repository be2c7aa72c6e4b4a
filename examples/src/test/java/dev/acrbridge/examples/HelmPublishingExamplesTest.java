package dev.acrbridge.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.acrbridge.action.ActionMain;
import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.ClientProcesses;
import dev.acrbridge.testsvc.CloudStackExtension;
import dev.acrbridge.testsvc.Helm;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helm publishing examples, run as far as their steps can run here: the workflow's action step (its inputs, plus
 * the three that point it at the local cloud) and its {@code run:} script with the real helm; the Jenkinsfile's
 * {@code sh} script with the registry config the {@code acrLogin} binding hands it (written here by the same
 * shared-auth writer, through the CLI). Each chart is pulled back and compared.
 */
class HelmPublishingExamplesTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir"));
    private static final String TENANT = UUID.randomUUID().toString();
    @RegisterExtension
    static final CloudStackExtension cloud = new CloudStackExtension();
    private final LocalAzure svc = cloud.svc();
    private final Helm helm = cloud.helm();
    @TempDir
    Path tmp;

    private Map<String, String> baseEnv(Path home) {
        Map<String, String> env = ClientEnvironment.privateHome(home);
        env.put("SSL_CERT_FILE", svc.caCertificatePem().toString()); // helm trusts the local CA
        return env;
    }

    /** {@code helm create DIR}: the chart a repository of these examples would hold. */
    private void createChart(Path workspace, String path) throws IOException {
        Files.createDirectories(workspace.resolve(path).getParent());
        ClientProcesses.Result r = helm.run(baseEnv(tmp.resolve("create-home")), "create",
                workspace.resolve(path).toString());
        assertEquals(0, r.exitCode(), r.both());
    }

    private static ClientProcesses.Result shell(String shell, String script, Map<String, String> env, Path dir)
            throws IOException {
        return ClientProcesses.run(List.of(shell, "-e", "-c", script), env, null, dir, Duration.ofSeconds(180));
    }

    private void assertPulledBack(String name, String version, Map<String, String> env) throws IOException {
        Helm.Transfer pulled = helm.pullFrom(cloud.host() + "/helm", name, version, env, null);
        assertTrue(pulled.digest().startsWith("sha256:"), pulled.output());
    }

    @Test
    void theWorkflowsActionStepAndItsHelmScriptPublishTheChart() throws Exception {
        String clientId = UUID.randomUUID().toString();
        Principal app = svc.entra().federatedPrincipal(TENANT, clientId, svc.github().issuer(), svc.github().subject(),
                "api://AzureADTokenExchange");
        svc.acr().assign(app, Role.ACR_PUSH);
        JsonNode steps = new ObjectMapper(new YAMLFactory())
                .readTree(EXAMPLES.resolve("github/helm-chart-push.yml").toFile()).path("jobs").path("chart")
                .path("steps");
        JsonNode action = null;
        JsonNode publish = null;
        for (JsonNode step : steps) {
            if (step.path("uses").asText().contains("/github-action@")) {
                action = step;
            } else if (step.has("run")) {
                publish = step;
            }
        }
        assertTrue(action != null && publish != null, "an action step and a run step: " + steps);

        // the runner: files for outputs, env, state; the repository variables the workflow names
        Path home = Files.createDirectories(tmp.resolve("runner-home"));
        Map<String, String> runner = baseEnv(home);
        for (String file : List.of("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STATE", "GITHUB_PATH")) {
            runner.put(file, Files.createFile(tmp.resolve(file.toLowerCase(Locale.ROOT))).toString());
        }
        runner.put("RUNNER_TEMP", Files.createDirectories(tmp.resolve("runner-temp")).toString());
        runner.put("GITHUB_ACTIONS", "true");
        Map<String, String> vars = Map.of("vars.ACR_NAME", cloud.host(), "vars.AZURE_TENANT_ID", TENANT,
                "vars.AZURE_CLIENT_ID", clientId);
        Map<String, String> main = new LinkedHashMap<>(runner);
        for (Iterator<Map.Entry<String, JsonNode>> it = action.path("with").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> input = it.next();
            main.put(inputVariable(input.getKey()), substitute(input.getValue().asText(), vars));
        }
        // what differs here: the local cloud instead of Azure, and the runner's OIDC endpoint
        main.put(inputVariable("authority-host"), svc.authorityHost().toString());
        main.put(inputVariable("trusted-registry-hosts"), cloud.host());
        main.put(inputVariable("ca-certificates"), svc.caCertificatePem().toString());
        main.put("ACTIONS_ID_TOKEN_REQUEST_URL", svc.githubOidcRequestUrl());
        main.put("ACTIONS_ID_TOKEN_REQUEST_TOKEN", svc.githubOidcRequestToken());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int exit = ActionMain.run(ActionMain.Phase.MAIN, main, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, log.toString(StandardCharsets.UTF_8));

        // the run step: exported variables, the step's env (outputs substituted), the repository's chart
        Map<String, String> outputs = keyValues(Path.of(runner.get("GITHUB_OUTPUT")));
        Map<String, String> step = new LinkedHashMap<>(runner);
        step.putAll(keyValues(Path.of(runner.get("GITHUB_ENV"))));
        Map<String, String> stepOutputs = new LinkedHashMap<>();
        String actionId = action.path("id").asText();
        outputs.forEach((k, v) -> stepOutputs.put("steps." + actionId + ".outputs." + k, v));
        publish.path("env").fields().forEachRemaining(e -> step.put(e.getKey(), substitute(e.getValue().asText(),
                stepOutputs)));
        assertEquals(cloud.host(), step.get("REGISTRY"));
        Path workspace = Files.createDirectories(tmp.resolve("workspace"));
        createChart(workspace, "charts/app");
        ClientProcesses.Result run = shell("bash", publish.path("run").asText(), step, workspace);
        assertEquals(0, run.exitCode(), run.both());
        assertTrue(run.both().contains("Pushed: " + cloud.host() + "/helm/app:0.1.0"), run.both());
        assertPulledBack("app", "0.1.0", step);
    }

    @Test
    void theJenkinsfilesShellStepPublishesWithTheBindingsRegistryConfig() throws Exception {
        String jenkinsfile = Files.readString(EXAMPLES.resolve("jenkins/Jenkinsfile.helm"));
        Matcher sh = Pattern.compile("sh '''\\n(.*?)'''", Pattern.DOTALL).matcher(jenkinsfile);
        assertTrue(sh.find(), jenkinsfile);
        assertTrue(jenkinsfile.contains("tools: 'helm', loginServerVariable: 'ACR'"), "the binding's variables");

        String clientId = UUID.randomUUID().toString();
        String secret = "jenkins-" + UUID.randomUUID();
        svc.acr().assign(svc.entra().servicePrincipal(TENANT, clientId, secret), Role.ACR_PUSH);
        Path helmConfig = tmp.resolve("binding/helm/registry/config.json");
        Map<String, String> login = baseEnv(Files.createDirectories(tmp.resolve("login-home")));
        login.putAll(ClientEnvironment.localAcrLogin(svc, cloud.host()));
        login.put("AZURE_TENANT_ID", TENANT);
        login.put("AZURE_CLIENT_ID", clientId);
        login.put("AZURE_CLIENT_SECRET", secret);
        ClientProcesses.Result loggedIn = ClientProcesses.run(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-jar", EXAMPLES.resolve("../github-action/target/acr-login.jar").toString(),
                "login", cloud.host(), "--tool", "helm", "--helm-config", helmConfig.toString()), login, null,
                null, Duration.ofSeconds(120));
        assertEquals(0, loggedIn.exitCode(), loggedIn.both());

        // what the binding gives the block: HELM_REGISTRY_CONFIG and the login server variable; Jenkins: BUILD_NUMBER
        Map<String, String> block = baseEnv(Files.createDirectories(tmp.resolve("agent-home")));
        block.put("HELM_REGISTRY_CONFIG", helmConfig.toString());
        block.put("ACR", cloud.host());
        block.put("BUILD_NUMBER", "42");
        Path workspace = Files.createDirectories(tmp.resolve("jenkins-workspace"));
        createChart(workspace, "charts/shop");
        ClientProcesses.Result run = shell("sh", sh.group(1), block, workspace);
        assertEquals(0, run.exitCode(), run.both());
        assertTrue(run.both().contains("Pushed: " + cloud.host() + "/helm/shop:1.0.42"), run.both());
        assertPulledBack("shop", "1.0.42", block);
    }

    private static String inputVariable(String input) {
        return "INPUT_" + input.replace(' ', '_').toUpperCase(Locale.ROOT);
    }

    private static String substitute(String value, Map<String, String> expressions) {
        Matcher m = Pattern.compile("\\$\\{\\{\\s*([^}\\s]+)\\s*}}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = expressions.get(m.group(1));
            assertTrue(replacement != null, "no value for ${{ " + m.group(1) + " }}");
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }

    /** Reads a GITHUB_OUTPUT / GITHUB_ENV file: {@code k=v} lines and {@code k<<DELIM} blocks. */
    private static Map<String, String> keyValues(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String delimiter = line.substring(heredoc + 2);
                StringBuilder value = new StringBuilder();
                while (!lines.get(++i).equals(delimiter)) {
                    value.append(value.length() == 0 ? "" : "\n").append(lines.get(i));
                }
                values.put(line.substring(0, heredoc), value.toString());
            } else if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }
}
