package dev.acrbridge.auth.diagnostics;

/**
 * Root of every failure the auth core reports. Messages name the cause and the fix and never contain a secret.
 * Subclasses say which step failed; {@link #fix()} is the advice alone, for UIs that show it apart.
 */
public class AcrAuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String fix;
    private final boolean transientFailure;

    /**
     * @param cause   what went wrong, in the user's terms
     * @param fix     what to do about it
     * @param transientFailure true when retrying later may succeed (throttling, 5xx, timeouts, resets)
     * @param origin  the underlying exception, or null; its message must already be free of secrets
     */
    public AcrAuthException(String cause, String fix, boolean transientFailure, Throwable origin) {
        super(fix == null || fix.isBlank() ? cause : cause + " Fix: " + fix, origin);
        this.fix = fix;
        this.transientFailure = transientFailure;
    }

    /** @return the advice alone */
    public String fix() {
        return fix;
    }

    /** @return true when the failure may pass on its own (throttling, 5xx, timeouts, resets) */
    public boolean isTransient() {
        return transientFailure;
    }
}
