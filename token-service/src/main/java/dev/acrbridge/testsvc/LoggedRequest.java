package dev.acrbridge.testsvc;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request as the service received it (test-only: secrets in it are expected).
 *
 * @param endpoint the endpoint family
 * @param method   HTTP method
 * @param path     request path (decoded)
 * @param query    raw query string, "" when none
 * @param host     the Host header
 * @param headers  request headers, case-insensitive names
 * @param form     form fields parsed from an {@code application/x-www-form-urlencoded} body (chunked included)
 * @param status   the status sent; 0 when the connection was reset without a response
 * @param at       when the request arrived (wall clock, not skewed)
 */
public record LoggedRequest(Endpoint endpoint, String method, String path, String query, String host,
                            Map<String, List<String>> headers, Map<String, List<String>> form, int status,
                            Instant at) {

    /** The query parameters, decoded. */
    public Map<String, List<String>> queryParams() {
        return Forms.parse(query);
    }

    /** First value of a query parameter, or null. */
    public String queryParam(String name) {
        return Forms.first(queryParams(), name);
    }

    /** First value of a form field, or null. */
    public String formValue(String name) {
        return Forms.first(form, name);
    }

    /** First value of a header (case-insensitive), or null. */
    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
