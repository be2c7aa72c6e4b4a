package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Role;
import dev.acrbridge.testsvc.SquidProxy;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The action on a self-hosted runner behind an authenticating proxy: the runner exports {@code HTTPS_PROXY} (with
 * credentials) and {@code NO_PROXY} to the step, as it does for every step. GitHub's OIDC endpoint, Entra and the
 * registry have names only squid resolves, so the main step can only succeed through it.
 */
class ActionProxyTest {
    private static final String ENTRA = "entra." + LocalAzure.PROXIED_DOMAIN;
    private static final String GITHUB = "github." + LocalAzure.PROXIED_DOMAIN;
    private static final String REGISTRY = "registry." + LocalAzure.PROXIED_DOMAIN;
    private static final String PROXY_PASSWORD = "runner-" + UUID.randomUUID();
    private static LocalAzure svc;
    private static SquidProxy squid;
    private static String registry;
    @TempDir
    Path root;

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
        registry = svc.addRegistryName(REGISTRY);
        squid = SquidProxy.withBasicAuth("runner", PROXY_PASSWORD, ENTRA, GITHUB, REGISTRY);
    }

    @AfterAll
    static void stop() {
        if (squid != null) {
            squid.close();
        }
        if (svc != null) {
            svc.close();
        }
    }

    @Test
    void mainStepHonoursTheRunnersProxyVariablesAndMasksTheProxyPassword() throws Exception {
        String tenant = UUID.randomUUID().toString();
        String clientId = UUID.randomUUID().toString();
        svc.acr().assign(svc.entra().federatedPrincipal(tenant, clientId, svc.github().issuer(),
                svc.github().subject(), "api://AzureADTokenExchange"), Role.ACR_PUSH);
        RunnerJob job = new RunnerJob(root).input("registries", registry).input("auth-type", "oidc")
                .input("tenant-id", tenant).input("client-id", clientId).input("tools", "docker")
                .input("authority-host", svc.httpsUnder(ENTRA).toString())
                .input("trusted-registry-hosts", registry)
                .input("ca-certificates", svc.caCertificatePem().toString())
                .env("ACTIONS_ID_TOKEN_REQUEST_URL", svc.httpsUnder(GITHUB) + "/github/oidc/token?api-version=2.0")
                .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", svc.githubOidcRequestToken())
                .env("HTTPS_PROXY", squid.urlWith(PROXY_PASSWORD))
                .env("NO_PROXY", "localhost,127.0.0.1,.internal.example");

        RunnerJob.Step main = job.runJava(ActionMain.Phase.MAIN);

        assertEquals(0, main.exitCode(), main.stdout() + main.stderr());
        assertTrue(main.stdout().contains("::add-mask::" + PROXY_PASSWORD), "the proxy password is masked first");
        assertEquals(registry, job.outputs().get("login-server"));
        String port = String.valueOf(svc.httpsUnder(ENTRA).getPort());
        List<SquidProxy.Entry> log = squid.accessLog();
        for (String host : List.of(GITHUB + ":" + port, ENTRA + ":" + port, REGISTRY + ":" + port)) {
            assertTrue(log.stream().anyMatch(e -> e.tunnelTo(host) && "runner".equals(e.user())),
                    "an authenticated CONNECT " + host + " in:\n" + squid.rawAccessLog());
        }
        String afterMask = main.stdout().replace("::add-mask::" + PROXY_PASSWORD, "");
        assertFalse(afterMask.contains(PROXY_PASSWORD) || main.stderr().contains(PROXY_PASSWORD), main.stdout());
    }
}
