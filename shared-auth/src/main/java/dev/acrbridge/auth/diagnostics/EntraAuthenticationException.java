package dev.acrbridge.auth.diagnostics;

/** Microsoft Entra (or a managed-identity / OIDC endpoint) refused to issue a token. */
public class EntraAuthenticationException extends AcrAuthException {
    private static final long serialVersionUID = 1L;
    private final Integer aadstsCode;

    /**
     * @param cause      what went wrong
     * @param fix        what to do
     * @param aadstsCode the AADSTS code when Entra sent one, else null
     * @param transientFailure true when a retry may succeed
     * @param origin     the underlying exception (secret-free), or null
     */
    public EntraAuthenticationException(String cause, String fix, Integer aadstsCode, boolean transientFailure,
                                        Throwable origin) {
        super(cause, fix, transientFailure, origin);
        this.aadstsCode = aadstsCode;
    }

    /** @return the AADSTS code, or null when Entra sent none */
    public Integer aadstsCode() {
        return aadstsCode;
    }
}
