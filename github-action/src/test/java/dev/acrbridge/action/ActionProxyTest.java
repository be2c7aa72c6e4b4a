package dev.acrbridge.action;

import static dev.acrbridge.testsvc.ProxiedAzureExtension.ENTRA;
import static dev.acrbridge.testsvc.ProxiedAzureExtension.GITHUB;
import static dev.acrbridge.testsvc.ProxiedAzureExtension.REGISTRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.ProxiedAzureExtension;
import dev.acrbridge.testsvc.Role;
import dev.acrbridge.testsvc.SquidProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The action on a self-hosted runner behind an authenticating proxy: the runner exports {@code HTTPS_PROXY} (with
 * credentials) and {@code NO_PROXY} to the step, as it does for every step. GitHub's OIDC endpoint, Entra and the
 * registry have names only squid resolves, so the main step can only succeed through it.
 */
class ActionProxyTest {
    private static final String PROXY_PASSWORD = "runner-" + UUID.randomUUID();
    @RegisterExtension
    static final ProxiedAzureExtension cloud = new ProxiedAzureExtension(
            svc -> SquidProxy.withBasicAuth("runner", PROXY_PASSWORD, ENTRA, GITHUB, REGISTRY));
    @TempDir
    Path root;

    @Test
    void mainStepHonoursTheRunnersProxyVariablesAndMasksTheProxyPassword() throws Exception {
        LocalAzure svc = cloud.svc();
        SquidProxy squid = cloud.squid();
        String tenant = UUID.randomUUID().toString();
        String clientId = UUID.randomUUID().toString();
        svc.acr().assign(svc.entra().federatedPrincipal(tenant, clientId, svc.github().issuer(),
                svc.github().subject(), "api://AzureADTokenExchange"), Role.ACR_PUSH);
        RunnerJob job = new RunnerJob(root).input("registries", cloud.registry()).input("auth-type", "oidc")
                .input("tenant-id", tenant).input("client-id", clientId).input("tools", "docker")
                .input("authority-host", cloud.entra().toString())
                .input("trusted-registry-hosts", cloud.registry())
                .input("ca-certificates", svc.caCertificatePem().toString())
                .env("ACTIONS_ID_TOKEN_REQUEST_URL", svc.httpsUnder(GITHUB) + "/github/oidc/token?api-version=2.0")
                .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", svc.githubOidcRequestToken())
                .env("HTTPS_PROXY", squid.urlWith(PROXY_PASSWORD))
                .env("NO_PROXY", "localhost,127.0.0.1,.internal.example");

        RunnerJob.Step main = job.runJava(ActionMain.Phase.MAIN);

        assertEquals(0, main.exitCode(), main.stdout() + main.stderr());
        assertTrue(main.stdout().contains("::add-mask::" + PROXY_PASSWORD), "the proxy password is masked first");
        assertEquals(cloud.registry(), job.outputs().get("login-server"));
        String port = cloud.port();
        List<String> hosts = List.of(GITHUB + ":" + port, ENTRA + ":" + port, REGISTRY + ":" + port);
        // squid logs a tunnel when it closes, a moment after the step's process ended
        List<SquidProxy.Entry> log = squid.awaitEntries(l -> hosts.stream().allMatch(h -> l.stream().anyMatch(
                e -> e.tunnelTo(h) && "runner".equals(e.user()))), Duration.ofSeconds(10));
        for (String host : hosts) {
            assertTrue(log.stream().anyMatch(e -> e.tunnelTo(host) && "runner".equals(e.user())),
                    "an authenticated CONNECT " + host + " in:\n" + squid.rawAccessLog());
        }
        String afterMask = main.stdout().replace("::add-mask::" + PROXY_PASSWORD, "");
        assertFalse(afterMask.contains(PROXY_PASSWORD) || main.stderr().contains(PROXY_PASSWORD), main.stdout());
    }
}
