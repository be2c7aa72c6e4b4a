package dev.acrbridge.auth.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private final Instant now = Instant.parse("2026-11-23T18:00:00Z");

    @Test
    void parsesSecondsAndHttpDates() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.parse(" 7 ", now));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Mon, 23 Nov 2026 18:01:30 GMT", now));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Mon, 23 Nov 2026 17:00:00 GMT", now), "past date");
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertEquals(Optional.empty(), RetryAfter.parse(null, now));
        assertEquals(Optional.empty(), RetryAfter.parse("", now));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", now));
        assertEquals(Optional.empty(), RetryAfter.parse("-3", now));
        assertEquals(Optional.empty(), RetryAfter.parse("99999999999999999999999", now));
    }

    @Test
    void fullJitterStaysUnderTheExponentialCeiling() {
        RetrySettings s = new RetrySettings(6, Duration.ofMillis(100), Duration.ofMillis(700), Duration.ofSeconds(30));
        for (int i = 0; i < 500; i++) {
            assertTrue(s.jitteredDelay(0).toMillis() <= 100);
            assertTrue(s.jitteredDelay(2).toMillis() <= 400);
            assertTrue(s.jitteredDelay(10).toMillis() <= 700, "capped by maxDelay");
        }
        assertEquals(5, s.toAzureRetryOptions().getExponentialBackoffOptions().getMaxRetries());
        assertEquals(Duration.ofMillis(700), s.toAzureRetryOptions().getExponentialBackoffOptions().getMaxDelay());
    }

    @Test
    void classifiesStatusesAndFailures() {
        for (int s : new int[] {408, 429, 500, 502, 503, 504}) {
            assertTrue(RetryingHttp.isRetryableStatus(s), "retry " + s);
        }
        for (int s : new int[] {200, 400, 401, 403, 404, 501, 505}) {
            assertFalse(RetryingHttp.isRetryableStatus(s), "never retry " + s);
        }
        assertTrue(RetryingHttp.isRetryable(new HttpTimeoutException("slow")));
        assertTrue(RetryingHttp.isRetryable(new IOException("Connection reset")));
        assertTrue(RetryingHttp.isRetryable(new ConnectException("refused")));
        ConnectException dns = new ConnectException();
        dns.initCause(new UnresolvedAddressException());
        assertFalse(RetryingHttp.isRetryable(dns), "DNS does not heal by retrying");
        assertFalse(RetryingHttp.isRetryable(new SSLHandshakeException("PKIX path building failed")));
    }
}
