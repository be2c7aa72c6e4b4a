package dev.acrbridge.auth.registry;

import java.net.URI;
import java.util.Objects;

/**
 * A registry host that passed {@link RegistryHostTrust}: lower case, no userinfo, no path.
 *
 * @param host the host name (or an opted-in IP literal, IPv6 without brackets)
 * @param port the port (443 unless opted in)
 */
public record RegistryHost(String host, int port) {
    public RegistryHost {
        Objects.requireNonNull(host, "host");
    }

    /** @return {@code host} when the port is 443, else {@code host:port}: the login server and cache key */
    public String authority() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port == 443 ? h : h + ":" + port;
    }

    /**
     * @param path an absolute path such as {@code /v2/}
     * @return the HTTPS URL of that path on this host
     */
    public URI url(String path) {
        return URI.create("https://" + authority() + path);
    }

    @Override
    public String toString() {
        return authority();
    }
}
