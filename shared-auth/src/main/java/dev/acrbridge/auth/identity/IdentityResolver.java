package dev.acrbridge.auth.identity;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.secret.Secret;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one place that turns settings into an {@link IdentitySpec}. The CLI, the GitHub Action and the Jenkins
 * plugin map their inputs onto these standard keys and call {@link #resolve(Map)}.
 *
 * <p>Keys: {@code AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH,
 * AZURE_CLIENT_CERTIFICATE_PASSWORD, AZURE_CLIENT_SEND_CERTIFICATE_CHAIN, AZURE_FEDERATED_TOKEN_FILE,
 * ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN, IDENTITY_ENDPOINT, IDENTITY_HEADER, MSI_ENDPOINT},
 * and ours: {@code ACR_AUTH_TYPE} ({@value #AUTH_TYPES}), {@code ACR_MANAGED_IDENTITY_ID_TYPE}
 * (client-id|object-id|resource-id), {@code ACR_USERNAME}, {@code ACR_PASSWORD}, {@code ACR_OIDC_AUDIENCE}.
 * ({@code AZURE_AUTHORITY_HOST} is read by {@link dev.acrbridge.auth.AcrAuth.Builder#environment(Map)}.)
 *
 * <p>With {@code ACR_AUTH_TYPE} unset or {@code auto}, the first match wins:
 * <ol>
 * <li>{@code ACR_USERNAME} + {@code ACR_PASSWORD}: registry admin user (use {@code token} for a repository token)</li>
 * <li>{@code AZURE_CLIENT_SECRET}: service principal with secret</li>
 * <li>{@code AZURE_CLIENT_CERTIFICATE_PATH}: service principal with certificate</li>
 * <li>{@code AZURE_FEDERATED_TOKEN_FILE}: workload identity (Kubernetes)</li>
 * <li>{@code ACTIONS_ID_TOKEN_REQUEST_URL} + {@code _TOKEN} with {@code AZURE_CLIENT_ID}: GitHub Actions OIDC</li>
 * <li>{@code IDENTITY_ENDPOINT} + {@code IDENTITY_HEADER}, or {@code MSI_ENDPOINT}: managed identity
 *     (user-assigned when {@code AZURE_CLIENT_ID} is set)</li>
 * </ol>
 * IMDS-only managed identity and the Azure CLI cannot be detected from variables: ask for them explicitly.
 */
public final class IdentityResolver {
    /** Allowed values of {@code ACR_AUTH_TYPE}. */
    public static final String AUTH_TYPES =
            "auto|service-principal|certificate|managed-identity|workload-identity|oidc|azure-cli|admin|token";
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final List<String> SHARED_TENANTS = List.of("common", "organizations", "consumers");

    private IdentityResolver() {
    }

    /**
     * @param settings the keys above (blank values count as unset)
     * @return the identity
     * @throws InvalidConfigurationException naming the missing or bad key and how to fix it
     */
    public static IdentitySpec resolve(Map<String, String> settings) {
        Settings s = new Settings(settings);
        String type = s.get("ACR_AUTH_TYPE");
        String t = type == null ? "auto" : type.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "auto": return auto(s);
            case "service-principal": return servicePrincipal(s);
            case "certificate": return certificate(s);
            case "managed-identity": return managedIdentity(s);
            case "workload-identity": return workloadIdentity(s);
            case "oidc": return gitHubOidc(s);
            case "azure-cli": return new IdentitySpec.AzureCli(s.has("AZURE_TENANT_ID") ? tenant(s) : null);
            case "admin": return new IdentitySpec.AdminUser(s.require("ACR_USERNAME", "the registry name"),
                    s.secret("ACR_PASSWORD", "one of the admin passwords (az acr credential show)"));
            case "token": return new IdentitySpec.RepositoryToken(s.require("ACR_USERNAME", "the token name"),
                    s.secret("ACR_PASSWORD", "one of the token's passwords"));
            default:
                throw new InvalidConfigurationException("ACR_AUTH_TYPE", "unknown value '" + type + "'",
                        "use one of " + AUTH_TYPES);
        }
    }

    private static IdentitySpec auto(Settings s) {
        if (s.has("ACR_USERNAME") || s.has("ACR_PASSWORD")) {
            return new IdentitySpec.AdminUser(s.require("ACR_USERNAME", "the registry name or token name"),
                    s.secret("ACR_PASSWORD", "the admin or token password"));
        }
        if (s.has("AZURE_CLIENT_SECRET")) {
            return servicePrincipal(s);
        }
        if (s.has("AZURE_CLIENT_CERTIFICATE_PATH")) {
            return certificate(s);
        }
        if (s.has("AZURE_FEDERATED_TOKEN_FILE")) {
            return workloadIdentity(s);
        }
        if (s.has("ACTIONS_ID_TOKEN_REQUEST_URL") && s.has("AZURE_CLIENT_ID")) {
            return gitHubOidc(s);
        }
        if ((s.has("IDENTITY_ENDPOINT") && s.has("IDENTITY_HEADER")) || s.has("MSI_ENDPOINT")) {
            return managedIdentity(s);
        }
        throw new InvalidConfigurationException("ACR_AUTH_TYPE", "no identity found in the settings",
                "set AZURE_TENANT_ID + AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or "
                        + "AZURE_FEDERATED_TOKEN_FILE; or grant the GitHub job `permissions: id-token: write` and set "
                        + "AZURE_CLIENT_ID + AZURE_TENANT_ID; or ACR_USERNAME + ACR_PASSWORD; on an Azure VM set "
                        + "ACR_AUTH_TYPE=managed-identity, on a logged-in machine ACR_AUTH_TYPE=azure-cli (allowed: "
                        + AUTH_TYPES + ")");
    }

    private static IdentitySpec servicePrincipal(Settings s) {
        return new IdentitySpec.ServicePrincipalSecret(tenant(s), clientId(s),
                s.secret("AZURE_CLIENT_SECRET", "the client secret's Value (not its Secret ID)"));
    }

    private static IdentitySpec certificate(Settings s) {
        Path file = s.file("AZURE_CLIENT_CERTIFICATE_PATH", "a PEM (private key + certificate) or PKCS#12 file");
        String chain = s.get("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN");
        boolean sendChain = false;
        if (chain != null) {
            String c = chain.trim().toLowerCase(Locale.ROOT);
            if (!c.equals("true") && !c.equals("false") && !c.equals("1") && !c.equals("0")) {
                throw new InvalidConfigurationException("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN",
                        "'" + chain + "' is not a boolean", "use true or false");
            }
            sendChain = c.equals("true") || c.equals("1");
        }
        String password = s.get("AZURE_CLIENT_CERTIFICATE_PASSWORD");
        return new IdentitySpec.ServicePrincipalCertificate(tenant(s), clientId(s), file,
                password == null ? null : Secret.of(password), sendChain);
    }

    private static IdentitySpec workloadIdentity(Settings s) {
        return new IdentitySpec.WorkloadIdentityFile(tenant(s), clientId(s),
                s.file("AZURE_FEDERATED_TOKEN_FILE", "the projected service-account token file"));
    }

    private static IdentitySpec gitHubOidc(Settings s) {
        String fix = "add `permissions: id-token: write` to the job (or workflow) so GitHub sets "
                + "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN";
        String url = s.get("ACTIONS_ID_TOKEN_REQUEST_URL");
        if (url == null) {
            throw new InvalidConfigurationException("ACTIONS_ID_TOKEN_REQUEST_URL", "is not set", fix);
        }
        String token = s.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
        if (token == null) {
            throw new InvalidConfigurationException("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "is not set", fix);
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("ACTIONS_ID_TOKEN_REQUEST_URL", "is not a URL", fix);
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new InvalidConfigurationException("ACTIONS_ID_TOKEN_REQUEST_URL", "is not an absolute URL", fix);
        }
        return new IdentitySpec.GitHubOidc(tenant(s), clientId(s), uri, Secret.of(token), s.get("ACR_OIDC_AUDIENCE"));
    }

    private static IdentitySpec managedIdentity(Settings s) {
        String id = s.get("AZURE_CLIENT_ID");
        String type = s.get("ACR_MANAGED_IDENTITY_ID_TYPE");
        if (id == null) {
            if (type != null) {
                throw new InvalidConfigurationException("AZURE_CLIENT_ID", "is not set but ACR_MANAGED_IDENTITY_ID_TYPE is",
                        "put the user-assigned identity's " + type + " in AZURE_CLIENT_ID, or unset "
                                + "ACR_MANAGED_IDENTITY_ID_TYPE for the system-assigned identity");
            }
            return new IdentitySpec.ManagedIdentity(null);
        }
        IdentitySpec.UserAssignedId.Type kind;
        String t = type == null ? (id.startsWith("/subscriptions/") ? "resource-id" : "client-id")
                : type.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "client-id": kind = IdentitySpec.UserAssignedId.Type.CLIENT_ID; break;
            case "object-id": kind = IdentitySpec.UserAssignedId.Type.OBJECT_ID; break;
            case "resource-id": kind = IdentitySpec.UserAssignedId.Type.RESOURCE_ID; break;
            default:
                throw new InvalidConfigurationException("ACR_MANAGED_IDENTITY_ID_TYPE", "unknown value '" + type + "'",
                        "use one of client-id|object-id|resource-id");
        }
        if (kind == IdentitySpec.UserAssignedId.Type.RESOURCE_ID) {
            if (!id.toLowerCase(Locale.ROOT).matches(
                    "/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\\.managedidentity/userassignedidentities/[^/]+")) {
                throw new InvalidConfigurationException("AZURE_CLIENT_ID", "'" + id + "' is not a user-assigned "
                        + "identity resource id", "use /subscriptions/SUB/resourceGroups/RG/providers/"
                        + "Microsoft.ManagedIdentity/userAssignedIdentities/NAME, or set ACR_MANAGED_IDENTITY_ID_TYPE");
            }
        } else if (!GUID.matcher(id).matches()) {
            throw new InvalidConfigurationException("AZURE_CLIENT_ID", "'" + id + "' is not a GUID",
                    "use the identity's " + t + " (a GUID from its Overview page), or set ACR_MANAGED_IDENTITY_ID_TYPE="
                            + "resource-id with its resource id");
        }
        return new IdentitySpec.ManagedIdentity(new IdentitySpec.UserAssignedId(kind, id));
    }

    private static String tenant(Settings s) {
        String tenant = s.require("AZURE_TENANT_ID", "the Directory (tenant) ID of the registry's tenant");
        if (SHARED_TENANTS.contains(tenant.toLowerCase(Locale.ROOT))) {
            throw new InvalidConfigurationException("AZURE_TENANT_ID", "'" + tenant + "' is not a tenant",
                    "use the tenant's GUID (Directory ID) or verified domain; app credentials need a real tenant");
        }
        if (!GUID.matcher(tenant).matches() && !DOMAIN.matcher(tenant).matches()) {
            throw new InvalidConfigurationException("AZURE_TENANT_ID", "'" + tenant + "' is neither a GUID nor a domain",
                    "use the Directory (tenant) ID GUID from the Entra overview page, or a verified domain");
        }
        return tenant;
    }

    private static String clientId(Settings s) {
        String id = s.require("AZURE_CLIENT_ID", "the Application (client) ID of the app registration");
        if (!GUID.matcher(id).matches()) {
            throw new InvalidConfigurationException("AZURE_CLIENT_ID", "'" + id + "' is not a GUID",
                    "use the Application (client) ID from the app registration's Overview page (not its name)");
        }
        return id;
    }

    /** Read access to the settings with blank-as-unset and field-naming errors. */
    private static final class Settings {
        private final Map<String, String> map;

        Settings(Map<String, String> map) {
            this.map = map == null ? Map.of() : map;
        }

        String get(String key) {
            String v = map.get(key);
            return v == null || v.isBlank() ? null : v.trim();
        }

        boolean has(String key) {
            return get(key) != null;
        }

        String require(String key, String what) {
            String v = get(key);
            if (v == null) {
                throw new InvalidConfigurationException(key, "is not set", "set it to " + what);
            }
            return v;
        }

        Secret secret(String key, String what) {
            String v = map.get(key);
            if (v == null || v.isBlank()) {
                throw new InvalidConfigurationException(key, "is not set", "set it to " + what);
            }
            return Secret.of(v); // not trimmed: a secret is used exactly as given
        }

        Path file(String key, String what) {
            Path p = Path.of(require(key, what));
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new InvalidConfigurationException(key, "file " + p + " does not exist or is not readable",
                        "point it at " + what);
            }
            return p;
        }
    }
}
