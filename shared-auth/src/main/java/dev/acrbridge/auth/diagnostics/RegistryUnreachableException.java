package dev.acrbridge.auth.diagnostics;

/** The registry (or an identity endpoint) could not be reached: DNS, TLS, refused or timed-out connection, or repeated 5xx answers. */
public class RegistryUnreachableException extends AcrAuthException {
    private static final long serialVersionUID = 1L;

    /**
     * @param cause  what went wrong
     * @param fix    what to do about it
     * @param transientFailure true when a later retry may succeed
     * @param origin the underlying exception (secret-free), or null
     */
    public RegistryUnreachableException(String cause, String fix, boolean transientFailure, Throwable origin) {
        super(cause, fix, transientFailure, origin);
    }
}
