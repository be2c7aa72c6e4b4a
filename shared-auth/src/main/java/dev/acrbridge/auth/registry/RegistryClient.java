package dev.acrbridge.auth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.RegistryErrors;
import dev.acrbridge.auth.diagnostics.RegistryErrors.Step;
import dev.acrbridge.auth.http.HttpCall;
import dev.acrbridge.auth.http.HttpReply;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.proxy.NetworkPathErrors;
import dev.acrbridge.auth.retry.RetryAfter;
import dev.acrbridge.auth.retry.RetryingHttp;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.auth.secret.SecretForms;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The registry side of the flow, over HTTP with retries: challenge discovery ({@code GET /v2/}),
 * the exchange of an Entra token for an ACR refresh token, scoped access tokens, and Basic validation of admin-user
 * and repository-token credentials. Every URL is on a host {@link RegistryHostTrust} accepted.
 */
public final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "acr-credential-bridge";
    /**
     * The life assumed for a refresh token that is not a JWT (some ACR-compatible token servers answer the exchange
     * with an opaque token, which az, docker and skopeo accept) and whose answer states no {@code expires_in}: 15
     * minutes, a twelfth of an ACR refresh token's 3 hours, so a cached one is renewed long before any plausible
     * expiry.
     */
    public static final Duration OPAQUE_REFRESH_TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final RetryingHttp http;
    private final RegistryHostTrust trust;
    private final Duration timeout;

    /**
     * Where a registry wants tokens from, learned from its challenge.
     *
     * @param host    the registry
     * @param service the {@code service} of the challenge (the token audience)
     * @param realm   the token endpoint, checked to be HTTPS on the registry host
     */
    public record Endpoint(RegistryHost host, String service, URI realm) {
        /** @return {@code https://HOST/oauth2/exchange} built from the realm's scheme and host, as the Azure CLI does */
        public URI exchangeUrl() {
            return realm.resolve("/oauth2/exchange");
        }
    }

    /**
     * @param http    retrying HTTP (redirects are never followed)
     * @param trust   host trust, for realm checks
     * @param timeout per-request timeout
     */
    public RegistryClient(RetryingHttp http, RegistryHostTrust trust, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Sends {@code GET /v2/} without credentials and reads the Bearer challenge.
     *
     * @param host the trusted registry
     * @return realm and service
     */
    public Endpoint discover(RegistryHost host) {
        HttpReply response = send(Step.CHALLENGE, host, base(HttpCall.get(host.url("/v2/"), timeout)));
        if (response.status() != 401) {
            if (response.status() == 200) {
                throw new AcrAuthException("GET /v2/ on " + host + " answered 200 without credentials: it does not use "
                        + "ACR token authentication.", "check the registry host (NAME.azurecr.io)", false, null);
            }
            throw failure(Step.CHALLENGE, host, response, List.of(), false);
        }
        List<String> headers = response.headers("WWW-Authenticate");
        AuthChallenge bearer = null;
        for (String h : headers) {
            for (AuthChallenge c : AuthChallenge.parse(h)) {
                if (bearer == null && c.scheme().equals("bearer") && c.param("realm") != null) {
                    bearer = c;
                }
            }
        }
        if (bearer == null) {
            throw new AcrAuthException("GET /v2/ on " + host + " sent no Bearer challenge with a realm"
                    + (headers.isEmpty() ? "" : " (it asks for " + AuthChallenge.parse(headers.get(0)).stream()
                    .map(AuthChallenge::scheme).findFirst().orElse("?") + " auth)") + ": not an Azure Container Registry.",
                    "use an ACR login server, or log in to non-ACR registries with their own username and password",
                    false, null);
        }
        URI realm = trust.checkRealm(host, bearer.param("realm"));
        String service = bearer.param("service");
        return new Endpoint(host, service == null || service.isBlank() ? host.authority() : service, realm);
    }

    /**
     * {@code POST /oauth2/exchange} with {@code grant_type=access_token}.
     *
     * @param endpoint    the registry's endpoint
     * @param entraToken  the Entra access token
     * @param kind        which identity produced it
     * @param armAudience true when the token has the ARM audience (sharpens the 401 advice)
     * @return the ACR refresh token as a credential with the null-GUID username and its {@code exp}
     */
    public RegistryCredential exchange(Endpoint endpoint, Secret entraToken, IdentityKind kind, boolean armAudience) {
        String form = form("grant_type", "access_token", "service", endpoint.service(),
                "access_token", entraToken.reveal());
        HttpReply response = send(Step.EXCHANGE, endpoint.host(),
                base(HttpCall.postForm(endpoint.exchangeUrl(), form, timeout)));
        if (response.status() != 200) {
            throw failure(Step.EXCHANGE, endpoint.host(), response, List.of(entraToken), armAudience);
        }
        String refresh = field(response.body(), "refresh_token", "exchange answer");
        Instant exp = JwtClaims.isJwt(refresh) ? JwtClaims.parse(refresh, "refresh token").expiresAt()
                : opaqueExpiry(response.body(), Instant.now());
        return new RegistryCredential(endpoint.host().authority(), RegistryCredential.NULL_GUID, Secret.of(refresh),
                exp, kind);
    }

    /**
     * Validates registry-native credentials (admin user, repository-scoped token) with a Basic
     * {@code GET /oauth2/token}, as docker does, and returns them unchanged as the credential.
     *
     * @param endpoint the registry's endpoint
     * @param username admin user (registry name) or token name
     * @param password the password
     * @param kind     {@link IdentityKind#ADMIN_USER}, {@link IdentityKind#REPOSITORY_TOKEN} or
     *                 {@link IdentityKind#SERVICE_PRINCIPAL_SECRET} (application id and client secret)
     * @return the credential (no expiry known)
     */
    public RegistryCredential validateBasic(Endpoint endpoint, String username, Secret password, IdentityKind kind) {
        URI url = URI.create(endpoint.realm() + (endpoint.realm().getRawQuery() == null ? "?" : "&")
                + form("service", endpoint.service()));
        HttpReply response = send(Step.TOKEN, endpoint.host(),
                base(HttpCall.get(url, timeout)).header("Authorization", basic(username, password)));
        if (response.status() == 401) {
            throw RegistryErrors.basicRejected(endpoint.host().authority(), switch (kind) {
                case REPOSITORY_TOKEN -> RegistryErrors.BasicUser.REPOSITORY_TOKEN;
                case SERVICE_PRINCIPAL_SECRET -> RegistryErrors.BasicUser.SERVICE_PRINCIPAL;
                default -> RegistryErrors.BasicUser.ADMIN_USER;
            }, username);
        }
        if (response.status() != 200) {
            throw failure(Step.TOKEN, endpoint.host(), response, List.of(password), false);
        }
        return new RegistryCredential(endpoint.host().authority(), username, password, null, kind);
    }

    /**
     * {@code POST /oauth2/token}: the refresh grant for refresh tokens, the password grant otherwise.
     *
     * @param endpoint   the registry's endpoint
     * @param credential what to authenticate with
     * @param scopes     scopes such as {@code repository:app:pull,push} or {@code registry:catalog:*}
     * @return the access token and the actions it grants
     */
    public ScopedToken accessToken(Endpoint endpoint, RegistryCredential credential, List<String> scopes) {
        List<String> pairs = new ArrayList<>(List.of("service", endpoint.service()));
        if (credential.isRefreshToken()) {
            pairs.addAll(List.of("grant_type", "refresh_token", "refresh_token", credential.password().reveal()));
        } else {
            pairs.addAll(List.of("grant_type", "password", "username", credential.username(),
                    "password", credential.password().reveal()));
        }
        for (String scope : scopes) {
            pairs.addAll(List.of("scope", scope)); // repeated field, as the ACR docs show
        }
        HttpReply response = send(Step.TOKEN, endpoint.host(),
                base(HttpCall.postForm(endpoint.realm(), form(pairs.toArray(String[]::new)), timeout)));
        if (response.status() != 200) {
            throw failure(Step.TOKEN, endpoint.host(), response, List.of(credential.password()), false);
        }
        String access = field(response.body(), "access_token", "token answer");
        JwtClaims claims = JwtClaims.parse(access, "access token");
        return new ScopedToken(endpoint.host().authority(), Secret.of(access), claims.expiresAt(), scopes,
                claims.access());
    }

    private static HttpCall base(HttpCall call) {
        return call.header("User-Agent", USER_AGENT).header("Accept", "application/json");
    }

    private HttpReply send(Step step, RegistryHost host, HttpCall request) {
        try {
            return http.send(request);
        } catch (IOException e) {
            AcrAuthException path = NetworkPathErrors.explain(step.label() + " on " + host.authority(), e);
            throw path != null ? path : RegistryErrors.forTransport(step, host.authority(), e);
        }
    }

    private static AcrAuthException failure(Step step, RegistryHost host, HttpReply response,
                                            List<Secret> secrets, boolean arm) {
        String code = null;
        String message = null;
        try {
            JsonNode first = JSON.readTree(response.body()).path("errors").path(0);
            code = first.path("code").isMissingNode() ? null : first.path("code").asText();
            message = first.path("message").isMissingNode() ? null : first.path("message").asText();
        } catch (IOException | RuntimeException notJson) {
            // no OCI error body: the status alone decides
        }
        if (message != null) {
            message = SecretForms.redact(message, secrets);
            message = message.length() > 300 ? message.substring(0, 300) + "..." : message;
        }
        Duration retryAfter = RetryAfter.parse(response.header("Retry-After").orElse(null), Instant.now()).orElse(null);
        return RegistryErrors.forStatus(step, host.authority(), response.status(), code, message, arm, retryAfter);
    }

    /** An opaque token's expiry: the answer's {@code expires_in} (at most ACR's 3 hours), else the assumed life. */
    private static Instant opaqueExpiry(String body, Instant now) {
        try {
            JsonNode expiresIn = JSON.readTree(body).get("expires_in");
            if (expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0) {
                return now.plusSeconds(Math.min(expiresIn.asLong(), Duration.ofHours(3).toSeconds()));
            }
        } catch (IOException | RuntimeException malformed) {
            // the answer parsed a moment ago; fall back to the assumed life
        }
        return now.plus(OPAQUE_REFRESH_TOKEN_LIFETIME);
    }

    private static String field(String body, String name, String what) {
        try {
            JsonNode value = JSON.readTree(body).get(name);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        } catch (IOException | RuntimeException malformed) {
            // fall through to the error below; the body may hold a token, so it is never quoted
        }
        throw new AcrAuthException("The registry's " + what + " has no " + name + ".",
                "retry; if it persists, check that the host is an Azure Container Registry and no proxy rewrites "
                        + "its answers", true, null);
    }

    private static String basic(String username, Secret password) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
    }

    private static String form(String... pairs) {
        StringJoiner j = new StringJoiner("&");
        for (int i = 0; i < pairs.length; i += 2) {
            j.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return j.toString();
    }
}
