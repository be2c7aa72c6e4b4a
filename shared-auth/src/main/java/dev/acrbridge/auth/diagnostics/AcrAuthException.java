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
        super(printable(fix == null || fix.isBlank() ? cause : cause + " Fix: " + fix), origin);
        this.fix = fix == null ? null : printable(fix);
        this.transientFailure = transientFailure;
    }

    /**
     * Messages quote what the user gave (a registry name, a tenant id): control characters in it are escaped, so a
     * CR/LF in an input can never start a new log line or a CI workflow command ({@code ::error::}, {@code ::set-env}).
     */
    static String printable(String text) {
        if (text == null || text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> {
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        });
        return out.toString();
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
