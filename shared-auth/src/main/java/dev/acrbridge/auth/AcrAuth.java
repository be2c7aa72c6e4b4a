package dev.acrbridge.auth;

import com.azure.core.credential.AccessToken;
import dev.acrbridge.auth.cache.RefreshPolicy;
import dev.acrbridge.auth.cache.TokenCache;
import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.diagnostics.PermissionNeed;
import dev.acrbridge.auth.diagnostics.PermissionReport;
import dev.acrbridge.auth.diagnostics.RegistryMode;
import dev.acrbridge.auth.diagnostics.RegistryUnauthorizedException;
import dev.acrbridge.auth.http.HttpTransport;
import dev.acrbridge.auth.identity.EntraCredentials;
import dev.acrbridge.auth.identity.EntraTokenSource;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.proxy.ProxySettings;
import dev.acrbridge.auth.registry.RegistryClient;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.registry.RegistryHost;
import dev.acrbridge.auth.registry.RegistryHostTrust;
import dev.acrbridge.auth.registry.ScopedToken;
import dev.acrbridge.auth.registry.TlsContexts;
import dev.acrbridge.auth.retry.RetryingHttp;
import dev.acrbridge.auth.retry.RetrySettings;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.auth.settings.LoginSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * The auth core's entry point: identity -> Entra token (ACR audience) -> {@code /oauth2/exchange} -> registry
 * credential, with host trust, retries, an expiry-aware single-flight cache and errors that name the fix.
 *
 * <pre>{@code
 * AcrAuth auth = AcrAuth.builder().cloud(AzureCloud.PUBLIC).build();
 * RegistryCredential cred = auth.credential(identity, "contoso.azurecr.io");
 * }</pre>
 *
 * Instances are thread-safe and meant to be shared: the cache and the per-identity Entra credentials live in them.
 */
public final class AcrAuth {
    private final AzureCloud cloud;
    private final String audience;
    private final RegistryMode registryMode;
    private final Map<String, String> environment;
    private final RegistryHostTrust trust;
    private final RegistryClient registry;
    private final EntraTokenSource entra;
    private final TokenCache<CacheKey> cache;
    private final Clock clock;
    private final ProxySettings proxies;
    private final Map<String, RegistryClient.Endpoint> endpoints = new ConcurrentHashMap<>();

    private AcrAuth(Builder b) {
        this.environment = b.environment == null ? System.getenv() : withoutNulls(b.environment);
        // AZURE_AUTHORITY_HOST in the environment overrides the cloud's authority, checked by the settings model
        this.cloud = LoginSettings.fromEnvironment(environment).withAuthorityHost(b.cloud);
        this.audience = b.audience == null ? AzureCloud.ACR_AUDIENCE : b.audience;
        this.registryMode = b.registryMode;
        SSLContext ssl = b.sslContext != null ? b.sslContext
                : b.trustedCertificates != null ? TlsContexts.withExtraCertificates(b.trustedCertificates)
                : TlsContexts.jdkDefault();
        this.proxies = b.proxies != null ? b.proxies
                : b.settings != null ? b.settings.proxies() : ProxySettings.fromEnvironment(environment);
        RetryingHttp http = new RetryingHttp(new HttpTransport(ssl, proxies), b.retry, Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()));
        this.trust = new RegistryHostTrust(cloud, b.allowedHosts);
        this.registry = new RegistryClient(http, trust, b.requestTimeout);
        this.entra = new EntraTokenSource(
                new EntraCredentials(cloud, ssl, b.requestTimeout, b.retry, http, System.getenv()));
        // a waiter gives up only after the leader's worst case: Entra and the registry, each with all its retries
        Duration worstLoad = b.retry.maxTotal().multipliedBy(2)
                .plus(b.requestTimeout.multipliedBy(2L * b.retry.maxAttempts() + 2));
        this.cache = new TokenCache<>(b.clock, new RefreshPolicy(b.refreshMargin), worstLoad);
        this.clock = b.clock;
    }

    /** @return a builder with the defaults: public cloud, ACR audience, no extra trusted hosts */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A registry credential for the identity, from the cache when still fresh.
     *
     * @param identity what the user configured
     * @param registry login server ({@code contoso.azurecr.io}) or bare registry name ({@code contoso}, resolved with
     *                 the cloud's suffix)
     * @return the credential (refresh token with the null-GUID username, or the admin/token password)
     * @throws dev.acrbridge.auth.diagnostics.AcrAuthException naming the cause and the fix
     */
    public RegistryCredential credential(IdentitySpec identity, String registry) {
        Objects.requireNonNull(identity, "identity");
        RegistryHost host = trust.resolve(registry);
        return cache.get(cacheKey(identity, host), () -> load(identity, host));
    }

    /**
     * The service principal's own application id and client secret as a registry login ({@code docker login -u
     * APP_ID}), checked at the registry's token endpoint, which accepts the pair directly. For credentials that must
     * outlive the 3-hour refresh token, such as a Kubernetes pull secret on a cluster that cannot get Entra tokens;
     * it lives as long as the secret.
     *
     * @param servicePrincipal the application id and client secret
     * @param registry         login server or registry name (trusted hosts only)
     * @return the credential: username the application id, password the client secret, no expiry known
     * @throws dev.acrbridge.auth.diagnostics.RegistryUnauthorizedException naming the fix when the registry refuses
     */
    public RegistryCredential servicePrincipalLogin(IdentitySpec.ServicePrincipalSecret servicePrincipal,
                                                    String registry) {
        RegistryHost host = trust.resolve(registry);
        return this.registry.validateBasic(endpoint(host), servicePrincipal.clientId(),
                servicePrincipal.clientSecret(), servicePrincipal.kind());
    }

    /**
     * A registry access token for the given scopes ({@code /oauth2/token}, refresh grant), and the actions the
     * registry actually granted (it grants the intersection and never fails for lack of rights). A cached refresh
     * token the registry rejects is replaced once by a fresh exchange.
     *
     * @param identity what the user configured
     * @param registry login server or registry name
     * @param scopes   e.g. {@code repository:app:pull,push}, {@code registry:catalog:*}
     * @return the access token and its granted actions
     */
    public ScopedToken scopedToken(IdentitySpec identity, String registry, List<String> scopes) {
        RegistryHost host = trust.resolve(registry);
        RegistryCredential credential = credential(identity, registry);
        try {
            return this.registry.accessToken(endpoint(host), credential, scopes);
        } catch (RegistryUnauthorizedException rejected) {
            if (!credential.isRefreshToken()) {
                throw rejected;
            }
            cache.invalidate(cacheKey(identity, host));
            return this.registry.accessToken(endpoint(host), credential(identity, registry), scopes);
        }
    }

    /**
     * Checks what the identity may do against what a pipeline needs, and names the role to assign when short.
     *
     * @param identity what the user configured
     * @param registry login server or registry name
     * @param needs    {@code repo:action[,action]} ({@code app:push}, {@code team/web:pull,delete}) or {@code catalog}
     * @return granted versus needed, with role advice worded for {@link Builder#registryMode(RegistryMode)}
     */
    public PermissionReport checkPermissions(IdentitySpec identity, String registry, List<String> needs) {
        List<PermissionNeed> parsed = new ArrayList<>();
        for (String need : needs) {
            parsed.add(PermissionNeed.parse(need));
        }
        if (parsed.isEmpty()) {
            throw new InvalidConfigurationException("needs", "is empty", "list at least one need, e.g. app:push");
        }
        ScopedToken token = scopedToken(identity, registry, parsed.stream().map(PermissionNeed::scope).toList());
        List<PermissionReport.Line> lines = new ArrayList<>();
        for (PermissionNeed need : parsed) {
            Set<String> granted = token.grantedActions(need.type(), need.name());
            if (granted.contains("*")) {
                granted = new HashSet<>(need.actions());
            }
            Set<String> missing = new HashSet<>(need.actions());
            missing.removeAll(granted);
            lines.add(new PermissionReport.Line(need, granted, missing,
                    missing.isEmpty() ? null : dev.acrbridge.auth.diagnostics.RoleAdvisor.advise(registryMode, need, missing)));
        }
        return new PermissionReport(token.loginServer(), EntraTokenSource.describe(identity), registryMode, lines);
    }

    /**
     * @return the identity described by the builder's environment (see {@link LoginSettings})
     * @throws InvalidConfigurationException naming the missing or bad setting
     */
    public IdentitySpec identityFromEnvironment() {
        return LoginSettings.fromEnvironment(environment).identity();
    }

    /**
     * Normalises and trust-checks a registry without any network call.
     *
     * @param registry login server, {@code https://} URL or registry name
     * @return the login server ({@code host} or {@code host:port}) to write into client configuration
     * @throws dev.acrbridge.auth.diagnostics.UntrustedRegistryException when tokens may not go there
     */
    public String loginServer(String registry) {
        return trust.resolve(registry).authority();
    }

    /** @return the proxies Entra, GitHub OIDC and registry calls take (for a log line: it never shows credentials) */
    public ProxySettings proxies() {
        return proxies;
    }

    /**
     * Forgets the cached credential, e.g. after a client reported 401 with it.
     *
     * @param identity the identity
     * @param registry the registry
     */
    public void invalidate(IdentitySpec identity, String registry) {
        cache.invalidate(cacheKey(identity, trust.resolve(registry)));
    }

    private RegistryCredential load(IdentitySpec identity, RegistryHost host) {
        if (identity instanceof IdentitySpec.AdminUser a) {
            return registry.validateBasic(endpoint(host), a.username(), a.password(), a.kind());
        }
        if (identity instanceof IdentitySpec.RepositoryToken t) {
            return registry.validateBasic(endpoint(host), t.tokenName(), t.password(), t.kind());
        }
        // the Entra token and the registry's challenge do not depend on each other: a cold login waits for the
        // slower of the two instead of their sum
        ParallelCall<AccessToken> entraToken = ParallelCall.start("acr-entra-token",
                () -> entra.token(identity, audience));
        RegistryClient.Endpoint endpoint;
        try {
            endpoint = endpoint(host);
        } catch (RuntimeException registryFailed) {
            entraToken.settle(); // nothing of this load may still run once it has failed
            throw registryFailed;
        }
        AccessToken token = entraToken.join();
        RegistryCredential credential = registry.exchange(endpoint, Secret.of(token.getToken()), identity.kind(),
                !AzureCloud.ACR_AUDIENCE.equals(audience));
        Instant now = clock.instant();
        if (credential.expiresAt() != null && !credential.expiresAt().isAfter(now)) {
            // a client would be handed a login that fails at the first push
            throw new RegistryUnauthorizedException("The registry " + host.authority() + " issued a refresh token "
                    + "that had already expired (exp " + credential.expiresAt() + ", this machine's clock "
                    + now + ").", "check that this machine's clock is right (NTP), then log in again", true, null);
        }
        return credential;
    }

    private RegistryClient.Endpoint endpoint(RegistryHost host) {
        return endpoints.computeIfAbsent(host.authority(), h -> registry.discover(host));
    }

    private CacheKey cacheKey(IdentitySpec identity, RegistryHost host) {
        return new CacheKey(identity.cacheKey(), identity, host.authority(), audience);
    }

    /**
     * Identity key, registry and audience; the spec itself takes part too (records compare their {@link Secret}s),
     * so a caller with a wrong secret for the same client never receives another caller's cached credential.
     */
    private record CacheKey(String identityKey, IdentitySpec spec, String registry, String audience) {
    }

    private static Map<String, String> withoutNulls(Map<String, String> map) {
        Map<String, String> copy = new java.util.HashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return Map.copyOf(copy);
    }

    /** Builder for {@link AcrAuth}. */
    public static final class Builder {
        private AzureCloud cloud = AzureCloud.PUBLIC;
        private String audience;
        private Set<String> allowedHosts = Set.of();
        private Path trustedCertificates;
        private SSLContext sslContext;
        private ProxySettings proxies;
        private LoginSettings settings;
        private Map<String, String> environment;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private RegistryMode registryMode = RegistryMode.UNKNOWN;
        private RetrySettings retry = RetrySettings.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Duration refreshMargin = RefreshPolicy.DEFAULT.minimumRemaining();

        Builder() {
        }

        /**
         * @param cloud the Azure cloud (authority host and registry suffix); default {@link AzureCloud#PUBLIC}
         * @return this builder
         */
        public Builder cloud(AzureCloud cloud) { this.cloud = Objects.requireNonNull(cloud, "cloud"); return this; }

        /**
         * Applies a face's validated settings: cloud (with its authority host), audience, trusted registry hosts,
         * CA file, request timeout and (unless {@link #proxies} is given) proxies. The identity is separate:
         * {@link LoginSettings#identity()}.
         *
         * @param settings the settings
         * @return this builder
         * @throws InvalidConfigurationException naming the bad setting as the user typed it
         */
        public Builder settings(LoginSettings settings) {
            this.settings = settings;
            cloud(settings.cloud());
            audience(settings.audience());
            allowRegistryHosts(settings.allowedHosts());
            requestTimeout(settings.timeout());
            Path ca = settings.caFile();
            if (ca != null) {
                trustedCertificates(ca);
            }
            return this;
        }

        /**
         * @param audience the Entra resource to ask for; default {@link AzureCloud#ACR_AUDIENCE}; pass the cloud's
         *                 {@link AzureCloud#armAudience()} only for registries that still accept ARM tokens
         * @return this builder
         */
        public Builder audience(String audience) { this.audience = Objects.requireNonNull(audience, "audience"); return this; }

        /**
         * @param hosts extra registry hosts ({@code host[:port]}) trusted although they miss the cloud suffix
         * @return this builder
         */
        public Builder allowRegistryHosts(Set<String> hosts) { this.allowedHosts = Set.copyOf(hosts); return this; }

        /**
         * @param pemFile extra CA certificates (PEM) trusted for TLS on top of the JDK's
         * @return this builder
         */
        public Builder trustedCertificates(Path pemFile) { this.trustedCertificates = pemFile; return this; }

        /**
         * @param sslContext TLS context for every connection (Entra, managed identity, registry); wins over PEM
         * @return this builder
         */
        public Builder sslContext(SSLContext sslContext) { this.sslContext = sslContext; return this; }

        /**
         * @param proxies the proxies every call takes (Jenkins passes its proxy configuration); default: read from
         *                the environment ({@link ProxySettings#fromEnvironment})
         * @return this builder
         */
        public Builder proxies(ProxySettings proxies) { this.proxies = Objects.requireNonNull(proxies); return this; }

        /**
         * @param environment variables read for identity detection ({@link AcrAuth#identityFromEnvironment()}),
         *                    {@code AZURE_AUTHORITY_HOST} and the proxy variables; default the process env
         * @return this builder
         */
        public Builder environment(Map<String, String> environment) { this.environment = environment; return this; }

        /**
         * @param timeout per-request timeout (connect and response); default 30 s
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) { this.requestTimeout = Objects.requireNonNull(timeout); return this; }

        /**
         * @param mode the registry's permission mode, for role advice; default {@link RegistryMode#UNKNOWN}
         * @return this builder
         */
        public Builder registryMode(RegistryMode mode) { this.registryMode = Objects.requireNonNull(mode); return this; }

        /**
         * @param retry retry bounds for every call (ours and azure-identity's); default {@link RetrySettings#DEFAULT}
         * @return this builder
         */
        public Builder retry(RetrySettings retry) { this.retry = Objects.requireNonNull(retry); return this; }

        /**
         * @param attempts attempts per request, the first included, with the other retry bounds unchanged; 1 when a
         *                 failure costs nothing (the credential helper renewing a token that is still valid)
         * @return this builder
         */
        public Builder attempts(int attempts) {
            this.retry = new RetrySettings(attempts, retry.baseDelay(), retry.maxDelay(), retry.maxTotal());
            return this;
        }

        /**
         * @param clock time source of the credential cache (tests); default the system clock
         * @return this builder
         */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }

        /**
         * @param minimumRemaining the latest a cached credential is renewed: at 3/4 of its life or this long before
         *                         expiry, whichever is earlier ({@link RefreshPolicy}); default 5 minutes
         * @return this builder
         */
        public Builder refreshMargin(Duration minimumRemaining) { this.refreshMargin = Objects.requireNonNull(minimumRemaining); return this; }

        /** @return the configured auth core */
        public AcrAuth build() {
            return new AcrAuth(this);
        }
    }
}
