package dev.acrbridge.testsvc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The single handler of one listener: classifies the request, logs it, applies an armed fault, then runs the
 * endpoint's handler. Bodies are read to the end first, so chunked requests are seen whole.
 */
final class Dispatcher implements HttpHandler {
    /** One endpoint's behaviour. */
    interface Handler {
        void handle(Call call) throws IOException;
    }

    private final Function<String, Endpoint> classifier;
    private final Map<Endpoint, Handler> handlers;
    private final RequestLog log;
    private final Faults faults;

    Dispatcher(Function<String, Endpoint> classifier, Map<Endpoint, Handler> handlers, RequestLog log, Faults faults) {
        this.classifier = classifier;
        this.handlers = handlers;
        this.log = log;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long seq = log.arrive();
        Instant at = Instant.now();
        Endpoint endpoint = classifier.apply(exchange.getRequestURI().getPath());
        Call[] holder = new Call[1];
        AtomicBoolean logged = new AtomicBoolean();
        // logged before the response leaves, so a client that got its answer always finds its request in the log
        Runnable logOnce = () -> {
            if (holder[0] != null && logged.compareAndSet(false, true)) {
                record(seq, at, holder[0]);
            }
        };
        Call call = null;
        boolean dropConnection = false;
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            call = new Call(exchange, endpoint, body, logOnce);
            holder[0] = call;
            Optional<Fault> fault = faults.next(endpoint);
            if (fault.isPresent()) {
                dropConnection = apply(fault.get(), call);
            } else {
                route(call);
            }
        } catch (RuntimeException | IOException e) {
            if (call != null && call.status() == 0) {
                call.json(500, ErrorBodies.forEndpoint(endpoint, 500, null, "internal error in the fake: " + e));
            }
        } finally {
            logOnce.run();
            if (dropConnection) {
                // the JDK server closes the TCP connection when a handler throws; this is the only way to drop it
                throw new IOException("fault injected: connection dropped");
            }
            exchange.close();
        }
    }

    private void record(long seq, Instant at, Call call) {
        log.record(seq, new LoggedRequest(call.endpoint, call.method(), call.path(),
                nullToEmpty(call.exchange.getRequestURI().getRawQuery()), call.host(), call.headers, call.form,
                call.status(), at));
    }

    private void route(Call call) throws IOException {
        Handler h = handlers.get(call.endpoint);
        if (h == null) {
            call.json(404, ErrorBodies.forEndpoint(call.endpoint, 404, null, "no such endpoint " + call.path()));
        } else {
            h.handle(call);
        }
    }

    /** Returns true when the connection must be dropped afterwards. */
    private boolean apply(Fault fault, Call call) throws IOException {
        if (!fault.delayValue().isZero()) {
            try {
                Thread.sleep(fault.delayValue().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        switch (fault.kind()) {
            case DELAY:
                route(call);
                return false;
            case RESET:
                return true;
            case MALFORMED_JSON:
                call.send(200, "application/json; charset=utf-8",
                        "{\"access_token\": \"eyJ0eXAi\", \"expires_in\": ".getBytes(), Map.of());
                return false;
            case TRUNCATED_BODY:
                call.sendTruncated(Jwts.json(Map.of("access_token", "x".repeat(200), "token_type", "Bearer",
                        "refresh_token", "y".repeat(200))));
                return true;
            case STATUS:
            default:
                Map<String, String> headers = fault.retryAfterValue() == null ? Map.of()
                        : Map.of("Retry-After", Long.toString(ceilSeconds(fault)));
                if (fault.bodyValue() != null) {
                    call.send(fault.statusCode(), "application/json; charset=utf-8",
                            fault.bodyValue().getBytes(StandardCharsets.UTF_8), headers);
                } else {
                    call.json(fault.statusCode(), ErrorBodies.forEndpoint(call.endpoint, fault.statusCode(),
                            fault.aadstsCode(), ErrorBodies.faultMessage(fault.statusCode())), headers);
                }
                return false;
        }
    }

    private static long ceilSeconds(Fault f) {
        long ms = f.retryAfterValue().toMillis();
        return (ms + 999) / 1000;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
