package dev.acrbridge.auth.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.acrbridge.auth.MutableClock;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(t0);
    private final TokenCache<String> cache = new TokenCache<>(clock, RefreshPolicy.DEFAULT, Duration.ofSeconds(10));
    private final AtomicInteger loads = new AtomicInteger();

    private RegistryCredential load(String v, Duration life) {
        loads.incrementAndGet();
        return new RegistryCredential("r.example", RegistryCredential.NULL_GUID, Secret.of(v),
                clock.instant().plus(life), IdentityKind.SERVICE_PRINCIPAL_SECRET);
    }

    @Test
    void refreshesOnceAQuarterOfTheLifetimeRemains() {
        RegistryCredential first = cache.get("k", () -> load("a", Duration.ofHours(3)));
        clock.set(t0.plus(Duration.ofMinutes(134))); // 46 min left, quarter is 45 min
        assertSame(first, cache.get("k", () -> load("b", Duration.ofHours(3))));
        clock.set(t0.plus(Duration.ofMinutes(136))); // 44 min left
        assertEquals("b", cache.get("k", () -> load("b", Duration.ofHours(3))).password().reveal());
        assertEquals(2, loads.get());
    }

    @Test
    void shortLivedValuesRefreshFiveMinutesAhead() {
        cache.get("k", () -> load("a", Duration.ofMinutes(12))); // a quarter would be 3 min: the 5 min floor wins
        clock.set(t0.plus(Duration.ofMinutes(6)).plusSeconds(59));
        assertEquals("a", cache.get("k", () -> load("b", Duration.ofMinutes(12))).password().reveal());
        clock.set(t0.plus(Duration.ofMinutes(7)));
        assertEquals("b", cache.get("k", () -> load("b", Duration.ofMinutes(12))).password().reveal());
    }

    @Test
    void transientRefreshFailureServesTheStillValidValueUntilItExpires() {
        cache.get("k", () -> load("a", Duration.ofHours(1)));
        clock.set(t0.plus(Duration.ofMinutes(50)));
        AcrAuthException throttled = new AcrAuthException("throttled", "later", true, null);
        assertEquals("a", cache.get("k", () -> { throw throttled; }).password().reveal());
        clock.set(t0.plus(Duration.ofMinutes(60)));
        assertSame(throttled, assertThrows(AcrAuthException.class, () -> cache.get("k", () -> { throw throttled; })));
    }

    @Test
    void permanentRefreshFailureIsNotHidden() {
        cache.get("k", () -> load("a", Duration.ofHours(1)));
        clock.set(t0.plus(Duration.ofMinutes(50)));
        AcrAuthException denied = new AcrAuthException("role removed", "assign it", false, null);
        assertSame(denied, assertThrows(AcrAuthException.class, () -> cache.get("k", () -> { throw denied; })));
    }

    @Test
    void concurrentCallersShareOneLoadAndItsFailure() throws Exception {
        int callers = 150;
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<RegistryCredential>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> cache.get("k", () -> {
                    await(release);
                    return load("shared", Duration.ofHours(1));
                })));
            }
            Thread.sleep(200); // let every caller arrive while the first load is held
            release.countDown();
            for (Future<RegistryCredential> f : results) {
                assertEquals("shared", f.get(10, TimeUnit.SECONDS).password().reveal());
            }
            assertEquals(1, loads.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void invalidateForcesALoad() {
        cache.get("k", () -> load("a", Duration.ofHours(1)));
        cache.invalidate("k");
        assertEquals("b", cache.get("k", () -> load("b", Duration.ofHours(1))).password().reveal());
        assertEquals(2, loads.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
