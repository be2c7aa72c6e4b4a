package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Helm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools: helm}: a later step of the job publishes a chart with the real helm 4 using only what the action
 * exported ({@code HELM_REGISTRY_CONFIG}, and in credential-helper mode the PATH entry of the helper), and the post
 * step takes the access away again.
 */
class ActionHelmTest {
    @RegisterExtension
    static final LocalCloud cloud = new LocalCloud();
    private final Helm helm = cloud.helm();
    @TempDir
    Path tmp;

    private void publishAndPullBack(String name, Map<String, String> env) throws IOException {
        Path chart = helm.packageChart(name, "2.0.0", "action " + name);
        Helm.Transfer pushed = helm.push(chart, cloud.host(), env, cloud.svc().caCertificatePem());
        Helm.Transfer pulled = helm.pull(cloud.host(), name, "2.0.0", env, cloud.svc().caCertificatePem());
        assertEquals(pushed.digest(), pulled.digest());
        assertEquals(Helm.sha256(chart), Helm.sha256(helm.pulledArchive(name, "2.0.0")));
    }

    private boolean canPull(String name, Map<String, String> env) throws IOException {
        return helm.run(env, "pull", "oci://" + cloud.host() + "/charts/" + name, "--version", "2.0.0",
                "--ca-file", cloud.svc().caCertificatePem().toString(), "--destination",
                Files.createTempDirectory(tmp, "pull").toString()).exitCode() == 0;
    }

    @Test
    void toolsHelmLetsALaterStepPublishAChartUntilThePostStep() throws IOException {
        RunnerJob job = cloud.oidcPushJob(tmp.resolve("job")).input("tools", "helm");
        job.runMainOk();
        Path dir = job.isolatedDir();
        assertEquals(Map.of("HELM_REGISTRY_CONFIG", dir.resolve("helm/registry/config.json").toString()),
                job.exported());

        Map<String, String> later = job.laterStepEnv();
        publishAndPullBack("action-chart", later);
        assertTrue(canPull("action-chart", later));

        assertEquals(0, job.runJava(ActionMain.Phase.POST).exitCode());
        assertFalse(Files.exists(dir));
        assertFalse(canPull("action-chart", later), "the chart's access must not outlive the post step");
    }

    @Test
    void credentialHelperModeMintsATokenForEveryHelmCommand() throws IOException {
        RunnerJob job = cloud.oidcPushJob(tmp.resolve("job"))
                .input("tools", "helm").input("credential-helper", "true");
        job.runMainOk();
        Path dir = job.isolatedDir();
        String config = Files.readString(dir.resolve("helm/registry/config.json"));
        assertTrue(config.contains("\"credHelpers\"") && config.contains("\"acr-login\""), config);
        assertFalse(config.contains("\"auth\""), "no token stored: " + config);

        Map<String, String> later = new HashMap<>(job.laterStepEnv());
        later.put("PATH", job.addedPaths().get(0) + File.pathSeparator + later.get("PATH"));
        long entraBefore = cloud.svc().count(Endpoint.ENTRA_TOKEN);
        publishAndPullBack("action-helper-chart", later);
        assertTrue(cloud.svc().count(Endpoint.ENTRA_TOKEN) > entraBefore, "helm ran the helper, which got a token");

        assertEquals(0, job.runJava(ActionMain.Phase.POST).exitCode());
        assertFalse(canPull("action-helper-chart", later), "no helper, no settings after the post step");
    }
}
