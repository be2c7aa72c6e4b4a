package dev.acrbridge.auth.identity;

import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
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
        notEntra(request, reply);
        HttpResponse response = new HttpResponse().statusCode(reply.status()).body(reply.body());
        response.addHeaders(reply.headers());
        return response;
    }

    /**
     * Entra answers every request (metadata, instance discovery, token) with JSON, errors included (400 + AADSTS).
     * A 404, or a page that is not JSON below 500, means the authority host is not Entra at all (a typo, a portal
     * URL, a proxy's page): say so instead of letting msal4j report a JSON parsing error as a refused identity.
     * Throttling and 5xx pages stay msal4j's, to be retried and reported as transient.
     */
    private static void notEntra(HttpRequest request, HttpReply reply) {
        int status = reply.status();
        if (status == 429 || status >= 500) {
            return;
        }
        String body = reply.body() == null ? "" : reply.body().strip();
        boolean json = body.isEmpty() || body.startsWith("{") || body.startsWith("[");
        if (status != 404 && json) {
            return;
        }
        String type = reply.header("Content-Type").map(t -> ", " + t.split(";")[0].trim()).orElse("");
        String host = request.url().getProtocol() + "://" + request.url().getAuthority();
        throw new InvalidConfigurationException("AZURE_AUTHORITY_HOST", host + " is not a Microsoft Entra authority "
                + "(it answered " + request.httpMethod().methodName + " " + request.url().getPath() + " with HTTP "
                + status + type + (json ? "" : ", not JSON") + ")",
                "give the Entra host of your cloud, e.g. https://login.microsoftonline.com (public), "
                        + "https://login.chinacloudapi.cn (china), https://login.microsoftonline.us (usgov), or leave it "
                        + "unset and pick the cloud: acr-login --authority-host / --cloud, the action inputs "
                        + "authority-host / cloud, or the Jenkins credential's 'Authority host (custom cloud)'");
    }
}
