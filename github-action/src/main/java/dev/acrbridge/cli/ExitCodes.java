package dev.acrbridge.cli;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.diagnostics.RegistryUnreachableException;
import dev.acrbridge.auth.diagnostics.UntrustedRegistryException;
import dev.acrbridge.auth.login.ClientLoginException;
import java.io.IOException;

/** The documented exit codes of {@code acr-login} (README-cli.md lists the same table). */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Entra or the registry refused the identity (wrong secret, no role, expired assertion...). */
    public static final int AUTH_FAILED = 1;
    /** Bad command line or settings: the message names the option or variable and the fix. */
    public static final int USAGE = 2;
    /** {@code check}: the identity lacks some of the permissions asked for. */
    public static final int PERMISSION_SHORT = 3;
    /** The registry host may not receive tokens (not the cloud's suffix, not HTTPS, not opted in). */
    public static final int UNTRUSTED_REGISTRY = 4;
    /** A client configuration could not be written, or a client's own login command failed. */
    public static final int CLIENT_CONFIG = 5;
    /** A transient failure (throttled, unreachable, 5xx, timeout): retrying later may succeed. */
    public static final int TRANSIENT = 6;

    private ExitCodes() {
    }

    /**
     * @param failure what went wrong
     * @return the exit code for it
     */
    public static int of(Throwable failure) {
        if (failure instanceof InvalidConfigurationException || failure instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (failure instanceof UntrustedRegistryException) {
            return UNTRUSTED_REGISTRY;
        }
        if (failure instanceof ClientLoginException || failure instanceof IOException
                || failure instanceof java.io.UncheckedIOException) {
            return CLIENT_CONFIG;
        }
        if (failure instanceof RegistryUnreachableException) {
            return TRANSIENT; // DNS, TLS, refused or broken connections: "unreachable", as the table says
        }
        if (failure instanceof AcrAuthException auth) {
            return auth.isTransient() ? TRANSIENT : AUTH_FAILED;
        }
        return AUTH_FAILED;
    }
}
