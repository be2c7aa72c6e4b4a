package dev.acrbridge.testsvc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Error bodies in the shape each endpoint family really uses. */
final class ErrorBodies {
    private ErrorBodies() {
    }

    static Map<String, Object> forEndpoint(Endpoint endpoint, int status, Integer aadsts, String message) {
        if (aadsts != null) {
            return EntraError.forCode(status, aadsts).body();
        }
        switch (endpoint) {
            case ACR_CHALLENGE:
            case ACR_EXCHANGE:
            case ACR_TOKEN:
                return acr(acrCode(status), message);
            case ENTRA_TOKEN:
            case ENTRA_METADATA:
                return EntraError.forCode(status, status >= 500 ? 50000 : 90000).body();
            default:
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("error", status == 429 ? "too_many_requests" : status >= 500 ? "server_error" : "invalid_request");
                m.put("error_description", message);
                return m;
        }
    }

    /** The message of an injected status fault: what the real service says for that status, marked as injected. */
    static String faultMessage(int status) {
        String real = switch (status) {
            case 401 -> "authentication required, visit https://aka.ms/acr/authorization for more information.";
            case 403 -> "requested access to the resource is denied";
            case 404 -> "not found";
            case 429 -> "too many requests";
            default -> status >= 500 ? "service unavailable" : "bad request";
        };
        return real + " (injected fault: HTTP " + status + ")";
    }

    /** An OCI distribution error body: {"errors":[{"code","message","detail"}]}. */
    static Map<String, Object> acr(String code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        e.put("detail", null);
        return Map.of("errors", List.of(e));
    }

    private static String acrCode(int status) {
        switch (status) {
            case 401: return "UNAUTHORIZED";
            case 403: return "DENIED";
            case 404: return "NAME_UNKNOWN";
            case 429: return "TOOMANYREQUESTS";
            default: return status >= 500 ? "UNAVAILABLE" : "UNSUPPORTED";
        }
    }
}
