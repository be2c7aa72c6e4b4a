package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.proxy.ProxyException;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import dev.acrbridge.testsvc.SquidProxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Logins through a real squid on loopback. Entra, GitHub and the registry are addressed by names under
 * {@link LocalAzure#PROXIED_DOMAIN} that only squid resolves (this JVM's hosts file lacks them), so a login can only
 * succeed through the proxy; squid's access log shows each tunnel. {@code direct.proxied.test} is in the test
 * hosts file: with it in NO_PROXY it is reached without the proxy.
 */
class ProxyTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    static final String ENTRA = "entra." + LocalAzure.PROXIED_DOMAIN;
    static final String GITHUB = "github." + LocalAzure.PROXIED_DOMAIN;
    static final String REGISTRY = "registry." + LocalAzure.PROXIED_DOMAIN;
    static final String DIRECT = "direct." + LocalAzure.PROXIED_DOMAIN;
    static SquidProxy squid;

    @BeforeAll
    static void startProxy() {
        squid = SquidProxy.open(ENTRA, GITHUB, REGISTRY, DIRECT);
    }

    @AfterAll
    static void stopProxy() {
        if (squid != null) {
            squid.close();
        }
    }

    private static AcrAuth auth(String entraName, Set<String> registries, Map<String, String> env) {
        return AcrAuth.builder()
                .cloud(AzureCloud.custom(cloud.svc().httpsUnder(entraName), ".azurecr.io",
                        "https://management.azure.com"))
                .sslContext(cloud.svc().sslContext()).allowRegistryHosts(registries).environment(env)
                .requestTimeout(Duration.ofSeconds(10)).retry(LocalCloud.FAST_RETRY).build();
    }

    private static IdentitySpec.GitHubOidc githubApp(Role role) {
        String client = LocalCloud.guid();
        String tenant = LocalCloud.guid();
        Principal app = cloud.svc().entra().federatedPrincipal(tenant, client, cloud.svc().github().issuer(),
                cloud.svc().github().subject(), "api://AzureADTokenExchange");
        cloud.svc().acr().assign(app, role);
        return new IdentitySpec.GitHubOidc(tenant, client,
                URI.create(cloud.svc().httpsUnder(GITHUB) + "/github/oidc/token?api-version=2.0"),
                Secret.of(cloud.svc().githubOidcRequestToken()), null);
    }

    private static String port() {
        return String.valueOf(cloud.svc().httpsUnder(ENTRA).getPort());
    }

    @Test
    void everyOidcEntraAndRegistryRequestOfALoginTunnelsThroughHttpsProxy() {
        String registry = cloud.svc().addRegistryName(REGISTRY);
        AcrAuth auth = auth(ENTRA, Set.of(registry), Map.of("HTTPS_PROXY", squid.url()));

        RegistryCredential cred = auth.credential(githubApp(Role.ACR_PUSH), registry);

        assertEquals(RegistryCredential.NULL_GUID, cred.username());
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.GITHUB_OIDC));
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN));
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ACR_CHALLENGE));
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ACR_EXCHANGE));
        List<String> hosts = List.of(GITHUB + ":" + port(), ENTRA + ":" + port(), REGISTRY + ":" + port());
        List<SquidProxy.Entry> log = squid.awaitEntries(l -> hosts.stream().allMatch(
                h -> l.stream().anyMatch(e -> e.tunnelTo(h))), Duration.ofSeconds(20));
        for (String h : hosts) {
            assertTrue(log.stream().anyMatch(e -> e.tunnelTo(h)), "CONNECT " + h + " in:\n" + squid.rawAccessLog());
        }
    }

    @Test
    void aNoProxyHostIsReachedDirectlyWhileTheOthersTunnel() {
        String registry = cloud.svc().addRegistryName(DIRECT);
        AcrAuth auth = auth(ENTRA, Set.of(registry), Map.of("HTTPS_PROXY", squid.url(),
                "NO_PROXY", "example.org, ." + "unrelated.test," + DIRECT + ":" + port()));

        RegistryCredential cred = auth.credential(githubApp(Role.ACR_PULL), registry);

        assertEquals(RegistryCredential.NULL_GUID, cred.username());
        List<SquidProxy.Entry> log = squid.awaitEntries(l -> l.stream().anyMatch(e -> e.tunnelTo(ENTRA + ":" + port())
                && l.stream().anyMatch(g -> g.tunnelTo(GITHUB + ":" + port()))), Duration.ofSeconds(20));
        assertTrue(log.stream().anyMatch(e -> e.tunnelTo(ENTRA + ":" + port())), squid.rawAccessLog());
        assertFalse(squid.rawAccessLog().contains(DIRECT), "the NO_PROXY host went through the proxy:\n"
                + squid.rawAccessLog());
    }

    @Test
    void aJvmThatRefusesBasicForTunnelsGetsAMessageNamingTheProxyAndTheSetting() {
        // this test JVM keeps the JDK default (jdk.http.auth.tunneling.disabledSchemes=Basic), as a Jenkins
        // controller does unless its administrator changes it; acr-login and the action enable Basic themselves
        assertNull(System.getProperty("jdk.http.auth.tunneling.disabledSchemes"));
        String password = "proxy-pw-" + LocalCloud.guid();
        try (SquidProxy authenticating = SquidProxy.withBasicAuth("builder", password, ENTRA, REGISTRY)) {
            String registry = cloud.svc().addRegistryName(REGISTRY);
            AcrAuth auth = auth(ENTRA, Set.of(registry), Map.of("HTTPS_PROXY", authenticating.urlWith(password)));
            String tenant = LocalCloud.guid();
            String client = LocalCloud.guid();
            cloud.svc().acr().assign(cloud.svc().entra().servicePrincipal(tenant, client, "sp-secret"), Role.ACR_PULL);

            ProxyException e = assertThrows(ProxyException.class, () -> auth.credential(
                    new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of("sp-secret")), registry));

            assertTrue(e.getMessage().startsWith("The proxy " + authenticating.url() + " asked for Basic"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("-Djdk.http.auth.tunneling.disabledSchemes="), e.getMessage());
            assertFalse(e.getMessage().contains(password), e.getMessage());
            assertFalse(e.isTransient());
            assertEquals(0, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN), "nothing reached Entra");
        }
    }
}
