package dev.acrbridge.auth.diagnostics;

import java.time.Duration;

/** Still throttled (HTTP 429) after the retry budget was spent. Always transient. */
public class ThrottledException extends AcrAuthException {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    /**
     * @param cause      what was throttled
     * @param fix        what to do
     * @param retryAfter the server's last Retry-After, or null
     */
    public ThrottledException(String cause, String fix, Duration retryAfter) {
        super(cause, fix, true, null);
        this.retryAfter = retryAfter;
    }

    /** @return the server's last Retry-After, or null */
    public Duration retryAfter() {
        return retryAfter;
    }
}
