package dev.acrbridge.cli;

import static dev.acrbridge.testsvc.ProxiedAzureExtension.ENTRA;
import static dev.acrbridge.testsvc.ProxiedAzureExtension.REGISTRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.testsvc.CloudStack;
import dev.acrbridge.testsvc.ProxiedAzureExtension;
import dev.acrbridge.testsvc.Role;
import dev.acrbridge.testsvc.SquidProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acr-login} behind a TLS-inspecting proxy (squid ssl-bump): the proxy decrypts every request and presents
 * certificates of its own CA. Without that CA the login fails naming {@code --ca-file}; with it (and only it) in
 * {@code --ca-file} the login succeeds, and the proxy's log shows every Entra and registry request it inspected.
 */
class TlsInspectingProxyCliTest {
    @RegisterExtension
    static final ProxiedAzureExtension cloud = new ProxiedAzureExtension(
            svc -> SquidProxy.inspectingTls(svc.caCertificatePem(), ENTRA, REGISTRY));
    private final CloudStack.ServicePrincipal sp = cloud.servicePrincipal(Role.ACR_PUSH, "sp-");
    @TempDir
    Path home;

    private Map<String, String> env() {
        Map<String, String> env = cloud.servicePrincipalEnvironment(home, sp);
        env.put("HTTPS_PROXY", cloud.squid().url());
        env.remove("ACR_LOGIN_CA_FILE");
        return env;
    }

    @Test
    void withoutTheProxysCaTheErrorNamesTheCaOption() {
        Map<String, String> env = env();
        Run.Result r = Run.acrLogin("login", cloud.registry(), "--tool", "docker", "--ca-file",
                cloud.svc().caCertificatePem().toString()).env(env).go();

        assertEquals(ExitCodes.TRANSIENT, r.exit(), r.all());
        assertTrue(r.err().contains("TLS certificate not trusted (unknown issuer)"), r.err());
        assertTrue(r.err().contains("--ca-file"), r.err());
    }

    @Test
    void withTheProxysCaInCaFileTheLoginSucceedsAndEveryRequestWasInspected() {
        SquidProxy squid = cloud.squid();
        Run.Result r = Run.acrLogin("login", cloud.registry(), "--tool", "docker", "--ca-file",
                squid.inspectionCa().toString()).env(env()).go().ok();

        String port = cloud.port();
        List<Predicate<SquidProxy.Entry>> inspected = List.of(
                e -> e.method().equals("POST") && e.status() == 200
                        && e.target().startsWith("https://" + ENTRA + ":" + port + "/" + sp.tenant() + "/oauth2/v2.0/token"),
                e -> e.method().equals("GET") && e.target().equals("https://" + REGISTRY + ":" + port + "/v2/"),
                e -> e.method().equals("POST") && e.status() == 200
                        && e.target().startsWith("https://" + REGISTRY + ":" + port + "/oauth2/exchange"));
        // squid writes a line when it has finished with the request, which may be after the CLI's process ended
        List<SquidProxy.Entry> log = squid.awaitEntries(l -> inspected.stream().allMatch(p -> l.stream().anyMatch(p)),
                Duration.ofSeconds(10));
        for (Predicate<SquidProxy.Entry> request : inspected) {
            assertTrue(log.stream().anyMatch(request), "the Entra token request, the registry's challenge and "
                    + "exchange, each decrypted by the proxy:\n" + squid.rawAccessLog());
        }
        assertFalse(r.all().contains(sp.clientSecret()), r.all());
    }
}
