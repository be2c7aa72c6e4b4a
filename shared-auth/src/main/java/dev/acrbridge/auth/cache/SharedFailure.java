package dev.acrbridge.auth.cache;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.EntraAuthenticationException;
import dev.acrbridge.auth.diagnostics.ThrottledException;
import dev.acrbridge.auth.files.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;

/**
 * A failed attempt to get a credential, kept next to the cache entry of that identity and registry so that every
 * process waiting for the attempt, and every process arriving shortly after, answers it at once instead of asking
 * Entra and the registry again. How long it is remembered:
 * <ul>
 * <li>a refusal (wrong secret, no role, an expired assertion: nothing a retry fixes) for {@link #REFUSAL_MEMORY},
 *     30 s: it absorbs a build step's burst of parallel client requests, and is shorter than the time an Azure role
 *     assignment takes to propagate, so a user who fixes the cause is never held up by it; a new secret is a new
 *     cache key and is tried at once;</li>
 * <li>throttling or an outage for the server's {@code Retry-After}, but at least {@link #OUTAGE_BACKOFF}, 5 s, and at
 *     most {@link #MAX_BACKOFF}, 5 minutes: one back-off for all waiters. What is shared is what remained after the
 *     attempt's own retries (which honour each Retry-After), so a short hint has already proven optimistic; 5 s turns
 *     a build step's burst of parallel requests into one attempt and is short enough that a blip does not fail the
 *     next step; a still-valid token is served meanwhile.</li>
 * </ul>
 *
 * @param transientFailure true for throttling and outages
 * @param message          the failure's message (secret-free, as every {@link AcrAuthException} message is)
 * @param at               when the attempt failed
 * @param until            until when the failure is answered without a new attempt
 */
record SharedFailure(boolean transientFailure, String message, Instant at, Instant until) {
    /** How long a refusal is answered without a new attempt. */
    static final Duration REFUSAL_MEMORY = Duration.ofSeconds(30);
    /** The shortest back-off after throttling or an outage (also when it came without Retry-After). */
    static final Duration OUTAGE_BACKOFF = Duration.ofSeconds(5);
    /** The longest Retry-After honoured. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    static SharedFailure of(AcrAuthException failure, Instant now) {
        Duration hold;
        if (!failure.isTransient()) {
            hold = REFUSAL_MEMORY;
        } else {
            Duration hinted = retryAfter(failure);
            hold = hinted == null || hinted.compareTo(OUTAGE_BACKOFF) < 0 ? OUTAGE_BACKOFF
                    : hinted.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : hinted;
        }
        return new SharedFailure(failure.isTransient(), failure.getMessage(), now, now.plus(hold));
    }

    private static Duration retryAfter(AcrAuthException failure) {
        if (failure instanceof ThrottledException t) {
            return t.retryAfter();
        }
        if (failure instanceof EntraAuthenticationException e) {
            return e.retryAfter();
        }
        return null;
    }

    /** @return true while a new attempt is not due */
    boolean activeAt(Instant now) {
        return now.isBefore(until);
    }

    /** @return the failure to answer with, saying that it is shared and when the next attempt will be made */
    AcrAuthException toException() {
        return new AcrAuthException(message + " (acr-login met this at " + at.truncatedTo(ChronoUnit.SECONDS)
                + " and answers it without asking again until " + until.truncatedTo(ChronoUnit.SECONDS) + ")",
                null, transientFailure, null);
    }

    void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("transient", Boolean.toString(transientFailure));
        p.setProperty("message", message == null ? "" : message);
        p.setProperty("at", at.toString());
        p.setProperty("until", until.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, null);
        PrivateFiles.writeAtomically(file, out.toByteArray());
    }

    /** @return the failure recorded in {@code file}; empty when there is none or it is damaged */
    static Optional<SharedFailure> read(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            p.load(in);
            return Optional.of(new SharedFailure(Boolean.parseBoolean(p.getProperty("transient")),
                    p.getProperty("message"), Instant.parse(p.getProperty("at")),
                    Instant.parse(p.getProperty("until"))));
        } catch (java.nio.file.NoSuchFileException gone) {
            return Optional.empty();
        } catch (RuntimeException damaged) {
            return Optional.empty();
        }
    }
}
