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
 * hosts file: with it in NO_PROXY it is reached without the proxy; so is {@code mi.proxied.test}, the managed
 * identity endpoint.
 */
class ProxyTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    static final String ENTRA = "entra." + LocalAzure.PROXIED_DOMAIN;
    static final String GITHUB = "github." + LocalAzure.PROXIED_DOMAIN;
    static final String REGISTRY = "registry." + LocalAzure.PROXIED_DOMAIN;
    static final String DIRECT = "direct." + LocalAzure.PROXIED_DOMAIN;
    static final String MI = "mi." + LocalAzure.PROXIED_DOMAIN;
    static SquidProxy squid;

    @BeforeAll
    static void startProxy() {
        squid = SquidProxy.open(ENTRA, GITHUB, REGISTRY, DIRECT, MI);
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

    @Test
    void managedIdentityEndpointsNeverGoThroughTheProxy() throws Exception {
        // left alone, azure-core sends managed identity through the JVM's proxy properties (or, with
        // java.net.useSystemProxies, HTTP(S)_PROXY); all of them point at squid here, and the endpoint has a name
        // both this machine (test hosts file) and squid resolve, so either path would work: squid must see none
        Principal system = cloud.svc().entra().systemAssignedIdentity();
        cloud.svc().acr().assign(system, Role.ACR_PULL);
        String jvmProxy = "-Dhttp.proxyHost=127.0.0.1 -Dhttp.proxyPort=" + squid.port() + " -Dhttps.proxyHost="
                + "127.0.0.1 -Dhttps.proxyPort=" + squid.port() + " -Dhttp.nonProxyHosts= -Djava.net.useSystemProxies=true";
        Map<String, String> proxied = Map.of("HTTPS_PROXY", squid.url(), "HTTP_PROXY", squid.url(),
                "JAVA_TOOL_OPTIONS", jvmProxy);
        Map<String, String> appService = new java.util.HashMap<>(proxied);
        appService.put("IDENTITY_ENDPOINT", cloud.svc().appServiceEndpoint().replace("127.0.0.1", MI));
        appService.put("IDENTITY_HEADER", cloud.svc().appServiceHeader());
        Map<String, String> imds = new java.util.HashMap<>(proxied);
        imds.put("AZURE_POD_IDENTITY_AUTHORITY_HOST", cloud.svc().imdsAuthorityHost().replace("127.0.0.1", MI));

        List<String> viaAppService = ChildJvm.run(cloud.svc(), appService, "app;ACR_AUTH_TYPE=managed-identity");
        String clientId = LocalCloud.guid();
        cloud.svc().acr().assign(cloud.svc().entra().userAssignedIdentity(clientId, LocalCloud.guid(), null),
                Role.ACR_PULL);
        List<String> viaImds = ChildJvm.run(cloud.svc(), imds, "imds;ACR_AUTH_TYPE=managed-identity;AZURE_CLIENT_ID="
                + clientId);

        assertTrue(ChildJvm.result(viaAppService, "app").startsWith("RESULT app ok"), String.join("\n", viaAppService));
        assertTrue(ChildJvm.result(viaImds, "imds").startsWith("RESULT imds ok"), String.join("\n", viaImds)
                + "\nsquid:\n" + squid.rawAccessLog());
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.APP_SERVICE));
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.IMDS));
        assertFalse(squid.rawAccessLog().contains(MI), "managed identity went through the proxy:\n"
                + squid.rawAccessLog());
    }

    @Test
    void anUnknownIssuerAtTheEndOfTheTunnelNamesTheCaOptionOfEveryFace() {
        // what a TLS-inspecting proxy looks like from here: the certificate inside the tunnel is signed by a CA this
        // JVM does not trust (the local test CA stands in for the proxy's)
        String registry = cloud.svc().addRegistryName(REGISTRY);
        AcrAuth auth = AcrAuth.builder()
                .cloud(AzureCloud.custom(cloud.svc().httpsUnder(ENTRA), ".azurecr.io", "https://management.azure.com"))
                .allowRegistryHosts(Set.of(registry)).environment(Map.of("HTTPS_PROXY", squid.url()))
                .requestTimeout(Duration.ofSeconds(10)).retry(LocalCloud.FAST_RETRY).build();
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();

        dev.acrbridge.auth.diagnostics.AcrAuthException e = assertThrows(
                dev.acrbridge.auth.diagnostics.AcrAuthException.class, () -> auth.credential(
                        new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of("x")), registry));

        assertTrue(e.getMessage().contains("TLS certificate not trusted (unknown issuer)"), e.getMessage());
        for (String option : List.of("--ca-file", "ca-certificates", "Extra CA certificates")) {
            assertTrue(e.getMessage().contains(option), option + " in: " + e.getMessage());
        }
        assertFalse(e.isTransient(), "retrying cannot fix trust");
    }
}
