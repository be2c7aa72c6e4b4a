package dev.acrbridge.auth.proxy;

import java.io.IOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one request reaches its destination: directly, or through a proxy with the authenticator that answers only
 * that proxy. Turns the JDK's proxy failures into {@link ProxyFailure}s that name the proxy.
 */
public final class ProxyRoute {
    /** The JDK's default (net.properties) disables Basic for HTTPS tunnels; our own processes re-enable it. */
    static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";
    private static final Pattern TUNNEL_STATUS = Pattern.compile("Unable to tunnel through proxy\\. Proxy returns "
            + "\"HTTP/\\d(?:\\.\\d)? (\\d{3})[^\"]*\"");
    private static final ProxyRoute DIRECT = new ProxyRoute(null, null);

    private final ProxyServer proxy;
    private final String target;
    private final ProxyAuthenticator authenticator;

    private ProxyRoute(ProxyServer proxy, URI uri) {
        this.proxy = proxy;
        this.target = uri == null ? null : uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        this.authenticator = proxy != null && proxy.hasCredentials() ? ProxyAuthenticator.of(proxy) : null;
    }

    static ProxyRoute direct() {
        return DIRECT;
    }

    static ProxyRoute via(ProxyServer proxy, URI uri) {
        return new ProxyRoute(proxy, uri);
    }

    /** @return the proxy to open the connection with ({@link Proxy#NO_PROXY} when direct) */
    public Proxy jdkProxy() {
        return proxy == null ? Proxy.NO_PROXY : proxy.jdkProxy();
    }

    /** @return the proxy in use, or null when direct */
    public ProxyServer proxy() {
        return proxy;
    }

    /**
     * @param noCredentials the authenticator to use when there is nothing to answer
     * @return the authenticator for this request's connection, reset for a new request
     */
    public Authenticator authenticator(Authenticator noCredentials) {
        if (authenticator == null) {
            return noCredentials;
        }
        authenticator.beginRequest();
        return authenticator;
    }

    /**
     * A 407 reaches the caller as a status only for plain-http URLs; for https the JDK throws instead.
     *
     * @param status the answer's status
     * @throws ProxyFailure for a 407 from our proxy
     */
    public void checkStatus(int status) throws ProxyFailure {
        if (proxy != null && status == 407) {
            throw authFailure(null);
        }
    }

    /**
     * @param failure what the JDK threw while sending
     * @return a {@link ProxyFailure} when the proxy is to blame, else {@code failure}
     */
    public IOException translate(IOException failure) {
        if (proxy == null || failure instanceof ProxyFailure) {
            return failure;
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        Matcher m = TUNNEL_STATUS.matcher(message);
        if (m.find()) {
            int status = Integer.parseInt(m.group(1));
            if (status == 407) {
                return authFailure(failure);
            }
            return new ProxyFailure(ProxyFailure.Kind.TUNNEL_REFUSED, proxy, target, status,
                    "the proxy refused to open a tunnel: HTTP " + status, failure);
        }
        if (failure instanceof ConnectException || failure instanceof UnknownHostException) {
            // the destination's name is resolved by the proxy: a refused connection or unknown name is the proxy's
            return new ProxyFailure(ProxyFailure.Kind.UNREACHABLE, proxy, target, 0, "cannot connect to the proxy ("
                    + failure.getClass().getSimpleName() + ")", failure);
        }
        return failure;
    }

    private ProxyFailure authFailure(Throwable cause) {
        if (!proxy.hasCredentials()) {
            return new ProxyFailure(ProxyFailure.Kind.CREDENTIALS_MISSING, proxy, target, 407,
                    "the proxy requires authentication (HTTP 407) and no proxy user is configured", cause);
        }
        if (authenticator.timesAsked() == 0 && basicTunnelingDisabled()) {
            return new ProxyFailure(ProxyFailure.Kind.BASIC_DISABLED, proxy, target, 407, "the proxy asked for "
                    + "credentials (HTTP 407) and this Java runtime refuses Basic authentication for HTTPS tunnels ("
                    + TUNNELING_DISABLED_SCHEMES + ")", cause);
        }
        return new ProxyFailure(ProxyFailure.Kind.CREDENTIALS_REJECTED, proxy, target, 407,
                "the proxy rejected the credentials of proxy user '" + proxy.username() + "' (HTTP 407)", cause);
    }

    static boolean basicTunnelingDisabled() {
        String schemes = System.getProperty(TUNNELING_DISABLED_SCHEMES);
        if (schemes == null) {
            return true; // the JDK's net.properties default is "Basic"
        }
        for (String s : schemes.split(",")) {
            if (s.trim().equalsIgnoreCase("basic")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lets this JVM answer a proxy's Basic challenge on an HTTPS tunnel. Call first thing in {@code main} of our own
     * processes (CLI, credential helper, action): the JDK reads the property once, when HttpURLConnection is first
     * used. Safe there because the only Basic credentials our authenticator ever gives out are the ones the user put
     * in the proxy URL, and only to that proxy; curl, Go (docker, helm) and az send them the same way. A JVM we do not
     * own (Jenkins) is left alone: its administrator decides, and our error names the property.
     */
    public static void allowBasicForTunnelsInThisProcess() {
        if (System.getProperty(TUNNELING_DISABLED_SCHEMES) == null) {
            System.setProperty(TUNNELING_DISABLED_SCHEMES, "");
        }
    }
}
