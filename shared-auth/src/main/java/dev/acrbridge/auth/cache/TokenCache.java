package dev.acrbridge.auth.cache;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.registry.RegistryCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * An expiry-aware, single-flight cache of tokens.
 * <ul>
 * <li>Single flight: concurrent callers for one key share one load (one Entra call and one exchange).</li>
 * <li>Refresh ahead: a value is reloaded as the {@link RefreshPolicy} says (at 3/4 of its life or 5 minutes before
 *     expiry, whichever is earlier).</li>
 * <li>Stale serve: when that reload fails transiently ({@link AcrAuthException#isTransient()}) and the old value
 *     has not expired, the old value is served (to every waiting caller) and the next call tries again.</li>
 * </ul>
 * Values without an expiry (admin and token passwords) are kept until {@link #invalidate(Object)}.
 *
 * @param <K> key type
 */
public final class TokenCache<K> implements CredentialCache<K> {
    private final Clock clock;
    private final RefreshPolicy refresh;
    private final Duration maxWait;
    private static final int MAX_SLOTS = 1024;
    private final ConcurrentHashMap<K, Slot> slots = new ConcurrentHashMap<>();

    private static final class Slot {
        RegistryCredential value;
        Instant obtained;
        Instant expires;
        CompletableFuture<RegistryCredential> inFlight;
    }

    /**
     * @param clock            time source (inject a fixed or moving clock in tests)
     * @param refresh          when a value is reloaded ({@link RefreshPolicy#DEFAULT} in production)
     * @param maxWait          how long a caller waits for another caller's load before giving up
     */
    public TokenCache(Clock clock, RefreshPolicy refresh, Duration maxWait) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    }

    /**
     * @param key    the cache key
     * @param loader loads a fresh value; runs on the calling thread of the first caller
     * @return a fresh value, or a still-valid one when a refresh failed transiently
     */
    @Override
    public RegistryCredential get(K key, Supplier<RegistryCredential> loader) {
        if (slots.size() > MAX_SLOTS) {
            purgeExpired();
        }
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        CompletableFuture<RegistryCredential> flight;
        boolean leader = false;
        synchronized (slot) {
            if (slot.value != null && !needsRefresh(slot)) {
                return slot.value;
            }
            if (slot.inFlight == null) {
                slot.inFlight = new CompletableFuture<>();
                leader = true;
            }
            flight = slot.inFlight;
        }
        if (leader) {
            return load(slot, flight, loader);
        }
        return await(flight);
    }

    /**
     * Drops a key's value, e.g. after the registry rejected it; an in-flight load is not interrupted.
     *
     * @param key the key
     */
    @Override
    public void invalidate(K key) {
        Slot slot = slots.get(key);
        if (slot != null) {
            synchronized (slot) {
                slot.value = null;
            }
        }
    }

    private RegistryCredential load(Slot slot, CompletableFuture<RegistryCredential> flight, Supplier<RegistryCredential> loader) {
        RegistryCredential fresh;
        try {
            fresh = Objects.requireNonNull(loader.get(), "loader returned null");
        } catch (RuntimeException | Error e) {
            RegistryCredential stale;
            synchronized (slot) {
                slot.inFlight = null;
                stale = e instanceof AcrAuthException a && a.isTransient() && stillValid(slot) ? slot.value : null;
            }
            if (stale != null) {
                flight.complete(stale);
                return stale;
            }
            flight.completeExceptionally(e);
            throw e;
        }
        synchronized (slot) {
            slot.value = fresh;
            slot.obtained = clock.instant();
            slot.expires = fresh.expiresAt();
            slot.inFlight = null;
        }
        flight.complete(fresh);
        return fresh;
    }

    private RegistryCredential await(CompletableFuture<RegistryCredential> flight) {
        try {
            return flight.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcrAuthException("Interrupted while waiting for a token.", null, true, e);
        } catch (TimeoutException e) {
            throw new AcrAuthException("Waited " + maxWait.toSeconds() + " s for another caller's token request.",
                    "retry; the identity provider or registry is slow", true, null);
        }
    }

    /** Drops idle slots whose value is gone or expired, so many short-lived identities do not pile up. */
    private void purgeExpired() {
        Instant now = clock.instant();
        slots.entrySet().removeIf(e -> {
            Slot s = e.getValue();
            synchronized (s) {
                return s.inFlight == null && (s.value == null || (s.expires != null && !now.isBefore(s.expires)));
            }
        });
    }

    private boolean needsRefresh(Slot slot) {
        return !refresh.isFresh(slot.obtained, slot.expires, clock.instant());
    }

    private boolean stillValid(Slot slot) {
        return slot.value != null && (slot.expires == null || clock.instant().isBefore(slot.expires));
    }
}
