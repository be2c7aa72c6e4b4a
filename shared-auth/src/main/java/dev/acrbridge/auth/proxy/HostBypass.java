package dev.acrbridge.auth.proxy;

/** Decides which hosts are reached directly although a proxy is configured. */
@FunctionalInterface
public interface HostBypass {
    /** Bypasses nothing. */
    HostBypass NONE = (host, port) -> false;

    /**
     * @param host lower-case host name or IP literal (IPv6 without brackets)
     * @param port the port the request goes to (the scheme's default when the URL has none)
     * @return true to connect directly
     */
    boolean bypasses(String host, int port);
}
