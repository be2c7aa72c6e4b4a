package dev.acrbridge.auth.http;

import dev.acrbridge.auth.proxy.ProxyRoute;
import dev.acrbridge.auth.proxy.ProxySettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends one request and reads the whole answer, blocking, over the JDK's {@link HttpURLConnection} with our TLS
 * context. Chosen over {@code java.net.http.HttpClient} because a credential tool mostly runs as a short-lived
 * process: the blocking client starts about half a second sooner and does not hold JVM exit (bench/results).
 * Redirects are never followed (a token must not follow a 3xx to another host), and the JDK never answers an auth
 * challenge itself: each connection gets an authenticator with no credentials, so a process-wide default (Jenkins
 * installs one) cannot add its passwords; only a configured proxy's 407 is answered, with that proxy's credentials.
 * Each URL takes the proxy {@link ProxySettings} chooses, never the JVM-wide ProxySelector. Bodies are buffered,
 * not streamed: in streaming mode the JDK turns every
 * 401 into an HttpRetryException and drops the answer's error details. The JDK may re-send a request once when
 * the connection breaks before any answer; {@link dev.acrbridge.auth.retry.RetryingHttp} bounds the rest.
 */
public final class HttpTransport {
    /** Token answers are a few KB; a bigger answer is refused rather than buffered without bound. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final Authenticator NO_CREDENTIALS = new Authenticator() {
    };
    private final SSLSocketFactory tls;
    private final ProxySettings proxies;

    /** @param ssl TLS context for https URLs; every connection is direct */
    public HttpTransport(SSLContext ssl) {
        this(ssl, ProxySettings.DIRECT);
    }

    /**
     * @param ssl     TLS context for https URLs (with a TLS-inspecting proxy it must trust the proxy's CA)
     * @param proxies which proxy each URL takes; the JVM-wide ProxySelector is never consulted
     */
    public HttpTransport(SSLContext ssl, ProxySettings proxies) {
        this.tls = Objects.requireNonNull(ssl, "ssl").getSocketFactory();
        this.proxies = Objects.requireNonNull(proxies, "proxies");
    }

    /**
     * @param call the request
     * @return the answer, whatever its status
     * @throws IOException when no complete answer arrived (refused, reset, timed out, truncated, too large)
     */
    public HttpReply send(HttpCall call) throws IOException {
        ProxyRoute route = proxies.route(call.uri());
        HttpURLConnection c = (HttpURLConnection) call.uri().toURL().openConnection(route.jdkProxy());
        if (c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, call.timeout().toMillis()));
        c.setConnectTimeout(millis);
        c.setReadTimeout(millis);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setAuthenticator(route.authenticator(NO_CREDENTIALS)); // answers only our proxy's 407, never a 401
        c.setRequestMethod(call.method());
        for (Map.Entry<String, String> h : call.headers().entrySet()) {
            c.setRequestProperty(h.getKey(), h.getValue());
        }
        try {
            if (call.body() != null) {
                byte[] body = call.body().getBytes(StandardCharsets.UTF_8);
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            route.checkStatus(status);
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] body = in == null ? new byte[0] : readAll(in, call);
            long declared = c.getContentLengthLong();
            if (declared >= 0 && body.length < declared) {
                // HttpURLConnection ends a short body silently; a cut answer must fail (and be retried), not parse
                throw new IOException("the answer to " + call + " ended after " + body.length + " of " + declared
                        + " bytes");
            }
            return new HttpReply(status, c.getHeaderFields(), new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            c.disconnect(); // a half-read connection must not go back to the keep-alive pool
            throw route.translate(e);
        }
    }

    private static byte[] readAll(InputStream in, HttpCall call) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BODY_BYTES) {
                    throw new IOException("the answer to " + call + " is larger than " + MAX_BODY_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        }
    }
}
