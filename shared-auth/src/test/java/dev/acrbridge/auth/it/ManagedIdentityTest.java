package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.LoggedRequest;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Managed identity through azure-identity in a child JVM: msal4j reads the endpoints only from the real process
 * environment, so each case starts a JVM with IDENTITY_ENDPOINT/IDENTITY_HEADER (App Service, Container Apps) or
 * AZURE_POD_IDENTITY_AUTHORITY_HOST (IMDS) set. One JVM runs several identities to keep the suite fast.
 */
class ManagedIdentityTest {
    static LocalAzure svc;

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    @BeforeEach
    void clean() {
        svc.clearRequests();
    }

    /** Starts {@link ChildProbe} with exactly the given environment (plus PATH) and returns its output lines. */
    static List<String> probe(Map<String, String> env, String... cases) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-Djdk.net.hosts.file=" + System.getProperty("acr.test.hostsFile"), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ChildProbe.class.getName(),
                svc.authorityHost().toString(), svc.registryHost(), svc.caCertificatePem().toString()));
        command.addAll(List.of(cases));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes(); // bounded: the child's HTTP calls all have timeouts and it exits by itself
        }
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 90 s");
        }
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }

    static String result(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith("RESULT " + name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT " + name + " in:\n" + String.join("\n", lines)));
    }

    private static void assertOk(List<String> lines, String name) {
        String r = result(lines, name);
        assertTrue(r.startsWith("RESULT " + name + " ok 00000000-0000-0000-0000-000000000000 MANAGED_IDENTITY"),
                r + "\n" + String.join("\n", lines));
    }

    @Test
    void appServiceSystemAndUserAssignedByEveryIdType() throws Exception {
        Principal system = svc.entra().systemAssignedIdentity();
        svc.acr().assign(system, Role.ACR_PULL);
        String clientId = LocalCloud.guid();
        String objectId = LocalCloud.guid();
        String resourceId = "/subscriptions/" + LocalCloud.guid()
                + "/resourceGroups/ci/providers/Microsoft.ManagedIdentity/userAssignedIdentities/builder";
        Principal uami = svc.entra().userAssignedIdentity(clientId, objectId, resourceId);
        svc.acr().assign(uami, Role.ACR_PUSH);
        Map<String, String> env = new HashMap<>();
        env.put("IDENTITY_ENDPOINT", svc.appServiceEndpoint());
        env.put("IDENTITY_HEADER", svc.appServiceHeader());

        List<String> lines = probe(env, "system", "client;AZURE_CLIENT_ID=" + clientId,
                "object;AZURE_CLIENT_ID=" + objectId + ";ACR_MANAGED_IDENTITY_ID_TYPE=object-id",
                "resource;AZURE_CLIENT_ID=" + resourceId,
                "unknown;AZURE_CLIENT_ID=" + LocalCloud.guid());

        assertOk(lines, "system");
        assertOk(lines, "client");
        assertOk(lines, "object");
        assertOk(lines, "resource");
        String unknown = result(lines, "unknown");
        assertTrue(unknown.contains("error EntraAuthenticationException"), unknown);
        assertTrue(unknown.contains("attach the identity"), unknown);
        assertEquals(4, LocalCloud.count(svc, Endpoint.ACR_EXCHANGE), "one exchange per identity that exists");

        List<LoggedRequest> calls = LocalCloud.requests(svc, Endpoint.APP_SERVICE);
        for (LoggedRequest call : calls) {
            assertEquals("https://containerregistry.azure.net", call.queryParam("resource"), "ACR audience");
            assertEquals(svc.appServiceHeader(), call.header("X-IDENTITY-HEADER"));
        }
        assertTrue(calls.stream().anyMatch(c -> clientId.equals(c.queryParam("client_id"))));
        assertTrue(calls.stream().anyMatch(c -> objectId.equals(c.queryParam("principal_id"))
                || objectId.equals(c.queryParam("object_id"))), "object id sent");
        assertTrue(calls.stream().anyMatch(c -> resourceId.equals(c.queryParam("mi_res_id"))
                || resourceId.equals(c.queryParam("msi_res_id"))), "resource id sent");
    }

    @Test
    void imdsThroughThePodIdentityOverride() throws Exception {
        String clientId = LocalCloud.guid();
        Principal uami = svc.entra().userAssignedIdentity(clientId, LocalCloud.guid(), null);
        svc.acr().assign(uami, Role.ACR_PULL);

        List<String> lines = probe(Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", svc.imdsAuthorityHost()),
                "imds;ACR_AUTH_TYPE=managed-identity;AZURE_CLIENT_ID=" + clientId);

        assertOk(lines, "imds");
        List<LoggedRequest> calls = LocalCloud.requests(svc, Endpoint.IMDS);
        assertEquals(1, calls.size());
        assertEquals("true", calls.get(0).header("Metadata"));
        assertEquals("https://containerregistry.azure.net", calls.get(0).queryParam("resource"));
        assertEquals(clientId, calls.get(0).queryParam("client_id"));
        assertEquals(1, LocalCloud.count(svc, Endpoint.ACR_EXCHANGE));
    }
}
