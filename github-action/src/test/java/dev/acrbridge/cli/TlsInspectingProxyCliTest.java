package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Role;
import dev.acrbridge.testsvc.SquidProxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acr-login} behind a TLS-inspecting proxy (squid ssl-bump): the proxy decrypts every request and presents
 * certificates of its own CA. Without that CA the login fails naming {@code --ca-file}; with it (and only it) in
 * {@code --ca-file} the login succeeds, and the proxy's log shows every Entra and registry request it inspected.
 */
class TlsInspectingProxyCliTest {
    private static final String ENTRA = "entra." + LocalAzure.PROXIED_DOMAIN;
    private static final String REGISTRY = "registry." + LocalAzure.PROXIED_DOMAIN;
    private static final String TENANT = UUID.randomUUID().toString();
    private static final String CLIENT = UUID.randomUUID().toString();
    private static final String CLIENT_SECRET = "sp-" + UUID.randomUUID();
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
        squid = SquidProxy.inspectingTls(svc.caCertificatePem(), ENTRA, REGISTRY);
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

    private Map<String, String> env() {
        Map<String, String> env = ClientEnvironment.servicePrincipal(home, svc, registry, TENANT, CLIENT);
        env.put("AZURE_AUTHORITY_HOST", svc.httpsUnder(ENTRA).toString());
        env.put("AZURE_CLIENT_SECRET", CLIENT_SECRET);
        env.put("HTTPS_PROXY", squid.url());
        env.remove("ACR_LOGIN_CA_FILE");
        return env;
    }

    @Test
    void withoutTheProxysCaTheErrorNamesTheCaOption() {
        Map<String, String> env = env();
        Run.Result r = Run.acrLogin("login", registry, "--tool", "docker", "--ca-file",
                svc.caCertificatePem().toString()).env(env).go();

        assertEquals(ExitCodes.TRANSIENT, r.exit(), r.all());
        assertTrue(r.err().contains("TLS certificate not trusted (unknown issuer)"), r.err());
        assertTrue(r.err().contains("--ca-file"), r.err());
    }

    @Test
    void withTheProxysCaInCaFileTheLoginSucceedsAndEveryRequestWasInspected() {
        Run.Result r = Run.acrLogin("login", registry, "--tool", "docker", "--ca-file",
                squid.inspectionCa().toString()).env(env()).go().ok();

        String port = String.valueOf(svc.httpsUnder(ENTRA).getPort());
        List<SquidProxy.Entry> log = squid.accessLog();
        assertTrue(log.stream().anyMatch(e -> e.method().equals("POST") && e.status() == 200
                && e.target().startsWith("https://" + ENTRA + ":" + port + "/" + TENANT + "/oauth2/v2.0/token")),
                "the Entra token request, decrypted by the proxy:\n" + squid.rawAccessLog());
        assertTrue(log.stream().anyMatch(e -> e.method().equals("GET")
                && e.target().equals("https://" + REGISTRY + ":" + port + "/v2/")), squid.rawAccessLog());
        assertTrue(log.stream().anyMatch(e -> e.method().equals("POST") && e.status() == 200
                && e.target().startsWith("https://" + REGISTRY + ":" + port + "/oauth2/exchange")), squid.rawAccessLog());
        assertFalse(r.all().contains(CLIENT_SECRET), r.all());
    }
}
