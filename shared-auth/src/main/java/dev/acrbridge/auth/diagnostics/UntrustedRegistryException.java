package dev.acrbridge.auth.diagnostics;

/** A registry host that is not trusted to receive tokens (not the cloud's suffix, not HTTPS, not opted in); nothing was sent to it. */
public class UntrustedRegistryException extends AcrAuthException {
    private static final long serialVersionUID = 1L;

    /**
     * @param cause  what went wrong
     * @param fix    what to do about it
     * @param transientFailure true when a later retry may succeed
     * @param origin the underlying exception (secret-free), or null
     */
    public UntrustedRegistryException(String cause, String fix, boolean transientFailure, Throwable origin) {
        super(cause, fix, transientFailure, origin);
    }
}
