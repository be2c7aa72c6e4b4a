package dev.acrbridge.auth.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code NO_PROXY} list read with Go's rules (golang.org/x/net/http/httpproxy), which docker, podman, buildah,
 * skopeo, helm and kubectl all use, so our requests take the same path as the clients we log in:
 * <ul>
 * <li>comma-separated, blanks ignored, case-insensitive; {@code *} alone bypasses every host;</li>
 * <li>{@code example.com} matches that host and every subdomain; {@code .example.com} and {@code *.example.com}
 * match subdomains only;</li>
 * <li>IP literals ({@code 10.1.2.3}, {@code ::1}, {@code [::1]}) match that address, CIDR blocks
 * ({@code 10.0.0.0/8}) every address inside; names are never resolved to compare them;</li>
 * <li>an entry with a port ({@code registry.local:5000}, {@code [::1]:8443}) matches only that port.</li>
 * </ul>
 * Unlike curl, a leading dot does not match the bare domain, and a port is honoured.
 */
final class NoProxy implements HostBypass {
    private final boolean all;
    private final List<Entry> entries;

    private NoProxy(boolean all, List<Entry> entries) {
        this.all = all;
        this.entries = List.copyOf(entries);
    }

    /**
     * @param list the variable's value, or null
     * @return the parsed list; malformed entries are ignored, as Go does
     */
    public static NoProxy parse(String list) {
        List<Entry> entries = new ArrayList<>();
        if (list == null) {
            return new NoProxy(false, entries);
        }
        for (String raw : list.split(",")) {
            String p = raw.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("*")) {
                return new NoProxy(true, List.of());
            }
            int slash = p.indexOf('/');
            if (slash > 0) {
                byte[] net = ipLiteral(p.substring(0, slash));
                Integer bits = number(p.substring(slash + 1));
                if (net != null && bits != null && bits <= net.length * 8) {
                    entries.add(new Entry(null, net, bits, -1, false));
                }
                continue;
            }
            String host = p;
            int port = -1;
            int colon = p.lastIndexOf(':');
            if (p.startsWith("[") && p.contains("]")) {
                int close = p.indexOf(']');
                host = p.substring(1, close);
                port = close + 1 < p.length() && p.charAt(close + 1) == ':' ? portOf(p.substring(close + 2)) : -1;
            } else if (colon > 0 && p.indexOf(':') == colon) { // one colon: host:port (more colons: bare IPv6)
                host = p.substring(0, colon);
                port = portOf(p.substring(colon + 1));
                if (port < 0) {
                    continue;
                }
            }
            byte[] ip = ipLiteral(host);
            if (ip != null) {
                entries.add(new Entry(null, ip, ip.length * 8, port, false));
                continue;
            }
            if (host.startsWith("*.")) {
                host = host.substring(1);
            }
            if (host.isEmpty() || host.equals(".")) {
                continue;
            }
            boolean matchBare = !host.startsWith(".");
            entries.add(new Entry(matchBare ? "." + host : host, null, 0, port, matchBare));
        }
        return new NoProxy(false, entries);
    }

    @Override
    public boolean bypasses(String host, int port) {
        if (all) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        byte[] ip = ipLiteral(h);
        for (Entry e : entries) {
            if (e.port >= 0 && e.port != port) {
                continue;
            }
            if (e.suffix != null ? h.endsWith(e.suffix) || (e.matchBare && h.equals(e.suffix.substring(1)))
                    : ip != null && ip.length == e.network.length && inPrefix(ip, e.network, e.bits)) {
                return true;
            }
        }
        return false;
    }

    /** @return true when nothing is listed */
    public boolean isEmpty() {
        return !all && entries.isEmpty();
    }

    /**
     * @param host a host name or IP literal
     * @return its address bytes when it is an IPv4 or IPv6 literal, else null (no DNS lookup is ever made)
     */
    static byte[] ipLiteral(String host) {
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            byte[] v4 = new byte[4];
            String[] parts = host.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return null;
                }
                v4[i] = (byte) octet;
            }
            return v4;
        }
        if (host.indexOf(':') < 0 || !host.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress(); // an IPv6 literal (has ':'): parsed, never looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean inPrefix(byte[] ip, byte[] network, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((ip[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static Integer number(String s) {
        return s.matches("\\d{1,3}") ? Integer.valueOf(s) : null;
    }

    private static int portOf(String s) {
        return s.matches("\\d{1,5}") && Integer.parseInt(s) <= 65535 ? Integer.parseInt(s) : -1;
    }

    @Override
    public String toString() {
        return all ? "*" : entries.size() + " entries";
    }

    private record Entry(String suffix, byte[] network, int bits, int port, boolean matchBare) {
    }
}
