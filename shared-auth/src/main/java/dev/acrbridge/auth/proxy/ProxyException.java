package dev.acrbridge.auth.proxy;

import dev.acrbridge.auth.diagnostics.AcrAuthException;

/**
 * The proxy, not Entra nor the registry, failed the login; the message names the proxy, never its credentials. Not an
 * "unreachable" failure: a wrong proxy password or a policy refusal stays wrong on retry ({@link #isTransient()} says
 * when it may pass: the proxy down, or unable to reach the destination).
 */
public class ProxyException extends AcrAuthException {
    private static final long serialVersionUID = 1L;

    ProxyException(String cause, String fix, boolean transientFailure, Throwable origin) {
        super(cause, fix, transientFailure, origin);
    }
}
