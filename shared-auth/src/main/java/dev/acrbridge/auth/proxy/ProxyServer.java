package dev.acrbridge.auth.proxy;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.secret.Secret;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * An HTTP proxy: host, port and optional Basic credentials (from {@code http://user:pass@host:port}). It prints as
 * {@code http://host:port}: the credentials never reach a log, a message or {@link #toString()}.
 */
public final class ProxyServer {
    private final String host;
    private final int port;
    private final String username;
    private final Secret password;

    /**
     * @param host     proxy host name or IP literal
     * @param port     proxy port
     * @param username Basic user name, or null for a proxy without authentication
     * @param password Basic password, or null
     */
    public ProxyServer(String host, int port, String username, Secret password) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port out of range: " + port);
        }
        this.port = port;
        this.username = username == null || username.isEmpty() ? null : username;
        this.password = this.username == null ? null : password == null ? Secret.of("") : password;
    }

    /**
     * Parses a proxy URL the way Go's net/http does (docker, podman and helm read the same variables): a value
     * without a scheme means {@code http://}, the default port is 80, user and password are percent-decoded.
     *
     * @param value   the URL as given
     * @param setting the option or variable it came from, for error messages ({@code HTTPS_PROXY}, {@code --proxy})
     * @return the proxy
     * @throws InvalidConfigurationException naming the setting; the message never repeats the credentials
     */
    public static ProxyServer parse(String value, String setting) {
        String v = value.trim();
        URI uri;
        try {
            uri = new URI(v.contains("://") ? v : "http://" + v);
        } catch (URISyntaxException e) {
            throw new InvalidConfigurationException(setting, "is not a proxy URL", "use http://HOST:PORT or "
                    + "http://USER:PASSWORD@HOST:PORT (percent-encode special characters in the password)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) {
            throw new InvalidConfigurationException(setting, "has no proxy host", "use http://HOST:PORT");
        }
        String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        if (!scheme.equals("http")) {
            throw new InvalidConfigurationException(setting, "uses " + scheme + "://" + where + ", but only http:// "
                    + "proxies are supported", "use the proxy's http:// address: requests to Entra and the registry "
                    + "still travel end-to-end encrypted through the proxy's CONNECT tunnel");
        }
        String user = null;
        Secret pass = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            try {
                user = decode(colon < 0 ? info : info.substring(0, colon));
                pass = Secret.of(colon < 0 ? "" : decode(info.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(setting, "has malformed percent-encoding in the user or "
                        + "password of the proxy " + scheme + "://" + where, "encode % as %25, @ as %40, : as %3A");
            }
        }
        String h = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return new ProxyServer(h, uri.getPort() > 0 ? uri.getPort() : 80, user, pass);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** @return the proxy host */
    public String host() {
        return host;
    }

    /** @return the proxy port */
    public int port() {
        return port;
    }

    /** @return the Basic user name, or null */
    public String username() {
        return username;
    }

    /** @return the Basic password, or null when the proxy needs no authentication */
    public Secret password() {
        return password;
    }

    /** @return true when Basic credentials are configured */
    public boolean hasCredentials() {
        return username != null;
    }

    /** @return the proxy for {@link java.net.URL#openConnection(Proxy)}; unresolved: the name is looked up on use */
    public Proxy jdkProxy() {
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
    }

    /** @return {@code http://host:port}, never the credentials */
    @Override
    public String toString() {
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyServer p && p.host.equalsIgnoreCase(host) && p.port == port
                && Objects.equals(p.username, username) && Objects.equals(p.password, password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host.toLowerCase(Locale.ROOT), port, username);
    }
}
