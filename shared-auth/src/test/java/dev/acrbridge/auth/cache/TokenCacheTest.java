package dev.acrbridge.auth.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.acrbridge.auth.MutableClock;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
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
    record Token(String value, Instant expires) {
    }

    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(t0);
    private final TokenCache<String, Token> cache =
            new TokenCache<>(clock, Duration.ofMinutes(5), Duration.ofSeconds(10), Token::expires);
    private final AtomicInteger loads = new AtomicInteger();

    private Token load(String v, Duration life) {
        loads.incrementAndGet();
        return new Token(v, clock.instant().plus(life));
    }

    @Test
    void refreshesOnceAQuarterOfTheLifetimeRemains() {
        Token first = cache.get("k", () -> load("a", Duration.ofHours(3)));
        clock.set(t0.plus(Duration.ofMinutes(134))); // 46 min left, quarter is 45 min
        assertSame(first, cache.get("k", () -> load("b", Duration.ofHours(3))));
        clock.set(t0.plus(Duration.ofMinutes(136))); // 44 min left
        assertEquals("b", cache.get("k", () -> load("b", Duration.ofHours(3))).value());
        assertEquals(2, loads.get());
    }

    @Test
    void shortLivedValuesRefreshFiveMinutesAhead() {
        cache.get("k", () -> load("a", Duration.ofMinutes(12))); // a quarter would be 3 min: the 5 min floor wins
        clock.set(t0.plus(Duration.ofMinutes(6)).plusSeconds(59));
        assertEquals("a", cache.get("k", () -> load("b", Duration.ofMinutes(12))).value());
        clock.set(t0.plus(Duration.ofMinutes(7)));
        assertEquals("b", cache.get("k", () -> load("b", Duration.ofMinutes(12))).value());
    }

    @Test
    void transientRefreshFailureServesTheStillValidValueUntilItExpires() {
        cache.get("k", () -> load("a", Duration.ofHours(1)));
        clock.set(t0.plus(Duration.ofMinutes(50)));
        AcrAuthException throttled = new AcrAuthException("throttled", "later", true, null);
        assertEquals("a", cache.get("k", () -> { throw throttled; }).value());
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
            List<Future<Token>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> cache.get("k", () -> {
                    await(release);
                    return load("shared", Duration.ofHours(1));
                })));
            }
            Thread.sleep(200); // let every caller arrive while the first load is held
            release.countDown();
            for (Future<Token> f : results) {
                assertEquals("shared", f.get(10, TimeUnit.SECONDS).value());
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
        assertEquals("b", cache.get("k", () -> load("b", Duration.ofHours(1))).value());
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
