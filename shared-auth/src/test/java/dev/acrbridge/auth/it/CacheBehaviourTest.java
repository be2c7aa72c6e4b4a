package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.MutableClock;
import dev.acrbridge.auth.diagnostics.RegistryUnauthorizedException;
import dev.acrbridge.auth.diagnostics.RegistryUnreachableException;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Fault;
import dev.acrbridge.testsvc.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The credential cache against the real service: exact upstream counts, refresh ahead of expiry, stale serve. */
class CacheBehaviourTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    static IdentitySpec identity;

    @BeforeAll
    static void start() {
        identity = cloud.servicePrincipal(LocalCloud.guid(), LocalCloud.guid(), "cache-secret-value", Role.ACR_PUSH);
    }

    @Test
    void oneHundredTwentyConcurrentCallersCauseOneEntraCallAndOneExchange() throws Exception {
        AcrAuth auth = LocalCloud.auth(cloud.svc()).build();
        // hold the flight open
        cloud.svc().faults().inject(Endpoint.ENTRA_TOKEN, Fault.delay(Duration.ofMillis(400)).once());
        int callers = 120;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<RegistryCredential>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return auth.credential(identity, cloud.svc().registryHost());
                }));
            }
            go.countDown();
            Set<String> tokens = new HashSet<>();
            for (Future<RegistryCredential> f : results) {
                tokens.add(f.get(60, TimeUnit.SECONDS).password().reveal());
            }
            assertEquals(1, tokens.size(), "every caller got the same refresh token");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN));
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ACR_EXCHANGE));
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ACR_CHALLENGE));
    }

    @Test
    void refreshesAQuarterLifetimeBeforeExpiryAndServesStaleOnTransientFailure() {
        MutableClock clock = new MutableClock(Instant.now());
        AcrAuth auth = LocalCloud.auth(cloud.svc()).clock(clock).build();
        RegistryCredential first = auth.credential(identity, cloud.svc().registryHost());
        Instant exp = first.expiresAt();
        Duration lifetime = Duration.between(clock.instant(), exp);
        assertTrue(lifetime.compareTo(Duration.ofHours(2)) > 0, "3 h refresh tokens: " + lifetime);

        clock.set(exp.minus(lifetime.dividedBy(4)).minusSeconds(60));
        assertEquals(first.password(), auth.credential(identity, cloud.svc().registryHost()).password(), "still fresh");
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ACR_EXCHANGE));

        clock.set(exp.minus(lifetime.dividedBy(4)).plusSeconds(60));
        cloud.svc().faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(503));
        RegistryCredential stale = auth.credential(identity, cloud.svc().registryHost());
        assertEquals(first.password(), stale.password(), "refresh failed transiently: the valid token is served");
        assertEquals(1 + LocalCloud.FAST_RETRY.maxAttempts(), LocalCloud.count(cloud.svc(), Endpoint.ACR_EXCHANGE));

        cloud.svc().faults().clear();
        RegistryCredential refreshed = auth.credential(identity, cloud.svc().registryHost());
        assertNotEquals(first.password(), refreshed.password(), "the next call refreshed");

        clock.set(refreshed.expiresAt().plusSeconds(1));
        cloud.svc().faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(503));
        assertThrows(RegistryUnreachableException.class, () -> auth.credential(identity, cloud.svc().registryHost()),
                "an expired token is never served");
    }

    @Test
    void permanentRefreshFailureIsReportedNotMasked() {
        MutableClock clock = new MutableClock(Instant.now());
        AcrAuth auth = LocalCloud.auth(cloud.svc()).clock(clock).build();
        RegistryCredential first = auth.credential(identity, cloud.svc().registryHost());
        clock.set(first.expiresAt().minus(Duration.ofMinutes(10)));
        cloud.svc().faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(401));
        assertThrows(RegistryUnauthorizedException.class, () -> auth.credential(identity, cloud.svc().registryHost()));
        assertEquals(2, LocalCloud.count(cloud.svc(), Endpoint.ACR_EXCHANGE), "401 is not retried");
    }
}
