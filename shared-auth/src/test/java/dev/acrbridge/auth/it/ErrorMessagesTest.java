package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.diagnostics.EntraAuthenticationException;
import dev.acrbridge.auth.diagnostics.ErrorCatalog;
import dev.acrbridge.auth.diagnostics.RegistryAccessDeniedException;
import dev.acrbridge.auth.diagnostics.RegistryUnauthorizedException;
import dev.acrbridge.auth.diagnostics.RegistryUnreachableException;
import dev.acrbridge.auth.diagnostics.ThrottledException;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Fault;
import dev.acrbridge.testsvc.Role;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every listed failure, produced by the real service (or the real network stack), gives a message naming the fix. */
class ErrorMessagesTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    static AcrAuth auth;
    static String tenant = LocalCloud.guid();
    static String client = LocalCloud.guid();
    static IdentitySpec identity;

    @BeforeAll
    static void start() {
        identity = cloud.servicePrincipal(tenant, client, "errors-secret-value", Role.ACR_PULL);
        auth = LocalCloud.auth(cloud.svc()).build(); // failures are never cached, so one instance serves every case
    }

    /** Keywords each fix must contain: the thing to change. */
    static Stream<Object[]> aadstsFixes() {
        Map<Integer, String> keyword = Map.ofEntries(
                Map.entry(7000215, "Secret ID"), Map.entry(7000222, "new client secret"),
                Map.entry(700016, "provisioned"), Map.entry(90002, "AZURE_TENANT_ID"),
                Map.entry(900023, "AZURE_TENANT_ID"), Map.entry(50059, "AZURE_TENANT_ID"),
                Map.entry(90019, "AZURE_TENANT_ID"), Map.entry(70021, "subject"), Map.entry(700213, "subject"),
                Map.entry(700211, "issuer"), Map.entry(700212, "api://AzureADTokenExchange"),
                Map.entry(7002131, "claims-matching expression"), Map.entry(700024, "fresh"),
                Map.entry(700027, "upload this certificate"), Map.entry(700030, "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN"),
                Map.entry(70011, "/.default"), Map.entry(500011, "containerregistry.azure.net"),
                Map.entry(7000112, "enable the service principal"), Map.entry(70001, "enable the service principal"),
                Map.entry(53003, "Conditional Access"), Map.entry(50173, "managed identity or OIDC"),
                Map.entry(700082, "managed identity or OIDC"), Map.entry(70043, "managed identity or OIDC"),
                Map.entry(90038, "cloud"), Map.entry(900432, "cloud"));
        assertEquals(ErrorCatalog.aadstsCodes().keySet(), keyword.keySet(), "every catalogued code is tested");
        return keyword.entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue()});
    }

    @ParameterizedTest(name = "AADSTS{0}")
    @MethodSource("aadstsFixes")
    void everyCataloguedAadstsCodeNamesItsFix(int code, String keyword) {
        cloud.svc().faults().inject(Endpoint.ENTRA_TOKEN, Fault.status(400).aadsts(code));

        EntraAuthenticationException e = assertThrows(EntraAuthenticationException.class,
                () -> auth.credential(identity, cloud.svc().registryHost()));

        assertEquals(code, e.aadstsCode());
        assertTrue(e.getMessage().contains("AADSTS" + code), e.getMessage());
        assertTrue(e.fix().contains(keyword), code + " fix should mention '" + keyword + "': " + e.fix());
        assertTrue(e.getMessage().contains(client), "names the identity: " + e.getMessage());
        assertEquals(0, LocalCloud.count(cloud.svc(), Endpoint.ACR_EXCHANGE));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {429, 503})
    void entraThrottlingOrOutageAfterRetriesIsTransient(int status) {
        cloud.svc().faults().inject(Endpoint.ENTRA_TOKEN, Fault.status(status));
        EntraAuthenticationException e = assertThrows(EntraAuthenticationException.class,
                () -> auth.credential(identity, cloud.svc().registryHost()));
        assertTrue(e.isTransient(), e.getMessage());
        assertTrue(e.fix().contains("retry later"), e.getMessage());
        assertEquals(LocalCloud.FAST_RETRY.maxAttempts(), LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN));
    }

    @Test
    void realWrongSecretAndUnknownClientAreExplained() {
        IdentitySpec wrongSecret = new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of("not-it"));
        EntraAuthenticationException e = assertThrows(EntraAuthenticationException.class,
                () -> auth.credential(wrongSecret, cloud.svc().registryHost()));
        assertEquals(7000215, e.aadstsCode(), e.getMessage());

        IdentitySpec unknown = new IdentitySpec.ServicePrincipalSecret(tenant, LocalCloud.guid(), Secret.of("x-secret"));
        EntraAuthenticationException u = assertThrows(EntraAuthenticationException.class,
                () -> auth.credential(unknown, cloud.svc().registryHost()));
        assertEquals(700016, u.aadstsCode(), u.getMessage());
    }

    @Test
    void exchangeWithoutARoleNamesTheRolesToAssign() {
        String otherClient = LocalCloud.guid();
        cloud.svc().entra().servicePrincipal(tenant, otherClient, "no-role-secret");
        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class, () -> auth.credential(
                new IdentitySpec.ServicePrincipalSecret(tenant, otherClient, Secret.of("no-role-secret")),
                cloud.svc().registryHost()));
        assertTrue(e.getMessage().contains("POST /oauth2/exchange"), e.getMessage());
        assertTrue(e.fix().contains("AcrPull") && e.fix().contains("Container Registry Repository Reader"), e.fix());
    }

    @Test
    void deniedAtTheRegistryIsAPermissionProblemUnlessTheFirewallSaysSo() {
        cloud.svc().faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(403));
        RegistryAccessDeniedException e = assertThrows(RegistryAccessDeniedException.class,
                () -> auth.credential(identity, cloud.svc().registryHost()));
        assertFalse(e.isFirewall());
        assertTrue(e.fix().contains("assign"), e.fix());
    }

    @Test
    void firewallDenialOnChallengeOrExchangeNamesTheNetworkRules() {
        for (Endpoint endpoint : new Endpoint[] {Endpoint.ACR_CHALLENGE, Endpoint.ACR_EXCHANGE}) {
            cloud.svc().faults().clear();
            cloud.svc().faults().inject(endpoint, Fault.firewallDenied());
            AcrAuth fresh = LocalCloud.auth(cloud.svc()).build(); // no remembered challenge
            RegistryAccessDeniedException e = assertThrows(RegistryAccessDeniedException.class,
                    () -> fresh.credential(identity, cloud.svc().registryHost()));
            assertTrue(e.isFirewall(), e.getMessage());
            assertTrue(e.getMessage().contains("firewall") && e.fix().contains("network rules"), e.getMessage());
        }
    }

    @Test
    void throttlingThatOutlastsTheRetriesSaysRetryLater() {
        cloud.svc().faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(429));
        ThrottledException e = assertThrows(ThrottledException.class, () -> auth.credential(identity, cloud.svc()
                .registryHost()));
        assertTrue(e.isTransient());
        assertTrue(e.fix().contains("retry later"), e.fix());
    }

    @Test
    void notFoundOnTheExchangeMeansWrongHostOrMethod() {
        cloud.svc().faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(404));
        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
                () -> auth.credential(identity, cloud.svc().registryHost()));
        assertTrue(e.fix().contains("login server") && e.fix().contains("POST"), e.fix());
    }

    @Test
    void unresolvableRegistryIsADnsProblemAndNoTokenIsSent() {
        // trusted by suffix, absent from the test hosts file: resolution fails locally, no DNS traffic at all
        RegistryUnreachableException e = assertThrows(RegistryUnreachableException.class,
                () -> auth.credential(identity, "nosuchregistry.azurecr.io"));
        assertTrue(e.getMessage().contains("DNS"), e.getMessage());
        assertTrue(e.fix().contains("suffix"), e.fix());
        assertFalse(e.isTransient());
        // the Entra token is fetched while the registry is looked up, and is then sent nowhere
        assertTrue(cloud.svc().requestsSettled().stream().allMatch(r -> r.endpoint() == Endpoint.ENTRA_TOKEN),
                cloud.svc().requests().toString());
    }

    @Test
    void untrustedTlsCertificateNamesTheCaFix() {
        AcrAuth noCa = AcrAuth.builder()
                .cloud(AzureCloud.custom(cloud.svc().authorityHost(), ".azurecr.io", "https://management.azure.com"))
                .allowRegistryHosts(Set.of(cloud.svc().registryHost())).environment(Map.of())
                        .retry(LocalCloud.FAST_RETRY)
                .build();
        RegistryUnreachableException e = assertThrows(RegistryUnreachableException.class,
                () -> noCa.credential(identity, cloud.svc().registryHost()));
        assertTrue(e.getMessage().contains("TLS"), e.getMessage());
        assertTrue(e.fix().contains("CA certificate"), e.fix());
        assertEquals(0, LocalCloud.count(cloud.svc(), Endpoint.ACR_CHALLENGE),
                "the handshake failed before any request");
    }

    @Test
    void closedPortIsUnreachableAndTransient() {
        AcrAuth closed = LocalCloud.auth(cloud.svc()).allowRegistryHosts(Set.of("127.0.0.1:9")).build();
        RegistryUnreachableException e = assertThrows(RegistryUnreachableException.class,
                () -> closed.credential(identity, "127.0.0.1:9"));
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("refused") || e.getMessage().contains("broke"), e.getMessage());
    }

    @Test
    void unreachableEntraIsTransientAndSaysWhatToCheck() {
        AcrAuth deadEntra = LocalCloud.auth(cloud.svc()).cloud(AzureCloud.custom(URI.create("https://127.0.0.1:9"),
                ".azurecr.io", "https://management.azure.com")).build();
        EntraAuthenticationException e = assertThrows(EntraAuthenticationException.class,
                () -> deadEntra.credential(identity, cloud.svc().registryHost()));
        assertTrue(e.isTransient(), e.getMessage());
        assertTrue(e.fix().contains("authority host"), e.fix());
    }
}
