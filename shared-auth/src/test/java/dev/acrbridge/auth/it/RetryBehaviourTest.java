package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.ThrottledException;
import dev.acrbridge.auth.settings.LoginSettings;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.retry.RetrySettings;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Fault;
import dev.acrbridge.testsvc.LoggedRequest;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backoff against the real service: Retry-After honoured, transient failures retried, client errors never. */
class RetryBehaviourTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    static IdentitySpec identity;

    @BeforeAll
    static void start() {
        identity = cloud.servicePrincipal(LocalCloud.guid(), LocalCloud.guid(), "retry-secret-value", Role.ACR_PUSH);
    }

    @Test
    void exchangeWaitsTheRetryAfterTheRegistrySends() {
        cloud.svc().faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(429).retryAfter(Duration.ofSeconds(1))
                .times(2));

        // FAST_RETRY waits at most 200 ms
        LocalCloud.auth(cloud.svc()).build().credential(identity, cloud.svc().registryHost());

        List<LoggedRequest> calls = LocalCloud.requests(cloud.svc(), Endpoint.ACR_EXCHANGE);
        assertEquals(List.of(429, 429, 200), calls.stream().map(LoggedRequest::status).toList());
        for (int i = 1; i < calls.size(); i++) {
            Duration gap = Duration.between(calls.get(i - 1).at(), calls.get(i).at());
            assertTrue(gap.compareTo(Duration.ofMillis(950)) >= 0, "waited Retry-After: 1 s, gap was " + gap);
        }
    }

    @Test
    void entraThrottlingIsRetriedByAzureIdentityWithTheSameBounds() {
        cloud.svc().faults().inject(Endpoint.ENTRA_TOKEN, Fault.status(429).retryAfter(Duration.ofSeconds(1)).once());

        LocalCloud.auth(cloud.svc()).build().credential(identity, cloud.svc().registryHost());

        List<LoggedRequest> calls = LocalCloud.requests(cloud.svc(), Endpoint.ENTRA_TOKEN);
        assertEquals(List.of(429, 200), calls.stream().map(LoggedRequest::status).toList());
        assertTrue(Duration.between(calls.get(0).at(), calls.get(1).at()).compareTo(Duration.ofMillis(950)) >= 0);
    }

    @Test
    void resetsAndServerErrorsAreRetriedUntilTheyPass() {
        cloud.svc().faults().inject(Endpoint.ACR_CHALLENGE, Fault.reset().once());
        cloud.svc().faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(503).once());

        LocalCloud.auth(cloud.svc()).build().credential(identity, cloud.svc().registryHost());

        assertEquals(List.of(0, 401), LocalCloud.requests(cloud.svc(), Endpoint.ACR_CHALLENGE).stream()
                .map(LoggedRequest::status).toList());
        assertEquals(List.of(503, 200), LocalCloud.requests(cloud.svc(), Endpoint.ACR_EXCHANGE).stream()
                .map(LoggedRequest::status).toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404})
    void clientErrorsAreNeverRetried(int status) {
        cloud.svc().faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(status));
        AcrAuthException e = assertThrows(AcrAuthException.class,
                () -> LocalCloud.auth(cloud.svc()).build().credential(identity, cloud.svc().registryHost()));
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ACR_EXCHANGE), e.getMessage());
        assertTrue(!e.isTransient(), e.getMessage());
    }

    @Test
    void persistentThrottlingGivesUpWithinTheBudgetAndSaysSo() {
        cloud.svc().faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(429).retryAfter(Duration.ofSeconds(30)));
        AcrAuth auth = LocalCloud.auth(cloud.svc())
                .retry(new RetrySettings(5, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5)))
                .build();
        long start = System.nanoTime();

        ThrottledException e = assertThrows(ThrottledException.class, () -> auth.credential(identity, cloud.svc()
                .registryHost()));

        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0,
                "a Retry-After beyond the budget is not waited out");
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ACR_EXCHANGE));
        assertEquals(Duration.ofSeconds(30), e.retryAfter());
        assertTrue(e.isTransient());
        assertTrue(e.fix().contains("retry later"), e.getMessage());
    }

    @Test
    void gitHubOidcEndpointFailuresAreRetried() {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        Principal p = cloud.svc().entra().federatedPrincipal(tenant, client, cloud.svc().github().issuer(), cloud.svc()
                .github().subject(),
                "api://AzureADTokenExchange");
        cloud.svc().acr().assign(p, Role.ACR_PULL);
        IdentitySpec gh = LoginSettings.fromEnvironment(Map.of("AZURE_TENANT_ID", tenant, "AZURE_CLIENT_ID", client,
                "ACTIONS_ID_TOKEN_REQUEST_URL", cloud.svc().githubOidcRequestUrl(),
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", cloud.svc().githubOidcRequestToken())).identity();
        cloud.svc().faults().inject(Endpoint.GITHUB_OIDC, Fault.status(502).once());

        LocalCloud.auth(cloud.svc()).build().credential(gh, cloud.svc().registryHost());

        assertEquals(List.of(502, 200), LocalCloud.requests(cloud.svc(), Endpoint.GITHUB_OIDC).stream()
                .map(LoggedRequest::status).toList());
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN));
    }

    @Test
    void anUnreachableGitHubOidcEndpointIsReportedAsGitHubNotAsTheRegistry() throws Exception {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        IdentitySpec gh = LoginSettings.fromEnvironment(Map.of("AZURE_TENANT_ID", LocalCloud.guid(), "AZURE_CLIENT_ID",
                LocalCloud.guid(), "ACTIONS_ID_TOKEN_REQUEST_URL", "http://127.0.0.1:" + closed + "/token",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token")).identity();

        long entraBefore = LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN);
        AcrAuthException e = assertThrows(AcrAuthException.class,
                () -> LocalCloud.auth(cloud.svc()).build().credential(gh, cloud.svc().registryHost()));

        assertTrue(e.getMessage().contains("GitHub OIDC token endpoint 127.0.0.1"), e.getMessage());
        assertTrue(e.fix().contains("githubstatus"), e.fix());
        assertTrue(!e.getMessage().contains("registry name") && !e.getMessage().contains("suffix"), e.getMessage());
        assertTrue(e.isTransient());
        assertEquals(entraBefore, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN), "no assertion, no Entra call");
    }
}
