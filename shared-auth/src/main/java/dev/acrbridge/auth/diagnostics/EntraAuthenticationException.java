package dev.acrbridge.auth.diagnostics;

/** Microsoft Entra (or a managed-identity / OIDC endpoint) refused to issue a token. */
public class EntraAuthenticationException extends AcrAuthException {
    private static final long serialVersionUID = 1L;
    private final Integer aadstsCode;
    private final transient java.time.Duration retryAfter;

    /**
     * @param cause      what went wrong
     * @param fix        what to do
     * @param aadstsCode the AADSTS code when Entra sent one, else null
     * @param transientFailure true when a retry may succeed
     * @param origin     the underlying exception (secret-free), or null
     */
    public EntraAuthenticationException(String cause, String fix, Integer aadstsCode, boolean transientFailure,
                                        Throwable origin) {
        this(cause, fix, aadstsCode, transientFailure, origin, null);
    }

    /**
     * @param cause      what went wrong
     * @param fix        what to do
     * @param aadstsCode the AADSTS code when Entra sent one, else null
     * @param transientFailure true when a retry may succeed
     * @param origin     the underlying exception (secret-free), or null
     * @param retryAfter Entra's last Retry-After (throttling, outage), or null
     */
    public EntraAuthenticationException(String cause, String fix, Integer aadstsCode, boolean transientFailure,
                                        Throwable origin, java.time.Duration retryAfter) {
        super(cause, fix, transientFailure, origin);
        this.aadstsCode = aadstsCode;
        this.retryAfter = retryAfter;
    }

    /** @return Entra's last Retry-After when it was throttling or unavailable, else null */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    /** @return the AADSTS code, or null when Entra sent none */
    public Integer aadstsCode() {
        return aadstsCode;
    }
}
