package dev.acrbridge.auth.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The one refresh rule of every credential cache, in memory and on disk: a credential is renewed at three quarters
 * of its life or {@link #minimumRemaining()} before it expires, whichever is earlier. A 3-hour ACR refresh token is
 * renewed with 45 minutes left; a 12-minute one with 5 minutes left. A credential that lives less than twice the
 * minimum (only test stacks issue those) is renewed at three quarters of its life alone, so that it is cached at all.
 *
 * @param minimumRemaining renew at the latest when this much is left (5 minutes by default)
 */
public record RefreshPolicy(Duration minimumRemaining) {
    /** Renew at 3/4 of the life or 5 minutes before expiry, whichever is earlier. */
    public static final RefreshPolicy DEFAULT = new RefreshPolicy(Duration.ofMinutes(5));

    public RefreshPolicy {
        Objects.requireNonNull(minimumRemaining, "minimumRemaining");
        if (minimumRemaining.isNegative()) {
            throw new IllegalArgumentException("minimumRemaining must not be negative: " + minimumRemaining);
        }
    }

    /**
     * @param obtained when the credential was obtained (its life starts)
     * @param expires  when it expires, or null for a credential without a known expiry (never renewed by time)
     * @param now      the current time
     * @return true while the credential may still be handed out without renewing it
     */
    public boolean isFresh(Instant obtained, Instant expires, Instant now) {
        return expires == null || now.isBefore(renewAt(obtained, expires));
    }

    /**
     * @param obtained when the credential was obtained
     * @param expires  when it expires
     * @return when it is due for renewal
     */
    public Instant renewAt(Instant obtained, Instant expires) {
        Duration life = Duration.between(obtained, expires);
        if (life.isNegative()) {
            return expires;
        }
        Duration quarter = life.dividedBy(4);
        if (life.compareTo(minimumRemaining.multipliedBy(2)) < 0) {
            return expires.minus(quarter);
        }
        return expires.minus(quarter.compareTo(minimumRemaining) > 0 ? quarter : minimumRemaining);
    }
}
