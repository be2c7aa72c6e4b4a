package dev.acrbridge.auth.proxy;

import dev.acrbridge.auth.diagnostics.RegistryUnreachableException;

/** The proxy, not Entra nor the registry, failed the login; the message names the proxy, never its credentials. */
public class ProxyException extends RegistryUnreachableException {
    private static final long serialVersionUID = 1L;

    ProxyException(String cause, String fix, boolean transientFailure, Throwable origin) {
        super(cause, fix, transientFailure, origin);
    }
}
