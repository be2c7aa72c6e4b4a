package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acrbridge.testsvc.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The action exactly as a runner runs a released version: a checkout holding action.yml, the node shim and the
 * shaded jar in dist/, started with {@code node dist/main.js} and {@code node dist/post.js}. Runs after
 * {@code package} (failsafe), when target/acr-login.jar exists.
 */
class ActionThroughNodeShimIT {
    @RegisterExtension
    static final LocalCloud cloud = new LocalCloud();
    static Path action;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(@TempDir Path checkout) throws IOException {
        Path jar = Path.of(System.getProperty("acrLoginJar", RunnerJob.MODULE.resolve("target/acr-login.jar").toString()));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run the integration tests with ./mvnw verify");
        action = checkout;
        Files.copy(RunnerJob.ACTION_YML, action.resolve("action.yml"));
        Path dist = Files.createDirectories(action.resolve("dist"));
        for (String file : List.of("main.js", "post.js", "java.js")) {
            Files.copy(RunnerJob.MODULE.resolve("dist").resolve(file), dist.resolve(file));
        }
        Files.copy(jar, dist.resolve("acr-login.jar"), StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static Map<String, String> javaFromSetupJava() {
        // what actions/setup-java exports; PATH keeps the runner's tools
        return Map.of("JAVA_HOME", System.getProperty("java.home"));
    }

    @Test
    void releasedActionLogsInPushesAndCleansUp() throws IOException {
        RunnerJob job = cloud.oidcPushJob(tmp.resolve("job"));
        RunnerJob.Step main = job.runNode(action, ActionMain.Phase.MAIN, javaFromSetupJava());
        assertEquals(0, main.exitCode(), main.stdout() + main.stderr());
        assertEquals(cloud.host(), job.outputs().get("login-server"));
        Path dir = job.isolatedDir();
        String token = ActionLoginTest.tokenIn(dir.resolve("containers/auth.json"));
        List<String> forms = LocalCloud.secretForms(ActionLoginTest.NULL_GUID, token);
        Secrets.assertMaskedBeforeAnyUse(main.stdout(), forms);
        Secrets.assertAbsent(main.stderr(), forms);
        assertEquals(List.of(), LocalCloud.filesContaining(tmp, dir, forms));

        Clients clients = cloud.clients(tmp.resolve("clients"));
        String image = clients.buildImage("shim", "pushed after the released action logged in\n");
        String target = cloud.host() + "/app:shim-" + UUID.randomUUID();
        RunnerJob.Step push = clients.podmanPush(job.laterStepEnv(), image, target);
        assertEquals(0, push.exitCode(), push.stdout() + push.stderr());

        RunnerJob.Step post = job.runNode(action, ActionMain.Phase.POST, javaFromSetupJava());
        assertEquals(0, post.exitCode(), post.stdout() + post.stderr());
        assertTrue(post.stdout().contains("removed the registry credentials"), post.stdout());
        assertFalse(Files.exists(dir));
    }

    @Test
    void credentialHelperFromTheShadedJarServesPodman() throws IOException {
        RunnerJob job = cloud.oidcPushJob(tmp.resolve("job"))
                .input("credential-helper", "true").input("tools", "docker,podman");
        RunnerJob.Step main = job.runNode(action, ActionMain.Phase.MAIN, javaFromSetupJava());
        assertEquals(0, main.exitCode(), main.stdout() + main.stderr());
        Path dir = job.isolatedDir();
        String launcher = Files.readString(dir.resolve("bin").resolve(CredentialHelperSetup.LAUNCHER));
        assertTrue(launcher.contains(action.resolve("dist/acr-login.jar").toString()), launcher);
        JsonNode auth = ActionLoginTest.JSON.readTree(dir.resolve("containers/auth.json").toFile());
        assertEquals("acr-login", auth.path("credHelpers").path(cloud.host()).asText());

        Map<String, String> later = new HashMap<>(job.laterStepEnv());
        later.put("PATH", job.addedPaths().get(0) + java.io.File.pathSeparator + later.get("PATH"));
        Clients clients = cloud.clients(tmp.resolve("clients"));
        String image = clients.buildImage("shimhelper", "pushed through the shaded jar's helper\n");
        long oidcBefore = cloud.svc().count(Endpoint.GITHUB_OIDC);
        RunnerJob.Step push = clients.podmanPush(later, image, cloud.host() + "/app:helper-" + UUID.randomUUID());
        assertEquals(0, push.exitCode(), push.stdout() + push.stderr());
        assertTrue(cloud.svc().count(Endpoint.GITHUB_OIDC) > oidcBefore,
                "the helper asked GitHub for a fresh ID token");

        assertEquals(0, job.runNode(action, ActionMain.Phase.POST, javaFromSetupJava()).exitCode());
        assertFalse(Files.exists(dir));
        RunnerJob.Step after = clients.podmanPush(later, image, cloud.host() + "/app:after-" + UUID.randomUUID());
        assertNotEquals(0, after.exitCode());
    }
}
