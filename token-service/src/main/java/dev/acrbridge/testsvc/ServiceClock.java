package dev.acrbridge.testsvc;

import java.time.Duration;
import java.time.Instant;

/** The service's idea of "now": the wall clock shifted by a settable skew (for clock-skew tests). */
public final class ServiceClock {
    private volatile Duration skew = Duration.ZERO;

    /** Shifts "now" for every token the service issues or checks; {@code Duration.ZERO} resets it. */
    public ServiceClock skew(Duration skew) {
        this.skew = skew;
        return this;
    }

    /** The current skew. */
    public Duration skew() {
        return skew;
    }

    /** The skewed current instant. */
    public Instant now() {
        return Instant.now().plus(skew);
    }

    /** The skewed current time in epoch seconds. */
    public long epochSecond() {
        return now().getEpochSecond();
    }
}
