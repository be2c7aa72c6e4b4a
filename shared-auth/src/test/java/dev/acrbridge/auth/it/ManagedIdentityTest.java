package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.LoggedRequest;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Managed identity through azure-identity in a child JVM: msal4j reads the endpoints only from the real process
 * environment, so each case starts a JVM with IDENTITY_ENDPOINT/IDENTITY_HEADER (App Service, Container Apps) or
 * AZURE_POD_IDENTITY_AUTHORITY_HOST (IMDS) set. One JVM runs several identities to keep the suite fast.
 */
class ManagedIdentityTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();

    private static void assertOk(List<String> lines, String name) {
        String r = ChildJvm.result(lines, name);
        assertTrue(r.startsWith("RESULT " + name + " ok 00000000-0000-0000-0000-000000000000 MANAGED_IDENTITY"),
                r + "\n" + String.join("\n", lines));
    }

    @Test
    void appServiceSystemAndUserAssignedByEveryIdType() throws Exception {
        Principal system = cloud.svc().entra().systemAssignedIdentity();
        cloud.svc().acr().assign(system, Role.ACR_PULL);
        String clientId = LocalCloud.guid();
        String objectId = LocalCloud.guid();
        String resourceId = "/subscriptions/" + LocalCloud.guid()
                + "/resourceGroups/ci/providers/Microsoft.ManagedIdentity/userAssignedIdentities/builder";
        Principal uami = cloud.svc().entra().userAssignedIdentity(clientId, objectId, resourceId);
        cloud.svc().acr().assign(uami, Role.ACR_PUSH);
        Map<String, String> env = new HashMap<>();
        env.put("IDENTITY_ENDPOINT", cloud.svc().appServiceEndpoint());
        env.put("IDENTITY_HEADER", cloud.svc().appServiceHeader());

        List<String> lines = ChildJvm.run(cloud.svc(), env, "system", "client;AZURE_CLIENT_ID=" + clientId,
                "object;AZURE_CLIENT_ID=" + objectId + ";ACR_MANAGED_IDENTITY_ID_TYPE=object-id",
                "resource;AZURE_CLIENT_ID=" + resourceId,
                "unknown;AZURE_CLIENT_ID=" + LocalCloud.guid());

        assertOk(lines, "system");
        assertOk(lines, "client");
        assertOk(lines, "object");
        assertOk(lines, "resource");
        String unknown = ChildJvm.result(lines, "unknown");
        assertTrue(unknown.contains("error EntraAuthenticationException"), unknown);
        assertTrue(unknown.contains("attach the identity"), unknown);
        assertEquals(4, LocalCloud.count(cloud.svc(), Endpoint.ACR_EXCHANGE), "one exchange per identity that exists");

        List<LoggedRequest> calls = LocalCloud.requests(cloud.svc(), Endpoint.APP_SERVICE);
        for (LoggedRequest call : calls) {
            assertEquals("https://containerregistry.azure.net", call.queryParam("resource"), "ACR audience");
            assertEquals(cloud.svc().appServiceHeader(), call.header("X-IDENTITY-HEADER"));
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
        Principal uami = cloud.svc().entra().userAssignedIdentity(clientId, LocalCloud.guid(), null);
        cloud.svc().acr().assign(uami, Role.ACR_PULL);

        List<String> lines = ChildJvm.run(cloud.svc(), Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", cloud.svc()
                .imdsAuthorityHost()),
                "imds;ACR_AUTH_TYPE=managed-identity;AZURE_CLIENT_ID=" + clientId);

        assertOk(lines, "imds");
        List<LoggedRequest> calls = LocalCloud.requests(cloud.svc(), Endpoint.IMDS);
        assertEquals(1, calls.size());
        assertEquals("true", calls.get(0).header("Metadata"));
        assertEquals("https://containerregistry.azure.net", calls.get(0).queryParam("resource"));
        assertEquals(clientId, calls.get(0).queryParam("client_id"));
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ACR_EXCHANGE));
    }

    /**
     * azure-identity wraps the real failure in "Managed Identity authentication failed, see inner exception"; the
     * message must carry the inner cause, which is all a user can act on (Jenkins prints it in the build log).
     */
    @Test
    void anUnreachableEndpointIsReportedWithItsInnerCause() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("IDENTITY_ENDPOINT", "http://127.0.0.1:1/msi/token");
        env.put("IDENTITY_HEADER", "header-secret-value");
        List<String> lines = ChildJvm.run(cloud.svc(), env, "down");
        String down = ChildJvm.result(lines, "down");
        assertTrue(down.contains("error EntraAuthenticationException"), down);
        assertTrue(down.toLowerCase(java.util.Locale.ROOT).contains("connect"), "the inner cause is named: " + down);
        assertTrue(!down.contains("header-secret-value"), down);
    }
}
