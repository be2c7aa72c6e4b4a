package dev.acrbridge.auth.diagnostics;

/** The registry rejected the credential (HTTP 401): expired or wrong-audience token, wrong tenant, no role, or a wrong admin/token password. */
public class RegistryUnauthorizedException extends AcrAuthException {
    private static final long serialVersionUID = 1L;

    /**
     * @param cause  what went wrong
     * @param fix    what to do about it
     * @param transientFailure true when a later retry may succeed
     * @param origin the underlying exception (secret-free), or null
     */
    public RegistryUnauthorizedException(String cause, String fix, boolean transientFailure, Throwable origin) {
        super(cause, fix, transientFailure, origin);
    }
}
