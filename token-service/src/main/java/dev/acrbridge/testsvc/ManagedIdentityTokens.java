package dev.acrbridge.testsvc;

import java.util.LinkedHashMap;
import java.util.Map;

/** Shared logic of the IMDS and App Service endpoints: resource check and the (all-string) token reply. */
record ManagedIdentityTokens(EntraDirectory directory, EntraTokens tokens) {

    /** The known resource the {@code resource} parameter names (trailing slash tolerated), or null. */
    String resource(String requested) {
        if (requested == null || requested.isEmpty()) {
            return null;
        }
        if (directory.knowsResource(requested)) {
            return requested;
        }
        String trimmed = requested.endsWith("/") ? requested.substring(0, requested.length() - 1) : requested;
        return directory.knowsResource(trimmed) ? trimmed : null;
    }

    Map<String, Object> imdsReply(Principal p, String resource) {
        EntraTokens.Issued t = tokens.issue(p, resource);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", t.token());
        m.put("client_id", p.clientId());
        m.put("expires_in", Long.toString(t.exp() - t.iat()));
        m.put("expires_on", Long.toString(t.exp()));
        m.put("ext_expires_in", Long.toString(t.exp() - t.iat()));
        m.put("not_before", Long.toString(t.iat()));
        m.put("resource", resource);
        m.put("token_type", "Bearer");
        m.put("refresh_token", "");
        return m;
    }

    Map<String, Object> appServiceReply(Principal p, String resource) {
        EntraTokens.Issued t = tokens.issue(p, resource);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", t.token());
        m.put("expires_on", Long.toString(t.exp()));
        m.put("resource", resource);
        m.put("token_type", "Bearer");
        m.put("client_id", p.clientId());
        return m;
    }

    static Map<String, Object> error(String error, String description) {
        return Map.of("error", error, "error_description", description);
    }
}
