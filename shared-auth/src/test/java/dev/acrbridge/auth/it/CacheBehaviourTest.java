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
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Fault;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Principal;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The credential cache against the real service: exact upstream counts, refresh ahead of expiry, stale serve. */
class CacheBehaviourTest {
    static LocalAzure svc;
    static IdentitySpec identity;

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        Principal sp = svc.entra().servicePrincipal(tenant, client, "cache-secret-value");
        svc.acr().assign(sp, Role.ACR_PUSH);
        identity = new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of("cache-secret-value"));
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    @BeforeEach
    void clean() {
        svc.clearRequests();
    }

    @AfterEach
    void clearFaults() {
        svc.faults().clear();
    }

    @Test
    void oneHundredTwentyConcurrentCallersCauseOneEntraCallAndOneExchange() throws Exception {
        AcrAuth auth = LocalCloud.auth(svc).build();
        svc.faults().inject(Endpoint.ENTRA_TOKEN, Fault.delay(Duration.ofMillis(400)).once()); // hold the flight open
        int callers = 120;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<RegistryCredential>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return auth.credential(identity, svc.registryHost());
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
        assertEquals(1, LocalCloud.count(svc, Endpoint.ENTRA_TOKEN));
        assertEquals(1, LocalCloud.count(svc, Endpoint.ACR_EXCHANGE));
        assertEquals(1, LocalCloud.count(svc, Endpoint.ACR_CHALLENGE));
    }

    @Test
    void refreshesAQuarterLifetimeBeforeExpiryAndServesStaleOnTransientFailure() {
        MutableClock clock = new MutableClock(Instant.now());
        AcrAuth auth = LocalCloud.auth(svc).clock(clock).build();
        RegistryCredential first = auth.credential(identity, svc.registryHost());
        Instant exp = first.expiresAt();
        Duration lifetime = Duration.between(clock.instant(), exp);
        assertTrue(lifetime.compareTo(Duration.ofHours(2)) > 0, "3 h refresh tokens: " + lifetime);

        clock.set(exp.minus(lifetime.dividedBy(4)).minusSeconds(60));
        assertEquals(first.password(), auth.credential(identity, svc.registryHost()).password(), "still fresh");
        assertEquals(1, LocalCloud.count(svc, Endpoint.ACR_EXCHANGE));

        clock.set(exp.minus(lifetime.dividedBy(4)).plusSeconds(60));
        svc.faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(503));
        RegistryCredential stale = auth.credential(identity, svc.registryHost());
        assertEquals(first.password(), stale.password(), "refresh failed transiently: the valid token is served");
        assertEquals(1 + LocalCloud.FAST_RETRY.maxAttempts(), LocalCloud.count(svc, Endpoint.ACR_EXCHANGE));

        svc.faults().clear();
        RegistryCredential refreshed = auth.credential(identity, svc.registryHost());
        assertNotEquals(first.password(), refreshed.password(), "the next call refreshed");

        clock.set(refreshed.expiresAt().plusSeconds(1));
        svc.faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(503));
        assertThrows(RegistryUnreachableException.class, () -> auth.credential(identity, svc.registryHost()),
                "an expired token is never served");
    }

    @Test
    void permanentRefreshFailureIsReportedNotMasked() {
        MutableClock clock = new MutableClock(Instant.now());
        AcrAuth auth = LocalCloud.auth(svc).clock(clock).build();
        RegistryCredential first = auth.credential(identity, svc.registryHost());
        clock.set(first.expiresAt().minus(Duration.ofMinutes(10)));
        svc.faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(401));
        assertThrows(RegistryUnauthorizedException.class, () -> auth.credential(identity, svc.registryHost()));
        assertEquals(2, LocalCloud.count(svc, Endpoint.ACR_EXCHANGE), "401 is not retried");
    }
}
