package dev.acrbridge.auth.proxy;

import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Which proxy, if any, every outbound call takes: Entra, GitHub's OIDC endpoint and the registry (challenge, exchange,
 * scoped tokens). Managed-identity endpoints (IMDS, App Service) never take one: they are reached directly, as
 * azure-identity and the az CLI do. Sources, first match wins:
 * <ol>
 * <li>an explicit proxy ({@value #PROXY}, set by {@code --proxy}, the action's {@code proxy} input, or Jenkins' proxy
 * configuration), for http and https URLs alike;</li>
 * <li>{@code HTTPS_PROXY} / {@code https_proxy} for https URLs and {@code HTTP_PROXY} / {@code http_proxy} for http
 * URLs (upper case first, an empty value counts as unset), exactly as Go reads them;</li>
 * <li>hosts listed in {@value #NO_PROXY} (or else {@code NO_PROXY} / {@code no_proxy}, see {@link NoProxy}) and
 * loopback ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) are always reached directly.</li>
 * </ol>
 */
public final class ProxySettings {
    /** Explicit proxy URL, set from {@code --proxy}, the action input or Jenkins; wins over the environment. */
    public static final String PROXY = "ACR_LOGIN_PROXY";
    /** Explicit bypass list (NO_PROXY syntax); wins over {@code NO_PROXY}. */
    public static final String NO_PROXY = "ACR_LOGIN_NO_PROXY";
    /** The standard variables naming a proxy URL, in the order Go (docker, podman, helm) reads them. */
    public static final List<String> PROXY_URL_VARIABLES = List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY",
            "http_proxy");
    /** The standard variables listing hosts reached directly. */
    public static final List<String> BYPASS_VARIABLES = List.of("NO_PROXY", "no_proxy");
    /** No proxy for anything. */
    public static final ProxySettings DIRECT = new ProxySettings(null, null, HostBypass.NONE, "direct");

    private final ProxyServer https;
    private final ProxyServer http;
    private final HostBypass bypass;
    private final String origin;
    private final Supplier<ProxySettings> live;

    private ProxySettings(ProxyServer https, ProxyServer http, HostBypass bypass, String origin) {
        this.https = https;
        this.http = http;
        this.bypass = Objects.requireNonNull(bypass, "bypass");
        this.origin = origin;
        this.live = null;
    }

    private ProxySettings(Supplier<ProxySettings> live) {
        this.https = null;
        this.http = null;
        this.bypass = HostBypass.NONE;
        this.origin = "live";
        this.live = live;
    }

    /**
     * @param current read again for every request, so a long-lived auth core follows a changed configuration
     *                (Jenkins' proxy settings can change while the controller runs)
     * @return settings that are always those {@code current} returns
     */
    public static ProxySettings live(Supplier<ProxySettings> current) {
        return new ProxySettings(Objects.requireNonNull(current, "current"));
    }

    /**
     * @param server the proxy for every URL
     * @param bypass hosts reached directly (loopback always is)
     * @param origin where the setting came from, for {@link #toString()} ({@code Jenkins proxy configuration})
     * @return settings sending everything but the bypassed hosts through {@code server}
     */
    public static ProxySettings explicit(ProxyServer server, HostBypass bypass, String origin) {
        return new ProxySettings(Objects.requireNonNull(server, "server"), server, bypass, origin);
    }

    /**
     * @param env settings in environment form: {@value #PROXY}, {@value #NO_PROXY} and the standard variables
     * @return the proxies those settings describe, {@link #DIRECT} when none is set
     * @throws dev.acrbridge.auth.diagnostics.InvalidConfigurationException naming the variable with a bad URL
     */
    public static ProxySettings fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, UnaryOperator.identity());
    }

    /**
     * @param env   settings in environment form: {@value #PROXY}, {@value #NO_PROXY} and the standard variables
     * @param names the name the user knows a variable by ({@code --proxy} for {@value #PROXY}), for errors
     * @return the proxies those settings describe, {@link #DIRECT} when none is set
     * @throws dev.acrbridge.auth.diagnostics.InvalidConfigurationException naming the setting with a bad URL
     */
    public static ProxySettings fromEnvironment(Map<String, String> env, UnaryOperator<String> names) {
        String bypassSource = first(env, NO_PROXY) != null ? NO_PROXY : "NO_PROXY";
        String bypassList = first(env, NO_PROXY) != null ? first(env, NO_PROXY) : first(env, BYPASS_VARIABLES.toArray(String[]::new));
        NoProxy bypass = NoProxy.parse(bypassList);
        String explicit = first(env, PROXY);
        if (explicit != null) {
            ProxyServer server = ProxyServer.parse(explicit, names.apply(PROXY));
            return new ProxySettings(server, server, bypass,
                    PROXY + (bypass.isEmpty() ? "" : ", bypass " + bypassSource));
        }
        String httpsVar = name(env, "HTTPS_PROXY", "https_proxy");
        String httpVar = name(env, "HTTP_PROXY", "http_proxy");
        if (httpsVar == null && httpVar == null) {
            return DIRECT;
        }
        ProxyServer https = httpsVar == null ? null : ProxyServer.parse(env.get(httpsVar), names.apply(httpsVar));
        ProxyServer http = httpVar == null ? null : ProxyServer.parse(env.get(httpVar), names.apply(httpVar));
        String origin = (httpsVar == null ? "" : httpsVar) + (httpsVar != null && httpVar != null ? ", " : "")
                + (httpVar == null ? "" : httpVar) + (bypass.isEmpty() ? "" : ", bypass " + bypassSource);
        return new ProxySettings(https, http, bypass, origin);
    }

    /**
     * @param uri where a request goes
     * @return the proxy to send it through, or empty to connect directly
     */
    public Optional<ProxyServer> proxyFor(URI uri) {
        if (live != null) {
            return live.get().proxyFor(uri);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        ProxyServer server = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
        if (server == null || uri.getHost() == null) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (isLoopback(host) || bypass.bypasses(host, port)) {
            return Optional.empty();
        }
        return Optional.of(server);
    }

    /**
     * @param uri where a request goes
     * @return how to reach it: directly, or through the proxy with that proxy's authenticator
     */
    public ProxyRoute route(URI uri) {
        if (live != null) {
            return live.get().route(uri);
        }
        return proxyFor(uri).map(p -> ProxyRoute.via(p, uri)).orElse(ProxyRoute.direct());
    }

    /**
     * @param uri where a request goes
     * @return the JDK proxy for {@link java.net.URL#openConnection(Proxy)}: never {@code null}, so the JVM-wide
     *         ProxySelector (another library's guess) is never consulted
     */
    public Proxy jdkProxyFor(URI uri) {
        return proxyFor(uri).map(ProxyServer::jdkProxy).orElse(Proxy.NO_PROXY);
    }

    /** @return true when no URL goes through a proxy */
    public boolean isDirect() {
        if (live != null) {
            return live.get().isDirect();
        }
        return https == null && http == null;
    }

    /** Go never proxies these either; a registry or test service on this machine is reached directly. */
    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        byte[] ip = NoProxy.ipLiteral(host);
        if (ip == null) {
            return false;
        }
        if (ip.length == 4) {
            return ip[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }

    private static String name(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return n;
            }
        }
        return null;
    }

    private static String first(Map<String, String> env, String... names) {
        String n = name(env, names);
        return n == null ? null : env.get(n).trim();
    }

    /** @return the proxies and where they came from, never credentials: {@code https via http://p:3128 (HTTPS_PROXY)} */
    @Override
    public String toString() {
        if (live != null) {
            return live.get().toString();
        }
        if (isDirect()) {
            return "direct";
        }
        return "https " + (https == null ? "direct" : "via " + https) + ", http "
                + (http == null ? "direct" : "via " + http) + " (" + origin + ")";
    }
}
