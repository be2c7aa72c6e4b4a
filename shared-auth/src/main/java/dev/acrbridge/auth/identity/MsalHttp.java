package dev.acrbridge.auth.identity;

import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import dev.acrbridge.auth.http.HttpCall;
import dev.acrbridge.auth.http.HttpReply;
import dev.acrbridge.auth.retry.RetryingHttp;
import java.time.Duration;
import java.util.Map;

/**
 * msal4j's HTTP client: every request passes the {@link EndpointGuard} first, then goes out through our
 * {@link RetryingHttp} (our TLS context, timeouts and retry bounds) instead of msal4j's own connection handling.
 */
final class MsalHttp implements IHttpClient {
    private final EndpointGuard guard;
    private final RetryingHttp http;
    private final Duration timeout;

    MsalHttp(EndpointGuard guard, RetryingHttp http, Duration timeout) {
        this.guard = guard;
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public IHttpResponse send(HttpRequest request) throws Exception {
        guard.check(request.url());
        Map<String, String> headers = request.headers() == null ? Map.of() : request.headers();
        HttpReply reply = http.send(new HttpCall(request.httpMethod().methodName, request.url().toURI(), headers,
                request.body(), timeout));
        HttpResponse response = new HttpResponse().statusCode(reply.status()).body(reply.body());
        response.addHeaders(reply.headers());
        return response;
    }
}
