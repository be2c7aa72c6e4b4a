package dev.acrbridge.auth.http;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request: method, URL, headers, an optional UTF-8 body and the timeout of one attempt.
 *
 * @param method  {@code GET} or {@code POST}
 * @param uri     absolute URL
 * @param headers header names and values, sent in this order
 * @param body    request body, or null for none
 * @param timeout bounds connecting and each wait for the answer
 */
public record HttpCall(String method, URI uri, Map<String, String> headers, String body, Duration timeout) {
    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeout, "timeout");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * @param uri     the URL
     * @param timeout per-attempt timeout
     * @return a GET without headers
     */
    public static HttpCall get(URI uri, Duration timeout) {
        return new HttpCall("GET", uri, Map.of(), null, timeout);
    }

    /**
     * @param uri     the URL
     * @param form    an {@code application/x-www-form-urlencoded} body
     * @param timeout per-attempt timeout
     * @return a form POST
     */
    public static HttpCall postForm(URI uri, String form, Duration timeout) {
        return new HttpCall("POST", uri, Map.of("Content-Type", "application/x-www-form-urlencoded"), form, timeout);
    }

    /**
     * @param name  header name
     * @param value header value
     * @return this call with the header added (or replaced)
     */
    public HttpCall header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpCall(method, uri, more, body, timeout);
    }

    /** Never prints headers or body: they carry secrets. */
    @Override
    public String toString() {
        return method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }
}
