package dev.acrbridge.testsvc;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An Entra (AADSTS) error in Entra's JSON shape, with the HTTP status Entra uses for it. */
record EntraError(int status, String error, int code, String description) {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    static EntraError unknownTenant(String tenant) {
        return new EntraError(400, "invalid_request", 90002, "Tenant '" + tenant + "' not found. Check to make sure"
                + " you have the correct tenant ID and are signing into the correct cloud.");
    }

    static EntraError unknownClient(String clientId, String tenant) {
        return new EntraError(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                + "' was not found in the directory '" + tenant + "'. This can happen if the application has not"
                + " been installed by the administrator of the tenant or consented to by any user in the tenant.");
    }

    static EntraError badSecret(String clientId) {
        return new EntraError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret"
                + " being sent in the request is the client secret value, not the client secret ID, for a secret"
                + " added to app '" + clientId + "'.");
    }

    static EntraError expiredSecret(String clientId) {
        return new EntraError(401, "invalid_client", 7000222, "The provided client secret keys for app '" + clientId
                + "' are expired. Visit the Azure portal to create new keys for your app: "
                + "https://aka.ms/NewClientSecret, or consider using certificate credentials for added security.");
    }

    static EntraError invalidScope(String scope) {
        return new EntraError(400, "invalid_scope", 70011, "The provided request must include a 'scope' input"
                + " parameter. The provided value for the input parameter 'scope' is not valid: '" + scope
                + "'. The scope requested is invalid; a client_credentials request needs exactly one <resource>/.default"
                + " scope.");
    }

    static EntraError unknownResource(String resource, String tenant) {
        return new EntraError(400, "invalid_resource", 500011, "The resource principal named " + resource
                + " was not found in the tenant named " + tenant + ".");
    }

    static EntraError badSignature(String clientId) {
        return new EntraError(401, "invalid_client", 700027, "Client assertion failed signature validation."
                + " The key used is not registered for application '" + clientId + "' or the thumbprint is wrong.");
    }

    static EntraError outsideTimeRange(long nbf, long exp, long now) {
        return new EntraError(400, "invalid_client", 700024, "Client assertion is not within its valid time range."
                + " Current time: " + Instant.ofEpochSecond(now) + ", assertion valid from "
                + Instant.ofEpochSecond(nbf) + ", expiry time of assertion " + Instant.ofEpochSecond(exp) + ".");
    }

    static EntraError noFederatedMatch(String issuer, String subject, String audience) {
        return new EntraError(400, "invalid_client", 700213, "No matching federated identity record found for"
                + " presented assertion subject '" + subject + "'. Please check your federated identity credential"
                + " Subject, Audience and Issuer against the presented assertion (issuer '" + issuer
                + "', audience '" + audience + "').");
    }

    static EntraError invalidRequest(int code, String description) {
        return new EntraError(400, "invalid_request", code, description);
    }

    static EntraError invalidClient(int code, String description) {
        return new EntraError(401, "invalid_client", code, description);
    }

    /** A generic error for an AADSTS code requested by a fault. */
    static EntraError forCode(int status, int code) {
        String error = switch (code) {
            case 7000215, 7000222, 700027, 700024, 700213, 70021, 700211, 700212 -> "invalid_client";
            case 700016, 7000112 -> "unauthorized_client";
            case 70011 -> "invalid_scope";
            case 53003 -> "access_denied";
            default -> status >= 500 ? "temporarily_unavailable" : "invalid_request";
        };
        return new EntraError(status, error, code, "Injected error AADSTS" + code + ".");
    }

    Map<String, Object> body() {
        Instant now = Instant.now();
        String trace = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("error_description", "AADSTS" + code + ": " + description + " Trace ID: " + trace
                + " Correlation ID: " + correlation + " Timestamp: " + TS.format(now));
        m.put("error_codes", List.of(code));
        m.put("timestamp", TS.format(now));
        m.put("trace_id", trace);
        m.put("correlation_id", correlation);
        m.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        return m;
    }
}
