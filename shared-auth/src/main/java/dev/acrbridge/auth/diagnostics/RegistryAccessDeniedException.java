package dev.acrbridge.auth.diagnostics;

/** The registry answered 403 DENIED: its firewall refused the caller, or the identity lacks a role. */
public class RegistryAccessDeniedException extends AcrAuthException {
    private static final long serialVersionUID = 1L;
    private final boolean firewall;

    /**
     * @param cause    what went wrong
     * @param fix      what to do
     * @param firewall true when the registry's network rules refused the caller's IP
     * @param origin   the underlying exception, or null
     */
    public RegistryAccessDeniedException(String cause, String fix, boolean firewall, Throwable origin) {
        super(cause, fix, false, origin);
        this.firewall = firewall;
    }

    /** @return true for a network-rule (firewall / private endpoint) refusal, false for a missing permission */
    public boolean isFirewall() {
        return firewall;
    }
}
