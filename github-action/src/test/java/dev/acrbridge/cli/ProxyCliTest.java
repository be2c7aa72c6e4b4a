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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acr-login} as a child process behind a real squid that wants Basic authentication. Entra and the registry
 * have names only squid resolves, so a login can only succeed through it. The CLI process enables Basic for HTTPS
 * tunnels itself (the JDK disables it by default); squid's access log names the proxy user of each tunnel.
 */
class ProxyCliTest {
    private static final String PROXY_PASSWORD = "pr0xy:p@ss-" + UUID.randomUUID();
    @RegisterExtension
    static final ProxiedAzureExtension cloud = new ProxiedAzureExtension(
            svc -> SquidProxy.withBasicAuth("ci-builder", PROXY_PASSWORD, ENTRA, REGISTRY));
    private final CloudStack.ServicePrincipal sp = cloud.servicePrincipal(Role.ACR_PUSH, "sp-");
    @TempDir
    Path home;

    /** The password percent-encoded for a URL (':' and '@' must be). */
    private static String encoded(String password) {
        return password.replace("%", "%25").replace(":", "%3A").replace("@", "%40");
    }

    private Map<String, String> env(String proxyUrl) {
        Map<String, String> env = cloud.servicePrincipalEnvironment(home, sp);
        env.put("HTTPS_PROXY", proxyUrl);
        return env;
    }

    @Test
    void loginSucceedsThroughAnAuthenticatingProxyNamedByHttpsProxy() throws Exception {
        Run.Result r = Run.acrLogin("login", cloud.registry(), "--tool", "docker")
                .env(env(cloud.squid().urlWith(encoded(PROXY_PASSWORD)))).go().ok();

        String dockerConfig = r.out().lines().filter(l -> l.startsWith("DOCKER_CONFIG=")).findFirst()
                .orElseThrow(() -> new AssertionError("no DOCKER_CONFIG in: " + r.out())).substring(14);
        String config = Files.readString(Path.of(dockerConfig, "config.json"));
        assertTrue(config.contains(cloud.registry()), config);
        String port = cloud.port();
        List<String> hosts = List.of(ENTRA + ":" + port, REGISTRY + ":" + port);
        // squid logs a tunnel when it closes, a moment after the CLI's process ended
        List<SquidProxy.Entry> log = cloud.squid().awaitEntries(l -> hosts.stream().allMatch(h -> l.stream().anyMatch(
                e -> e.tunnelTo(h) && "ci-builder".equals(e.user()))), Duration.ofSeconds(10));
        for (String host : hosts) {
            assertTrue(log.stream().anyMatch(e -> e.tunnelTo(host) && "ci-builder".equals(e.user())),
                    "an authenticated CONNECT " + host + " in:\n" + cloud.squid().rawAccessLog());
        }
        assertFalse(r.all().contains(PROXY_PASSWORD) || r.all().contains(encoded(PROXY_PASSWORD)), r.all());
    }

    @Test
    void aWrongProxyPasswordFailsNamingTheProxyNotEntraAndNeverThePassword() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        int before = cloud.squid().accessLog().size(); // earlier logins' tunnels are logged once their process ended
        Run.Result r = Run.acrLogin("login", cloud.registry(), "--tool", "docker")
                .env(env(cloud.squid().urlWith(wrong))).go();

        assertEquals(ExitCodes.AUTH_FAILED, r.exit(), r.all());
        assertTrue(r.err().contains("The proxy " + cloud.squid().url() + " rejected the credentials of proxy user "
                + "'ci-builder' (HTTP 407)."), r.err());
        assertTrue(r.err().contains("HTTPS_PROXY"), "the fix names where the password is set: " + r.err());
        assertFalse(r.err().contains("Entra refused"), r.err());
        assertFalse(r.all().contains(wrong), r.all());
        assertFalse(Files.exists(home.resolve(".docker/config.json")), "nothing half-written");
        assertFalse(Files.exists(home.resolve(".config/acr-login/docker/config.json")), "nothing half-written");
        String port = cloud.port();
        long refusedEntra = cloud.squid().accessLog().stream().skip(before).filter(e -> e.method().equals("CONNECT")
                && e.status() == 407 && e.target().equals(ENTRA + ":" + port)).count();
        assertTrue(refusedEntra >= 1 && refusedEntra <= 2, "one answer to the 407, no retry storm:\n"
                + cloud.squid().rawAccessLog());
    }

    @Test
    void aPasswordOnTheCommandLineIsRefusedWithoutRepeatingIt() throws Exception {
        String pw = "cli-" + UUID.randomUUID();
        Map<String, String> env = env(cloud.squid().url());
        env.remove("HTTPS_PROXY");
        Run.Result r = Run.acrLogin("login", cloud.registry(), "--tool", "docker", "--proxy",
                "http://ci-builder:" + pw + "@127.0.0.1:" + cloud.squid().port()).env(env).go();

        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertTrue(r.err().contains("--proxy: holds a password"), r.err());
        assertFalse(r.all().contains(pw), r.all());
    }
}
