package dev.acrbridge.auth.proxy;

import java.io.IOException;

/**
 * The proxy, not the destination, failed a request: unreachable, refused the tunnel, or wants other credentials.
 * An {@link IOException} so the transport's callers see a failed request; the message names the proxy (never its
 * credentials) and the destination.
 */
public final class ProxyFailure extends IOException {
    private static final long serialVersionUID = 1L;

    /** What the proxy did. */
    public enum Kind {
        /** No connection to the proxy itself (refused, unknown host). */
        UNREACHABLE,
        /** 407 and no credentials are configured. */
        CREDENTIALS_MISSING,
        /** 407 again after our credentials were sent: wrong user or password. */
        CREDENTIALS_REJECTED,
        /** 407 asking for Basic, which this JVM refuses for HTTPS tunnels (jdk.http.auth.tunneling.disabledSchemes). */
        BASIC_DISABLED,
        /** The proxy answered the CONNECT with another error (403 by policy, 502/503 when it cannot reach the host). */
        TUNNEL_REFUSED
    }

    private final Kind kind;
    private final String proxy;
    private final String username;
    private final int status;

    ProxyFailure(Kind kind, ProxyServer proxy, String target, int status, String detail, Throwable cause) {
        super(detail + " (proxy " + proxy + ", destination " + target + ")", cause);
        this.kind = kind;
        this.proxy = proxy.toString();
        this.username = proxy.username();
        this.status = status;
    }

    /** @return what the proxy did */
    public Kind kind() {
        return kind;
    }

    /** @return {@code http://host:port} of the proxy */
    public String proxy() {
        return proxy;
    }

    /** @return the configured proxy user, or null */
    public String username() {
        return username;
    }

    /** @return the proxy's HTTP status, or 0 when none came */
    public int status() {
        return status;
    }

    /** @return true when retrying may help: the proxy was unreachable or could not reach the destination (5xx) */
    public boolean isRetryable() {
        return kind == Kind.UNREACHABLE && !(getCause() instanceof java.net.UnknownHostException)
                || kind == Kind.TUNNEL_REFUSED && status >= 500;
    }
}
