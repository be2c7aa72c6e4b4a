package dev.acrbridge.testsvc;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake Entra directory: tenants, applications with their credentials, managed identities, and the OIDC
 * issuers whose tokens it accepts as federated credentials.
 */
public final class EntraDirectory {
    /** The audience federated credentials use by default. */
    public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

    private final Map<String, Application> apps = new ConcurrentHashMap<>(); // key: tenant|clientId
    private final Set<String> tenants = ConcurrentHashMap.newKeySet();
    private final Set<String> resources = ConcurrentHashMap.newKeySet();
    private final String defaultTenant = UUID.randomUUID().toString();
    private final FederatedIssuers issuers;
    private final EntraTokens tokens;
    private final String kubernetesIssuer;
    private volatile Principal systemAssigned;

    EntraDirectory(FederatedIssuers issuers, EntraTokens tokens, String authority) {
        this.issuers = issuers;
        this.tokens = tokens;
        this.kubernetesIssuer = authority + "/kubernetes/oidc";
        issuers.register(kubernetesIssuer);
        issuers.register(GitHubOidc.ISSUER);
        tenants.add(defaultTenant);
        resources.addAll(Set.of("https://containerregistry.azure.net", "https://management.azure.com",
                "https://management.azure.com/", "https://management.core.windows.net/",
                "https://management.chinacloudapi.cn", "https://management.usgovcloudapi.net"));
    }

    /** Registers (or extends) an app with a client secret. */
    public Principal servicePrincipal(String tenantId, String clientId, String clientSecret) {
        Application app = app(tenantId, clientId);
        app.secrets.add(Objects.requireNonNull(clientSecret, "clientSecret"));
        return app.principal;
    }

    /** Lets a registered client secret pass its end date (as a year-old default secret does). */
    public void expireSecret(String tenantId, String clientId, String clientSecret) {
        Application app = application(tenantId, clientId).orElseThrow(() -> new IllegalArgumentException(
                "no app " + clientId + " in " + tenantId));
        if (!app.secrets.remove(clientSecret)) {
            throw new IllegalArgumentException("app " + clientId + " has no such secret");
        }
        app.expiredSecrets.add(clientSecret);
    }

    /** Registers (or extends) an app with a certificate; assertions must carry its x5t#S256 (or x5t) and verify. */
    public Principal certificatePrincipal(String tenantId, String clientId, X509Certificate certificate) {
        Application app = app(tenantId, clientId);
        app.certificates.add(Objects.requireNonNull(certificate, "certificate"));
        return app.principal;
    }

    /**
     * Registers (or extends) an app, or a user-assigned identity with that client id, with a federated identity
     * credential; the assertion's iss, sub and aud must match exactly and be signed by one of the fake's issuers.
     */
    public Principal federatedPrincipal(String tenantId, String clientId, String issuer, String subject,
                                        String audience) {
        Application app = app(tenantId, clientId);
        app.federated.add(new Application.FederatedCredential(issuer, subject, audience));
        issuers.register(issuer);
        return app.principal;
    }

    /** The host's system-assigned managed identity (IMDS / App Service without a client id). */
    public synchronized Principal systemAssignedIdentity() {
        if (systemAssigned == null) {
            systemAssigned = new Principal(Principal.Kind.SYSTEM_ASSIGNED_IDENTITY, defaultTenant,
                    UUID.randomUUID().toString(), UUID.randomUUID().toString(), null);
            apps.put(key(defaultTenant, systemAssigned.clientId()), new Application(systemAssigned));
        }
        return systemAssigned;
    }

    /** A user-assigned managed identity in {@link #defaultTenantId()}, selectable by any of the three ids. */
    public Principal userAssignedIdentity(String clientId, String objectId, String resourceId) {
        Principal p = new Principal(Principal.Kind.USER_ASSIGNED_IDENTITY, defaultTenant, clientId, objectId,
                resourceId);
        apps.put(key(defaultTenant, clientId), new Application(p));
        return p;
    }

    /** The tenant managed identities live in (also a valid tenant for apps). */
    public String defaultTenantId() {
        return defaultTenant;
    }

    /** Issuer URL of the fake Kubernetes cluster (its discovery document is served under it). */
    public String kubernetesIssuer() {
        return kubernetesIssuer;
    }

    /** A signed OIDC token from {@code issuer} (any issuer; a key is made for a new one) that fake Entra accepts. */
    public String mintFederatedToken(String issuer, String subject, String audience, Duration ttl) {
        return issuers.mint(issuer, subject, audience, ttl, Map.of());
    }

    /** Lets the token endpoint issue tokens for another resource (the ACR and ARM audiences are known). */
    public EntraDirectory allowResource(String resource) {
        resources.add(resource);
        return this;
    }

    /** Lifetime of issued Entra and managed-identity tokens (default 3599 s). */
    public EntraDirectory tokenLifetime(Duration lifetime) {
        tokens.lifetime(lifetime);
        return this;
    }

    boolean knowsTenant(String tenant) {
        return tenants.contains(tenant);
    }

    boolean knowsResource(String resource) {
        return resources.contains(resource);
    }

    Optional<Application> application(String tenant, String clientId) {
        return Optional.ofNullable(apps.get(key(tenant, clientId)));
    }

    /** Any app with this client id in any tenant (ACR Basic auth with appId/secret carries no tenant). */
    Optional<Application> applicationAnyTenant(String clientId) {
        return apps.values().stream().filter(a -> a.principal.clientId().equalsIgnoreCase(clientId)).findFirst();
    }

    Optional<Principal> byObjectId(String objectId) {
        return apps.values().stream().map(a -> a.principal).filter(p -> p.objectId().equals(objectId)).findFirst();
    }

    /** Finds a managed identity by client_id, object_id or resource id; none given means system-assigned. */
    Optional<Principal> managedIdentity(String clientId, String objectId, String resourceId) {
        if (clientId == null && objectId == null && resourceId == null) {
            return Optional.ofNullable(systemAssigned);
        }
        return apps.values().stream().map(a -> a.principal)
                .filter(p -> p.kind() != Principal.Kind.APPLICATION)
                .filter(p -> clientId == null || clientId.equalsIgnoreCase(p.clientId()))
                .filter(p -> objectId == null || objectId.equalsIgnoreCase(p.objectId()))
                .filter(p -> resourceId == null || resourceId.equalsIgnoreCase(p.resourceId()))
                .findFirst();
    }

    FederatedIssuers issuers() {
        return issuers;
    }

    private Application app(String tenantId, String clientId) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(clientId, "clientId");
        tenants.add(tenantId);
        return apps.computeIfAbsent(key(tenantId, clientId), k -> new Application(new Principal(
                Principal.Kind.APPLICATION, tenantId, clientId, UUID.randomUUID().toString(), null)));
    }

    private static String key(String tenant, String clientId) {
        return tenant.toLowerCase() + "|" + clientId.toLowerCase();
    }
}
