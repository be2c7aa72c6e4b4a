package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Role;
import dev.acrbridge.testsvc.SquidProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acr-login} as a child process behind a real squid that wants Basic authentication. Entra and the registry
 * have names only squid resolves, so a login can only succeed through it. The CLI process enables Basic for HTTPS
 * tunnels itself (the JDK disables it by default); squid's access log names the proxy user of each tunnel.
 */
class ProxyCliTest {
    private static final String ENTRA = "entra." + LocalAzure.PROXIED_DOMAIN;
    private static final String REGISTRY = "registry." + LocalAzure.PROXIED_DOMAIN;
    private static final String TENANT = UUID.randomUUID().toString();
    private static final String CLIENT = UUID.randomUUID().toString();
    private static final String CLIENT_SECRET = "sp-" + UUID.randomUUID();
    private static final String PROXY_PASSWORD = "pr0xy:p@ss-" + UUID.randomUUID();
    private static LocalAzure svc;
    private static SquidProxy squid;
    private static String registry;
    @TempDir
    Path home;

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
        registry = svc.addRegistryName(REGISTRY);
        svc.acr().assign(svc.entra().servicePrincipal(TENANT, CLIENT, CLIENT_SECRET), Role.ACR_PUSH);
        squid = SquidProxy.withBasicAuth("ci-builder", PROXY_PASSWORD, ENTRA, REGISTRY);
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

    /** The password percent-encoded for a URL (':' and '@' must be). */
    private static String encoded(String password) {
        return password.replace("%", "%25").replace(":", "%3A").replace("@", "%40");
    }

    private Map<String, String> env(String proxyUrl) {
        Map<String, String> env = ClientEnvironment.servicePrincipal(home, svc, registry, TENANT, CLIENT);
        env.put("AZURE_AUTHORITY_HOST", svc.httpsUnder(ENTRA).toString());
        env.put("AZURE_CLIENT_SECRET", CLIENT_SECRET);
        env.put("HTTPS_PROXY", proxyUrl);
        return env;
    }

    @Test
    void loginSucceedsThroughAnAuthenticatingProxyNamedByHttpsProxy() throws Exception {
        Run.Result r = Run.acrLogin("login", registry, "--tool", "docker")
                .env(env(squid.urlWith(encoded(PROXY_PASSWORD)))).go().ok();

        String dockerConfig = r.out().lines().filter(l -> l.startsWith("DOCKER_CONFIG=")).findFirst()
                .orElseThrow(() -> new AssertionError("no DOCKER_CONFIG in: " + r.out())).substring(14);
        String config = Files.readString(Path.of(dockerConfig, "config.json"));
        assertTrue(config.contains(registry), config);
        String port = String.valueOf(svc.httpsUnder(ENTRA).getPort());
        List<SquidProxy.Entry> log = squid.accessLog();
        for (String host : List.of(ENTRA + ":" + port, REGISTRY + ":" + port)) {
            assertTrue(log.stream().anyMatch(e -> e.tunnelTo(host) && "ci-builder".equals(e.user())),
                    "an authenticated CONNECT " + host + " in:\n" + squid.rawAccessLog());
        }
        assertFalse(r.all().contains(PROXY_PASSWORD) || r.all().contains(encoded(PROXY_PASSWORD)), r.all());
    }

    @Test
    void aWrongProxyPasswordFailsNamingTheProxyNotEntraAndNeverThePassword() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        int before = squid.accessLog().size(); // earlier logins' tunnels are logged once their process ended
        Run.Result r = Run.acrLogin("login", registry, "--tool", "docker").env(env(squid.urlWith(wrong))).go();

        assertEquals(ExitCodes.AUTH_FAILED, r.exit(), r.all());
        assertTrue(r.err().contains("The proxy " + squid.url() + " rejected the credentials of proxy user "
                + "'ci-builder' (HTTP 407)."), r.err());
        assertTrue(r.err().contains("HTTPS_PROXY"), "the fix names where the password is set: " + r.err());
        assertFalse(r.err().contains("Entra refused"), r.err());
        assertFalse(r.all().contains(wrong), r.all());
        assertFalse(Files.exists(home.resolve(".docker/config.json")), "nothing half-written");
        assertFalse(Files.exists(home.resolve(".config/acr-login/docker/config.json")), "nothing half-written");
        String port = String.valueOf(svc.httpsUnder(ENTRA).getPort());
        long refusedEntra = squid.accessLog().stream().skip(before).filter(e -> e.method().equals("CONNECT")
                && e.status() == 407 && e.target().equals(ENTRA + ":" + port)).count();
        assertTrue(refusedEntra >= 1 && refusedEntra <= 2, "one answer to the 407, no retry storm:\n"
                + squid.rawAccessLog());
    }

    @Test
    void aPasswordOnTheCommandLineIsRefusedWithoutRepeatingIt() throws Exception {
        String pw = "cli-" + UUID.randomUUID();
        Map<String, String> env = env(squid.url());
        env.remove("HTTPS_PROXY");
        Run.Result r = Run.acrLogin("login", registry, "--tool", "docker", "--proxy",
                "http://ci-builder:" + pw + "@127.0.0.1:" + squid.port()).env(env).go();

        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertTrue(r.err().contains("--proxy: holds a password"), r.err());
        assertFalse(r.all().contains(pw), r.all());
    }
}
