package dev.acrbridge.auth.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value (client secret, registry token, password). Its {@link #toString()} never shows the value, it is not
 * {@link java.io.Serializable}, and the only way to read it is the explicitly named {@link #reveal()}.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a secret value.
     *
     * @param value the secret; must not be null
     * @return the wrapped secret
     */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "secret value"));
    }

    /** @return the secret value; call only where the value leaves for its destination (a request body, a 0600 file, stdin). */
    public String reveal() {
        return value;
    }

    /** @return true when the secret is the empty string or only whitespace */
    public boolean isBlank() {
        return value.isBlank();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
