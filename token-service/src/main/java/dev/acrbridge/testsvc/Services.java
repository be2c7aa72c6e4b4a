package dev.acrbridge.testsvc;

/** Which registry a token request is for: the {@code service} parameter, else the Host the client called. */
final class Services {
    private Services() {
    }

    /** The lower-cased service name, or null when the given one is neither a known service nor this host. */
    static String resolve(AcrRegistry registry, Call c, String requested) {
        String host = c.host().toLowerCase();
        if (requested == null || requested.isEmpty()) {
            return host;
        }
        String s = requested.toLowerCase();
        return s.equals(host) || registry.knowsService(s) ? s : null;
    }
}
