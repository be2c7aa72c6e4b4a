package dev.acrbridge.cli;

import dev.acrbridge.auth.registry.RegistryCredential;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one-line, secret-free summary printed on stderr per login. */
final class Summary {
    private Summary() {
    }

    /**
     * @param action      what was done ("logged in for docker, podman")
     * @param credential  the credential used
     * @param now         the current time
     * @return {@code acr-login: HOST: ACTION as KIND; token expires T (in 2h 59m)}
     */
    static String line(String action, RegistryCredential credential, Instant now) {
        return "acr-login: " + credential.loginServer() + ": " + action + " as " + credential.identityKind().label()
                + "; " + expiry(credential.expiresAt(), now);
    }

    static String expiry(Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            return "token expiry unknown";
        }
        Duration left = Duration.between(now, expiresAt);
        String in = left.isNegative() ? "already expired"
                : "in " + left.toHours() + "h " + left.toMinutesPart() + "m";
        return "token expires " + expiresAt.truncatedTo(ChronoUnit.SECONDS) + " (" + in + ")";
    }
}
