package dev.acrbridge.auth.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP answer read in full: status, headers (names compared case-insensitively) and the UTF-8 body.
 *
 * @param status  HTTP status code
 * @param headers header values by name
 * @param body    the body, empty when there was none
 */
public record HttpReply(int status, Map<String, List<String>> headers, String body) {
    public HttpReply {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null) {
                copy.put(name, List.copyOf(values));
            }
        });
        headers = java.util.Collections.unmodifiableMap(copy);
        body = body == null ? "" : body;
    }

    /**
     * @param name header name, any case
     * @return its first value
     */
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    /**
     * @param name header name, any case
     * @return all its values, in the order received
     */
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** Never prints the body: it may hold a token. */
    @Override
    public String toString() {
        return "HTTP " + status;
    }
}
