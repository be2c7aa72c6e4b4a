package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.PermissionReport;
import dev.acrbridge.auth.diagnostics.RegistryMode;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.registry.ScopedToken;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.RegistryStack;
import dev.acrbridge.testsvc.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Against a real docker-registry behind nginx (the challenge comes from the real registry): the refresh token from
 * the exchange yields scoped access tokens that the real registry accepts exactly as far as they grant.
 */
class RealRegistryTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    static RegistryStack stack;

    @BeforeAll
    static void start() {
        stack = RegistryStack.start(cloud.svc());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static int get(String path, ScopedToken token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://" + stack.registryHost() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token.accessToken().reveal());
        }
        return HttpClient.newBuilder().sslContext(cloud.svc().sslContext()).build()
                .send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void scopedTokensOpenTheRealRegistryExactlyAsFarAsGranted() throws Exception {
        cloud.svc().acr().mode(dev.acrbridge.testsvc.RegistryMode.ABAC);
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        Principal sp = cloud.svc().entra().servicePrincipal(tenant, client, "stack-secret-value");
        cloud.svc().acr().assign(sp, Role.REPOSITORY_READER, "ci/*");
        IdentitySpec identity = new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of("stack-secret-value"));
        AcrAuth auth = LocalCloud.auth(cloud.svc()).allowRegistryHosts(Set.of(stack.registryHost()))
                .registryMode(RegistryMode.ABAC).build();

        RegistryCredential cred = auth.credential(identity, stack.registryHost());
        assertEquals(stack.registryHost(), cred.loginServer());
        ScopedToken ci = auth.scopedToken(identity, stack.registryHost(), List.of("repository:ci/demo:pull"));
        ScopedToken other = auth.scopedToken(identity, stack.registryHost(), List.of("repository:other/app:pull"));

        assertEquals(401, get("/v2/", null));
        assertEquals(200, get("/v2/", ci));
        assertEquals(404, get("/v2/ci/demo/tags/list", ci), "authorised: the repository just does not exist yet");
        assertEquals(401, get("/v2/other/app/tags/list", other), "nothing granted outside the ABAC condition");

        PermissionReport report = auth.checkPermissions(identity, stack.registryHost(), List.of("ci/demo:push"));
        assertTrue(report.lines().get(0).advice().startsWith("Container Registry Repository Writer"),
                report.summary());
    }
}
