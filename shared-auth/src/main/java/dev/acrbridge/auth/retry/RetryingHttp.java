package dev.acrbridge.auth.retry;

import dev.acrbridge.auth.http.HttpCall;
import dev.acrbridge.auth.http.HttpReply;
import dev.acrbridge.auth.http.HttpTransport;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;

/**
 * Sends HTTP requests with {@link RetrySettings}: retries 408, 429 and 5xx answers and transport failures
 * (timeouts, resets, refused connections), honours {@code Retry-After}, and never retries other 4xx, DNS failures
 * or TLS handshake failures (retrying cannot fix those).
 */
public final class RetryingHttp {
    private final HttpTransport transport;
    private final RetrySettings settings;
    private final Clock clock;
    private final Sleeper sleeper;

    /** Waits between attempts; replaceable so a test can observe the waits. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * @param duration how long to wait
         * @throws InterruptedException when interrupted while waiting
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param transport sends one attempt (carries the TLS context)
     * @param settings the retry bounds
     * @param clock    time source for the total budget and HTTP-date Retry-After
     * @param sleeper  how to wait
     */
    public RetryingHttp(HttpTransport transport, RetrySettings settings, Clock clock, Sleeper sleeper) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** @return the retry bounds in use */
    public RetrySettings settings() {
        return settings;
    }

    /**
     * Sends the request, retrying as described on the class.
     *
     * @param request the request (its own timeout bounds each attempt)
     * @return the last response: a success, a non-retryable status, or a retryable status once the budget is spent
     * @throws IOException the last transport failure when no attempt produced a response
     */
    public HttpReply send(HttpCall request) throws IOException {
        Instant start = clock.instant();
        for (int attempt = 1; ; attempt++) {
            HttpReply response = null;
            IOException failure = null;
            try {
                response = transport.send(request);
            } catch (IOException e) {
                failure = e;
            }
            boolean retryable = response != null ? isRetryableStatus(response.status()) : isRetryable(failure);
            if (!retryable || attempt >= settings.maxAttempts()) {
                return finish(response, failure);
            }
            Optional<Duration> hinted = response == null ? Optional.empty()
                    : RetryAfter.parse(response.header("Retry-After").orElse(null), clock.instant());
            Duration wait = hinted.isPresent() ? hinted.get() : settings.jitteredDelay(attempt - 1);
            Duration spent = Duration.between(start, clock.instant());
            if (spent.plus(wait).compareTo(settings.maxTotal()) > 0) {
                return finish(response, failure);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return finish(response, failure);
            }
        }
    }

    private static HttpReply finish(HttpReply response, IOException failure) throws IOException {
        if (response != null) {
            return response;
        }
        throw failure;
    }

    /**
     * @param status an HTTP status
     * @return true for 408, 429 and 5xx other than 501/505 (which will not change on a retry)
     */
    public static boolean isRetryableStatus(int status) {
        return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
    }

    /**
     * @param failure a transport failure
     * @return false for DNS and TLS handshake failures, true for timeouts, resets, refused connections and the like
     */
    public static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof dev.acrbridge.auth.proxy.ProxyFailure proxy) {
                return proxy.isRetryable(); // a wrong proxy password or a policy refusal stays wrong
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException
                    || t instanceof SSLHandshakeException) {
                return false;
            }
        }
        return failure instanceof IOException;
    }
}
