package dev.acrbridge.auth.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.EntraAuthenticationException;
import dev.acrbridge.auth.http.HttpCall;
import dev.acrbridge.auth.proxy.NetworkPathErrors;
import dev.acrbridge.auth.http.HttpReply;
import dev.acrbridge.auth.retry.RetryingHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Fetches a fresh GitHub Actions ID token for every call: {@code GET ACTIONS_ID_TOKEN_REQUEST_URL&audience=...}
 * with {@code Authorization: Bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN}; the JWT is in {@code value}. Never cached,
 * because Entra rejects an assertion outside its short validity window (AADSTS700024).
 */
final class GitHubOidcAssertion implements Supplier<String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final IdentitySpec.GitHubOidc spec;
    private final RetryingHttp http;
    private final Duration timeout;

    GitHubOidcAssertion(IdentitySpec.GitHubOidc spec, RetryingHttp http, Duration timeout) {
        this.spec = spec;
        this.http = http;
        this.timeout = timeout;
        URI url = spec.requestUrl();
        boolean loopback = "localhost".equalsIgnoreCase(url.getHost()) || "127.0.0.1".equals(url.getHost())
                || "[::1]".equals(url.getHost());
        // the request token is a bearer secret: plain http only to the runner's own loopback
        if (!"https".equalsIgnoreCase(url.getScheme()) && !("http".equalsIgnoreCase(url.getScheme()) && loopback)) {
            throw new dev.acrbridge.auth.diagnostics.InvalidConfigurationException("ACTIONS_ID_TOKEN_REQUEST_URL",
                    "must be an https URL (plain http only on loopback)",
                    "use the value GitHub Actions sets; do not override it");
        }
    }

    /**
     * GitHub's token endpoint is not the registry: its failures name GitHub and the runner's egress, never the
     * registry name or the cloud's suffix.
     */
    static EntraAuthenticationException unreachable(String host, IOException failure) {
        String what = inChain(failure, java.net.UnknownHostException.class) ? "its host name does not resolve (DNS)"
                : inChain(failure, javax.net.ssl.SSLException.class) ? "TLS failed"
                : inChain(failure, java.net.SocketTimeoutException.class) ? "it timed out after retries"
                : "the connection failed after retries (" + failure.getClass().getSimpleName() + ")";
        return new EntraAuthenticationException("The GitHub OIDC token endpoint " + host + " could not be reached: "
                + what + ".", "retry the job; a self-hosted runner needs egress to " + host + " (and a TLS-"
                + "intercepting proxy's CA trusted); check https://www.githubstatus.com", null, true, null);
    }

    private static boolean inChain(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String get() {
        String base = spec.requestUrl().toString();
        URI url = URI.create(base + (base.contains("?") ? "&" : "?") + "audience="
                + URLEncoder.encode(spec.audience(), StandardCharsets.UTF_8));
        HttpCall request = HttpCall.get(url, timeout)
                .header("Authorization", "Bearer " + spec.requestToken().reveal())
                .header("Accept", "application/json");
        HttpReply response;
        try {
            response = http.send(request);
        } catch (IOException e) {
            AcrAuthException path = NetworkPathErrors.explain("The GitHub OIDC token request to " + url.getHost(), e);
            throw path != null ? path : unreachable(url.getHost(), e);
        }
        if (response.status() != 200) {
            boolean auth = response.status() == 401 || response.status() == 403;
            throw new EntraAuthenticationException("The GitHub OIDC token request returned " + response.status()
                    + ".", auth ? "the ACTIONS_ID_TOKEN_REQUEST_TOKEN is stale or wrong: run inside the job that "
                    + "has `permissions: id-token: write` and do not reuse tokens from another job"
                    : "retry the job; check https://www.githubstatus.com", null,
                    RetryingHttp.isRetryableStatus(response.status()), null);
        }
        try {
            JsonNode value = JSON.readTree(response.body()).get("value");
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        } catch (IOException | RuntimeException malformed) {
            // reported below without echoing the body
        }
        throw new EntraAuthenticationException("The GitHub OIDC token answer has no token in 'value'.",
                "retry the job; check https://www.githubstatus.com", null, true, null);
    }
}
