package dev.acrbridge.testsvc;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registry side of the fake: permissions mode, ARM-audience policy, role assignments, admin user,
 * repository-scoped tokens and token lifetimes.
 */
public final class AcrRegistry {
    /** A role assignment; {@code repositoryCondition} null means registry-wide, "prefix/*" a prefix. */
    record Assignment(String objectId, Role role, String repositoryCondition) {
    }

    /** A non-Entra repository-scoped token: name, password and scope map (repository pattern to actions). */
    record RepositoryToken(String name, String password, Map<String, Set<String>> scopeMap) {
    }

    private volatile RegistryMode mode = RegistryMode.RBAC;
    private volatile boolean armAudienceAllowed = true;
    private volatile boolean anonymousPull;
    private volatile String adminName;
    private volatile String adminPassword;
    private volatile Duration refreshTokenLifetime = Duration.ofHours(3);
    private volatile boolean opaqueRefreshTokens;
    private final Map<String, String> opaqueHandles = new ConcurrentHashMap<>();
    private volatile Duration accessTokenLifetime = Duration.ofMinutes(75);
    final CopyOnWriteArrayList<Assignment> assignments = new CopyOnWriteArrayList<>();
    final Map<String, RepositoryToken> repositoryTokens = new ConcurrentHashMap<>();
    private final Set<String> services = ConcurrentHashMap.newKeySet();
    private final AcrTokens tokens;

    AcrRegistry(AcrTokens tokens) {
        this.tokens = tokens;
    }

    /** Sets the permissions mode (default RBAC). */
    public AcrRegistry mode(RegistryMode mode) {
        this.mode = Objects.requireNonNull(mode);
        return this;
    }

    /** The permissions mode. */
    public RegistryMode mode() {
        return mode;
    }

    /** False = authentication-as-arm disabled: ARM-audience Entra tokens get 401 at /oauth2/exchange. */
    public AcrRegistry armAudienceAllowed(boolean allowed) {
        this.armAudienceAllowed = allowed;
        return this;
    }

    boolean armAudienceAllowed() {
        return armAudienceAllowed;
    }

    /** Anonymous pull: a token request without credentials gets pull rights (default off: 401). */
    public AcrRegistry anonymousPull(boolean enabled) {
        this.anonymousPull = enabled;
        return this;
    }

    boolean anonymousPull() {
        return anonymousPull;
    }

    /** Assigns a role registry-wide. */
    public AcrRegistry assign(Principal principal, Role role) {
        return assign(principal, role, null);
    }

    /** Assigns a role limited (ABAC condition) to a repository name, or a prefix when it ends with '*'. */
    public AcrRegistry assign(Principal principal, Role role, String repositoryCondition) {
        assignments.add(new Assignment(principal.objectId(), Objects.requireNonNull(role), repositoryCondition));
        return this;
    }

    /** Removes every role assignment of this principal. */
    public AcrRegistry unassign(Principal principal) {
        assignments.removeIf(a -> a.objectId().equals(principal.objectId()));
        return this;
    }

    /** Enables the admin user (username = registry name). */
    public AcrRegistry adminUser(String registryName, String password) {
        this.adminName = Objects.requireNonNull(registryName);
        this.adminPassword = Objects.requireNonNull(password);
        return this;
    }

    /** Disables the admin user. */
    public AcrRegistry disableAdminUser() {
        this.adminName = null;
        this.adminPassword = null;
        return this;
    }

    boolean isAdmin(String user, String password) {
        String name = adminName;
        return name != null && name.equals(user) && adminPassword.equals(password);
    }

    /**
     * Creates a repository-scoped token; scope map keys are repository names (or "prefix/*"), values are
     * {@code content/read}, {@code content/write}, {@code content/delete}, {@code metadata/read},
     * {@code metadata/write}.
     */
    public AcrRegistry repositoryToken(String name, String password, Map<String, Set<String>> scopeMap) {
        repositoryTokens.put(name, new RepositoryToken(name, password, Map.copyOf(scopeMap)));
        return this;
    }

    /**
     * Answers the exchange with an opaque refresh token (a random handle for the signed one, resolved again at
     * /oauth2/token), as some ACR-compatible token servers do; off by default, as ACR answers with a JWT.
     */
    public AcrRegistry opaqueRefreshTokens(boolean opaque) {
        this.opaqueRefreshTokens = opaque;
        return this;
    }

    /** @return what the exchange hands out for a signed refresh token: itself, or an opaque handle for it */
    String handOut(String refreshJwt) {
        if (!opaqueRefreshTokens) {
            return refreshJwt;
        }
        String handle = "opaque-" + java.util.UUID.randomUUID().toString().replace("-", "");
        opaqueHandles.put(handle, refreshJwt);
        return handle;
    }

    /** @return the signed refresh token behind an opaque handle, or the token itself */
    String resolveRefreshToken(String token) {
        return opaqueHandles.getOrDefault(token, token);
    }

    /** Lifetime of refresh tokens from /oauth2/exchange (default 3 h). */
    public AcrRegistry refreshTokenLifetime(Duration lifetime) {
        this.refreshTokenLifetime = Objects.requireNonNull(lifetime);
        return this;
    }

    Duration refreshTokenLifetime() {
        return refreshTokenLifetime;
    }

    /** Lifetime of access tokens from /oauth2/token (default 75 min). */
    public AcrRegistry accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = Objects.requireNonNull(lifetime);
        return this;
    }

    Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    /** PEM of the certificate that signs registry tokens (the registry's rootcertbundle). */
    public String tokenSigningCertificatePem() {
        return tokens.signingCertificate().certificatePem();
    }

    void addService(String service) {
        services.add(service.toLowerCase());
    }

    boolean knowsService(String service) {
        return service != null && services.contains(service.toLowerCase());
    }

    boolean hasAnyRole(String objectId) {
        return assignments.stream().anyMatch(a -> a.objectId().equals(objectId));
    }

    AcrTokens tokens() {
        return tokens;
    }
}
