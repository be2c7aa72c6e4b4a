package dev.acrbridge.auth.proxy;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a 407 from one configured proxy with its Basic credentials, once per request: a second 407 means the
 * credentials are wrong, and the JDK would otherwise ask again up to 20 times. It never answers a server's 401
 * (the registry's challenge is ours to handle) nor any other proxy. One instance per proxy for the JVM's life, so
 * the JDK's authentication cache keeps one entry per proxy and sends the credentials preemptively on later tunnels.
 */
final class ProxyAuthenticator extends Authenticator {
    private static final Map<ProxyServer, ProxyAuthenticator> BY_PROXY = new ConcurrentHashMap<>();
    private final ProxyServer proxy;
    private final ThreadLocal<int[]> asked = ThreadLocal.withInitial(() -> new int[1]);

    private ProxyAuthenticator(ProxyServer proxy) {
        this.proxy = proxy;
    }

    static ProxyAuthenticator of(ProxyServer proxy) {
        return BY_PROXY.computeIfAbsent(proxy, ProxyAuthenticator::new);
    }

    /** Starts counting for a request sent on this thread (HttpURLConnection asks on the sending thread). */
    void beginRequest() {
        asked.get()[0] = 0;
    }

    /** @return how often the JDK asked for credentials during this thread's current request */
    int timesAsked() {
        return asked.get()[0];
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
        if (getRequestorType() != RequestorType.PROXY || !proxy.host().equalsIgnoreCase(getRequestingHost())
                || getRequestingPort() != proxy.port() || asked.get()[0]++ > 0) {
            return null;
        }
        return new PasswordAuthentication(proxy.username(), proxy.password().reveal().toCharArray());
    }

    @Override
    public String toString() {
        return "ProxyAuthenticator[" + proxy + "]";
    }
}
