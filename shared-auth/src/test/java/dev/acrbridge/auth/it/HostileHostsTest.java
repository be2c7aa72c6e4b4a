package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.diagnostics.UntrustedRegistryException;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Role;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile registry hosts are refused before any request. The test hosts file (surefire's jdk.net.hosts.file) maps
 * the look-alike names to 127.0.0.1, so a host trusted by mistake would really reach the local service: the
 * request log proves nothing did (no Entra call, no challenge, no exchange).
 */
class HostileHostsTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    static AcrAuth auth;
    static IdentitySpec identity;
    static int port;

    @BeforeAll
    static void start() {
        String host = cloud.svc().registryHost();
        port = Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
        identity = cloud.servicePrincipal(LocalCloud.guid(), LocalCloud.guid(), "hostile-secret-value", Role.ACR_PUSH);
        auth = LocalCloud.auth(cloud.svc()).build(); // opts in exactly 127.0.0.1:PORT
    }

    static Stream<String> hostileHosts() {
        String p = ":" + port;
        return Stream.of(
                "contoso.azurecr.io.evil.example" + p, "https://contoso.azurecr.io.evil.example" + p,
                "contoso.azurecr.io.evil.example", "evil.example" + p, "contosoazurecr.io" + p, "evil-azurecr.io" + p,
                "azurecr.io" + p, "azurecr.io", ".azurecr.io",
                "contoso.azurecr.io" + p,                                      // odd port on a trusted name
                "contoso.azurecr.io:8443", "contoso.azurecr.io:80", "contoso.azurecr.io:0", "contoso.azurecr.io:99999",
                "http://127.0.0.1" + p, "http://contoso.azurecr.io", "ftp://contoso.azurecr.io", "//127.0.0.1" + p,
                "user@127.0.0.1" + p, "https://user:pw@127.0.0.1" + p, "contoso.azurecr.io@evil.example" + p,
                "evil.example" + p + "@contoso.azurecr.io", "contoso.azurecr.io\\@evil.example" + p,
                "c\u043entoso.azurecr.io", "xn--contso-3ya.azurecr.io", "contoso.xn--azurecr-9za.io",
                "contoso.azurecr.io.", "contoso.azurecr.io." + p, "127.0.0.1.",
                "127.0.0.1", "127.0.0.2" + p, "[::1]" + p, "[::ffff:127.0.0.1]" + p, "0x7f000001" + p,
                "127.0.0.1" + p + "/v2/", "contoso.azurecr.io/evil", "127.0.0.1" + p + "?x=1", "127.0.0.1" + p + "#f",
                "https://127.0.0.1" + p + "/oauth2/token", "contoso.azurecr.cn", "contoso .azurecr.io",
                "contoso.azurecr.io\n.evil.example", "-contoso.azurecr.io", "contoso..azurecr.io");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileHosts")
    void refusedWithoutAnyRequest(String registry) {
        AcrAuthException e = assertThrows(AcrAuthException.class, () -> auth.credential(identity, registry));
        assertTrue(e instanceof UntrustedRegistryException || e instanceof InvalidConfigurationException,
                e.getClass() + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was sent") || e instanceof InvalidConfigurationException
                || e.getMessage().contains("port"), e.getMessage());
        assertEquals(List.of(), cloud.svc().requestsSettled(), "no request may reach the service for " + registry);
    }

    @Test
    void theHostsFileReallyPointsLookAlikesAtTheService() throws Exception {
        // guards the test itself: without this mapping a wrongly trusted host would fail at DNS and prove nothing
        assertEquals("127.0.0.1", InetAddress.getByName("contoso.azurecr.io.evil.example").getHostAddress());
        assertEquals("127.0.0.1", InetAddress.getByName("contoso.azurecr.io").getHostAddress());
    }

    @Test
    void theOptedInHostWorksAndCaseIsNormalised() {
        assertEquals(cloud.svc().registryHost(), auth.credential(identity, "HTTPS://" + cloud.svc()
                .registryHost() + "/").loginServer());
        assertEquals("contoso.azurecr.io", auth.loginServer("Contoso.AzureCR.io"));
        assertEquals("contoso.azurecr.io", auth.loginServer("contoso"));
        assertEquals("contoso.azurecr.io", auth.loginServer("contoso.azurecr.io:443"));
    }

    @Test
    void gitHubOidcRequestTokenNeverTravelsOverPlainHttpOffLoopback() {
        // resolves to the service
        String plain = cloud.svc().githubOidcRequestUrl().replace("127.0.0.1", "evil.example");
        IdentitySpec gh = new IdentitySpec.GitHubOidc(LocalCloud.guid(), LocalCloud.guid(), java.net.URI.create(plain),
                Secret.of(cloud.svc().githubOidcRequestToken()), null);
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> auth.credential(gh, cloud.svc().registryHost()));
        assertEquals("ACTIONS_ID_TOKEN_REQUEST_URL", e.field());
        assertEquals(List.of(), cloud.svc().requestsSettled().stream()
                .filter(r -> r.endpoint() != dev.acrbridge.testsvc.Endpoint.ACR_CHALLENGE).toList(),
                "the request token went nowhere (only the registry challenge may have been fetched)");
    }

    @Test
    void anInsecureAuthorityHostIsRefusedBeforeAnyRequest() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () ->
                LocalCloud.auth(cloud.svc())
                        .environment(Map.of("AZURE_AUTHORITY_HOST", "http://127.0.0.1:" + port)).build());
        assertEquals("AZURE_AUTHORITY_HOST", e.field());
        assertEquals(List.of(), cloud.svc().requestsSettled());
    }
}
