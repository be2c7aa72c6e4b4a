package dev.acrbridge.auth.retry;

import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with full jitter: attempt {@code n} (0-based retry number) waits a random time in
 * {@code [0, min(maxDelay, baseDelay * 2^n)]}, unless the server sent {@code Retry-After}.
 *
 * @param maxAttempts total attempts including the first (at least 1)
 * @param baseDelay   first backoff ceiling
 * @param maxDelay    ceiling of any single backoff (Retry-After is honoured above it, within {@code maxTotal})
 * @param maxTotal    the whole operation, waits included, gives up once this is spent
 */
public record RetrySettings(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxTotal) {

    /** Defaults for CI: 4 attempts, 0.5 s base, 8 s cap, 60 s in total. */
    public static final RetrySettings DEFAULT =
            new RetrySettings(4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));

    public RetrySettings {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxTotal, "maxTotal");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxTotal.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /**
     * @param retryNumber 0 for the wait before the second attempt
     * @return a full-jitter delay for that retry
     */
    public Duration jitteredDelay(int retryNumber) {
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(retryNumber, 30));
        return Duration.ofMillis(ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /**
     * The same policy for azure-identity's pipeline (it has its own retry loop; it honours Retry-After too).
     *
     * @return azure-core retry options mirroring these settings
     */
    public RetryOptions toAzureRetryOptions() {
        return new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(maxAttempts - 1)
                .setBaseDelay(baseDelay.isZero() ? Duration.ofMillis(1) : baseDelay)
                .setMaxDelay(maxDelay.isZero() ? Duration.ofMillis(1) : maxDelay));
    }
}
