package dev.acrbridge.testsvc;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One request being answered: parsed inputs plus the helpers that send the single response. */
final class Call {
    final HttpExchange exchange;
    final Endpoint endpoint;
    final Map<String, List<String>> headers;
    final Map<String, List<String>> query;
    final Map<String, List<String>> form;
    private final Runnable beforeResponse;
    private int status;

    /** {@code beforeResponse} runs once the status is known and before any byte of the response is sent. */
    Call(HttpExchange exchange, Endpoint endpoint, byte[] body, Runnable beforeResponse) {
        this.exchange = exchange;
        this.beforeResponse = beforeResponse;
        this.endpoint = endpoint;
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> h.put(k, List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(h);
        this.query = Forms.parse(exchange.getRequestURI().getRawQuery());
        String type = header("Content-Type");
        boolean isForm = type == null || type.toLowerCase().startsWith("application/x-www-form-urlencoded");
        this.form = isForm ? Forms.parse(new String(body, StandardCharsets.UTF_8)) : Map.of();
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        return exchange.getRequestURI().getPath();
    }

    /** The Host header as the client sent it (nginx passes it through), else the local address. */
    String host() {
        String h = header("Host");
        return h != null ? h : "127.0.0.1:" + exchange.getLocalAddress().getPort();
    }

    String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    String queryParam(String name) {
        return Forms.first(query, name);
    }

    String formValue(String name) {
        return Forms.first(form, name);
    }

    /** All values of a form or query field (repeated fields), form first. */
    List<String> values(String name) {
        List<String> out = new ArrayList<>(form.getOrDefault(name, List.of()));
        out.addAll(query.getOrDefault(name, List.of()));
        return out;
    }

    int status() {
        return status;
    }

    void json(int code, Object body) throws IOException {
        json(code, body, Map.of());
    }

    void json(int code, Object body, Map<String, String> extraHeaders) throws IOException {
        send(code, "application/json; charset=utf-8", Jwts.json(body), extraHeaders);
    }

    void send(int code, String contentType, byte[] body, Map<String, String> extraHeaders) throws IOException {
        status = code;
        beforeResponse.run();
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        extraHeaders.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        boolean noBody = body.length == 0 || "HEAD".equals(method());
        exchange.sendResponseHeaders(code, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Announces the full length, writes half of the body and marks the call so the connection gets dropped. */
    void sendTruncated(byte[] body) throws IOException {
        status = 200;
        beforeResponse.run();
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
    }
}
