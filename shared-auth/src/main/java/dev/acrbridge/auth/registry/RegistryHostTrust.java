package dev.acrbridge.auth.registry;

import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.diagnostics.UntrustedRegistryException;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which hosts may receive registry tokens. A host is trusted when it ends with the cloud's registry suffix
 * (anchored at a label boundary, {@code x.azurecr.io} yes, {@code azurecr.io.evil.example} no) on port 443, or
 * when it was explicitly opted in as {@code host[:port]}. Refused outright: any scheme but HTTPS, userinfo, paths,
 * queries, fragments, trailing dots, non-ASCII (IDN) names and punycode labels, IP literals and other ports unless
 * opted in. Every check happens before any request is made.
 */
public final class RegistryHostTrust {
    /** Where each face opts a host in; the same words in every message. */
    public static final String ALLOW_OPTION = "acr-login --allow-registry-host HOST[:PORT] (ACR_LOGIN_ALLOWED_HOSTS), "
            + "the action input trusted-registry-hosts, or the Jenkins credential's 'Other trusted registry hosts'";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern BARE_NAME = Pattern.compile("[a-z0-9]{1,50}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");

    private final AzureCloud cloud;
    private final Set<String> optedIn;

    /**
     * @param cloud   whose registry suffix is trusted
     * @param optedIn extra {@code host[:port]} entries trusted as given (e.g. {@code 127.0.0.1:8443})
     */
    public RegistryHostTrust(AzureCloud cloud, Set<String> optedIn) {
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        Set<String> normal = new HashSet<>();
        for (String entry : optedIn) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty() || e.contains("/") || e.contains("@") || e.contains("?") || e.contains("#")) {
                throw new InvalidConfigurationException("allowed registry host", "'" + entry + "' is not host[:port]",
                        "list hosts as host or host:port, without scheme, user or path");
            }
            normal.add(e.endsWith(":443") ? e.substring(0, e.length() - 4) : e);
        }
        this.optedIn = Set.copyOf(normal);
    }

    /**
     * Normalises and checks a registry given as a login server, {@code https://} URL or bare registry name.
     *
     * @param registry what the user typed
     * @return the trusted host
     * @throws UntrustedRegistryException when the host may not receive tokens
     * @throws InvalidConfigurationException when the value is empty or not a host at all
     */
    public RegistryHost resolve(String registry) {
        if (registry == null || registry.isBlank()) {
            throw new InvalidConfigurationException("registry", "is empty",
                    "set the registry login server (contoso" + cloud.registrySuffix() + ") or its name (contoso)");
        }
        String shown = registry.length() > 100 ? registry.substring(0, 100) + "..." : registry;
        String s = registry.trim();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            if (!s.substring(0, scheme).equalsIgnoreCase("https")) {
                throw refuse(shown, "only https:// may carry registry tokens");
            }
            s = s.substring(scheme + 3);
        }
        if (s.endsWith("/")) {
            // one trailing slash, as pasted from a portal or typed for docker login, still names just the host
            s = s.substring(0, s.length() - 1);
        }
        for (char c : s.toCharArray()) {
            if (c > 0x7e || c < 0x21) {
                throw refuse(shown, "non-ASCII or whitespace characters (internationalised names are not registry hosts)");
            }
        }
        if (s.contains("@")) {
            throw refuse(shown, "user information in the host is not allowed");
        }
        if (s.contains("/") || s.contains("?") || s.contains("#") || s.contains("\\")) {
            throw refuse(shown, "a registry is a host, not a URL with a path, query or fragment");
        }
        s = s.toLowerCase(Locale.ROOT);
        String host;
        Integer port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw refuse(shown, "malformed IPv6 literal");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw refuse(shown, "malformed IPv6 literal");
                }
                port = parsePort(shown, rest.substring(1));
            }
        } else {
            int colon = s.lastIndexOf(':');
            host = colon < 0 ? s : s.substring(0, colon);
            if (colon >= 0) {
                port = parsePort(shown, s.substring(colon + 1));
            }
        }
        if (host.isEmpty()) {
            throw new InvalidConfigurationException("registry", "'" + shown + "' has no host name",
                    "set the registry login server, e.g. contoso" + cloud.registrySuffix());
        }
        int effectivePort = port == null ? 443 : port;
        RegistryHost candidate = new RegistryHost(host, effectivePort);
        if (optedIn.contains(candidate.authority())) {
            return candidate;
        }
        if (host.endsWith(".")) {
            throw refuse(shown, "trailing dot in the host name");
        }
        if (IPV4.matcher(host).matches() || host.contains(":")) {
            throw refuse(shown, "IP literals are not registry login servers");
        }
        if (port == null && !host.contains(".") && BARE_NAME.matcher(host).matches()) {
            return new RegistryHost(host + cloud.registrySuffix(), 443);
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (label.startsWith("xn--")) {
                throw refuse(shown, "punycode (internationalised) labels are refused as look-alikes");
            }
            if (!LABEL.matcher(label).matches()) {
                throw refuse(shown, "'" + label + "' is not a valid host label");
            }
        }
        if (effectivePort != 443) {
            throw refuse(shown, "registries listen on port 443; port " + effectivePort + " is not trusted");
        }
        String suffix = cloud.registrySuffix();
        if (!host.endsWith(suffix) || host.length() == suffix.length()) {
            throw refuse(shown, "the host does not end with this cloud's registry suffix " + suffix);
        }
        return candidate;
    }

    /**
     * Checks that a challenge realm stays on the registry host over HTTPS.
     *
     * @param registry the trusted registry
     * @param realm    the realm URL from {@code WWW-Authenticate}
     * @return the realm as a URI
     * @throws UntrustedRegistryException when the realm points elsewhere or is not HTTPS
     */
    public URI checkRealm(RegistryHost registry, String realm) {
        URI uri;
        try {
            uri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw refuse(registry.authority(), "its challenge realm is not a URL");
        }
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawUserInfo() != null
                || !host.equals(registry.host()) || port != registry.port()) {
            throw refuse(registry.authority(), "its challenge realm " + realm
                    + " is not HTTPS on the same host; tokens are only sent to the registry itself");
        }
        return uri;
    }

    private static int parsePort(String shown, String p) {
        if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
            throw new UntrustedRegistryException("Registry '" + shown + "' is refused: '" + p + "' is not a port.",
                    "give the login server without a port, e.g. contoso.azurecr.io", false, null);
        }
        return Integer.parseInt(p);
    }

    private UntrustedRegistryException refuse(String shown, String why) {
        return new UntrustedRegistryException("Registry '" + shown + "' is not trusted: " + why + ". Nothing was sent.",
                "use the registry's login server NAME" + cloud.registrySuffix() + " (cloud " + cloud.name()
                        + "), pick the cloud the registry lives in, or opt this exact host[:port] in explicitly "
                        + "if you really mean it: " + ALLOW_OPTION, false, null);
    }
}
