package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.RegistryStack;
import dev.acrbridge.testsvc.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two real registries behind one Entra: one step logging into both, and two uses of the action in one job. */
class TwoRegistriesTest {
    @RegisterExtension
    static final LocalCloud cloud = new LocalCloud();
    static RegistryStack second;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        second = RegistryStack.start(cloud.svc());
    }

    @AfterAll
    static void stop() {
        second.close();
    }

    private RunnerJob job(String clientId, String registries) throws IOException {
        return cloud.oidcJob(tmp.resolve("job"), clientId).input("registries", registries)
                .input("trusted-registry-hosts", cloud.host() + "," + second.registryHost())
                .input("tools", "docker,podman");
    }

    @Test
    void oneStepLogsIntoBothAndPodmanPushesToEach() throws IOException {
        RunnerJob job = job(cloud.federatedApp(Role.ACR_PUSH), cloud.host() + "\n" + second.registryHost());
        cloud.svc().clearRequests();
        RunnerJob.Step main = job.runMainOk();
        assertEquals(cloud.host() + "," + second.registryHost(), job.outputs().get("login-servers"));
        assertEquals(cloud.host(), job.outputs().get("login-server"));
        assertEquals(cloud.svc().count(Endpoint.ENTRA_TOKEN), cloud.svc().count(Endpoint.GITHUB_OIDC));
        assertEquals(2, cloud.svc().count(Endpoint.ACR_EXCHANGE));
        for (String registry : new String[] {cloud.host(), second.registryHost()}) {
            String token = ActionLoginTest.decodeAuth(authEntry(job, registry));
            Secrets.assertMaskedBeforeAnyUse(main.stdout(), LocalCloud.secretForms(ActionLoginTest.NULL_GUID, token));
        }
        Clients clients = cloud.clients(tmp.resolve("clients"));
        String image = clients.buildImage("both", "in two registries\n");
        for (String registry : new String[] {cloud.host(), second.registryHost()}) {
            RunnerJob.Step push = clients.podmanPush(job.laterStepEnv(), image, registry + "/app:" + UUID.randomUUID());
            assertEquals(0, push.exitCode(), registry + ": " + push.stdout() + push.stderr());
        }
        assertEquals(0, job.runJava(ActionMain.Phase.POST).exitCode());
    }

    @Test
    void aSecondUseInTheSameJobKeepsTheFirstLoginAndEachPostRemovesItsOwn() throws IOException {
        String clientId = cloud.federatedApp(Role.ACR_PUSH);
        RunnerJob job = job(clientId, cloud.host());
        assertEquals(0, job.runJava(ActionMain.Phase.MAIN).exitCode());
        Map<String, String> firstState = job.takeState();
        Path first = Path.of(firstState.get(IsolatedConfig.STATE_NAME));

        job.input("registries", second.registryHost());
        RunnerJob.Step again = job.runJava(ActionMain.Phase.MAIN);
        assertEquals(0, again.exitCode(), again.stdout() + again.stderr());
        Path secondDir = job.isolatedDir();
        assertFalse(first.equals(secondDir));
        JsonNode docker = ActionLoginTest.JSON.readTree(secondDir.resolve("docker/config.json").toFile());
        assertTrue(docker.path("auths").has(cloud.host()), "the first login survives in docker's config");
        assertTrue(docker.path("auths").has(second.registryHost()));
        assertTrue(authEntry(job, cloud.host()).has("auth"), "and in the containers auth file");

        Clients clients = cloud.clients(tmp.resolve("clients"));
        String image = clients.buildImage("again", "first registry, second login\n");
        RunnerJob.Step push = clients.podmanPush(job.laterStepEnv(), image, cloud.host() + "/app:" + UUID.randomUUID());
        assertEquals(0, push.exitCode(), push.stdout() + push.stderr());

        // the runner runs post steps in reverse order, each with its own state
        assertEquals(0, job.runJava(ActionMain.Phase.POST).exitCode());
        assertFalse(Files.exists(secondDir));
        assertTrue(Files.exists(first));
        assertEquals(0, job.runJavaPost(firstState).exitCode());
        assertFalse(Files.exists(first));
    }

    private static JsonNode authEntry(RunnerJob job, String registry) throws IOException {
        return ActionLoginTest.JSON.readTree(Path.of(job.exported().get("REGISTRY_AUTH_FILE")).toFile())
                .path("auths").path(registry);
    }
}
