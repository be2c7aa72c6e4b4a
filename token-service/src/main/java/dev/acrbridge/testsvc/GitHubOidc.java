package dev.acrbridge.testsvc;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The GitHub Actions OIDC token endpoint ({@code ACTIONS_ID_TOKEN_REQUEST_URL}): with the request token as Bearer,
 * each call mints a fresh JWT (new jti) for the configured subject and the requested {@code audience}.
 */
public final class GitHubOidc implements Dispatcher.Handler {
    /** GitHub's issuer. */
    public static final String ISSUER = "https://token.actions.githubusercontent.com";

    private final FederatedIssuers issuers;
    private final String requestToken;
    private final AtomicLong count = new AtomicLong();
    private volatile String subject = "repo:octo-org/app:ref:refs/heads/main";
    private volatile Duration lifetime = Duration.ofMinutes(5);

    GitHubOidc(FederatedIssuers issuers, String requestToken) {
        this.issuers = issuers;
        this.requestToken = requestToken;
    }

    /** Sets the {@code sub} of minted tokens (default {@code repo:octo-org/app:ref:refs/heads/main}). */
    public GitHubOidc subject(String subject) {
        this.subject = Objects.requireNonNull(subject);
        return this;
    }

    /** The {@code sub} of minted tokens. */
    public String subject() {
        return subject;
    }

    /** {@value #ISSUER}. */
    public String issuer() {
        return ISSUER;
    }

    /** Lifetime of minted tokens (default 5 min). */
    public GitHubOidc tokenLifetime(Duration lifetime) {
        this.lifetime = Objects.requireNonNull(lifetime);
        return this;
    }

    @Override
    public void handle(Call c) throws IOException {
        String auth = c.header("Authorization");
        if (auth == null || !auth.equals("Bearer " + requestToken)) {
            c.json(401, Map.of("message", "Unauthorized: bad or missing ACTIONS_ID_TOKEN_REQUEST_TOKEN"));
            return;
        }
        String sub = subject;
        String repository = sub.startsWith("repo:") && sub.indexOf(':', 5) > 0 ? sub.substring(5, sub.indexOf(':', 5))
                : "octo-org/app";
        String owner = repository.contains("/") ? repository.substring(0, repository.indexOf('/')) : repository;
        String audience = c.queryParam("audience") != null ? c.queryParam("audience") : "https://github.com/" + owner;
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("repository", repository);
        extra.put("repository_owner", owner);
        extra.put("event_name", "push");
        extra.put("runner_environment", "github-hosted");
        String jwt = issuers.mint(ISSUER, sub, audience, lifetime, extra);
        c.json(200, Map.of("count", count.incrementAndGet(), "value", jwt));
    }
}
