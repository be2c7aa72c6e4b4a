package dev.acrbridge.bench;

import dev.acrbridge.auth.registry.TlsContexts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * A measuring probe, not shipped: one cold HTTPS {@code GET /v2/} to the registry and exit, with either the JDK
 * HttpClient ({@code jdk}) or the blocking {@code HttpsURLConnection} ({@code urlconnection}). The difference is what
 * the choice of HTTP client costs a short-lived process (the HttpClient's selector thread delays JVM exit on JDK 17).
 *
 * <p>Arguments: {@code jdk|urlconnection <https URL> <CA PEM>}.
 */
public final class OneRequest {
    private OneRequest() {
    }

    public static void main(String[] args) throws Exception {
        SSLContext ssl = TlsContexts.withExtraCertificates(Path.of(args[2]));
        int status;
        if (args[0].equals("jdk")) {
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
            status = client.send(HttpRequest.newBuilder(URI.create(args[1])).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } else {
            HttpsURLConnection c = (HttpsURLConnection) URI.create(args[1]).toURL().openConnection();
            c.setSSLSocketFactory(ssl.getSocketFactory());
            c.setConnectTimeout(10_000);
            c.setReadTimeout(10_000);
            status = c.getResponseCode();
            try (var body = c.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
        }
        if (status != 401) {
            throw new IllegalStateException("expected the 401 challenge, got " + status);
        }
        System.exit(0);
    }
}
