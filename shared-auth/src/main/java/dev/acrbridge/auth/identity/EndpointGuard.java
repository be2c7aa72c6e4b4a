package dev.acrbridge.auth.identity;

import dev.acrbridge.auth.diagnostics.UntrustedRegistryException;
import java.net.URL;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses, before anything is sent, every identity request that is not to an allowed endpoint: the cloud's
 * authority host over HTTPS, plus (for managed identity) the identity endpoint the platform configured. It stops
 * instance discovery, metadata look-ups or redirects from ever reaching another host.
 */
final class EndpointGuard {
    private final Set<String> httpsAuthorities;
    private final Set<String> httpAuthorities;

    /**
     * @param httpsAuthorities {@code host:port} allowed over HTTPS (port always explicit)
     * @param httpAuthorities  {@code host:port} allowed over plain HTTP (managed-identity endpoints only)
     */
    public EndpointGuard(Set<String> httpsAuthorities, Set<String> httpAuthorities) {
        this.httpsAuthorities = Set.copyOf(httpsAuthorities);
        this.httpAuthorities = Set.copyOf(httpAuthorities);
    }

    /**
     * @param url a URL
     * @return {@code host:port} in lower case with the scheme's default port filled in
     */
    public static String authority(URL url) {
        int port = url.getPort() >= 0 ? url.getPort() : url.getDefaultPort();
        return url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /**
     * @param url a request URL
     * @return true when the guard lets it through
     */
    public boolean allows(URL url) {
        String scheme = url.getProtocol().toLowerCase(Locale.ROOT);
        String authority = authority(url);
        return url.getUserInfo() == null && (("https".equals(scheme) && httpsAuthorities.contains(authority))
                || ("http".equals(scheme) && httpAuthorities.contains(authority)));
    }

    /**
     * @param url a request URL
     * @throws UntrustedRegistryException when the guard refuses it
     */
    public void check(URL url) {
        if (!allows(url)) {
            throw new UntrustedRegistryException("Refused an identity request to " + url.getProtocol() + "://"
                    + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "") + ": not the configured "
                    + "authority host or managed-identity endpoint. Nothing was sent.",
                    "set the cloud / AZURE_AUTHORITY_HOST to the Entra host you mean (HTTPS); allowed here: "
                            + httpsAuthorities + (httpAuthorities.isEmpty() ? "" : " and http " + httpAuthorities),
                    false, null);
        }
    }
}
