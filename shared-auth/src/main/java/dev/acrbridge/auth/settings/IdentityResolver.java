package dev.acrbridge.auth.settings;

import static dev.acrbridge.auth.settings.SettingKey.AUTH_TYPE;
import static dev.acrbridge.auth.settings.SettingKey.CLIENT_CERTIFICATE_PASSWORD;
import static dev.acrbridge.auth.settings.SettingKey.CLIENT_CERTIFICATE_PATH;
import static dev.acrbridge.auth.settings.SettingKey.CLIENT_ID;
import static dev.acrbridge.auth.settings.SettingKey.CLIENT_SECRET;
import static dev.acrbridge.auth.settings.SettingKey.FEDERATED_TOKEN_FILE;
import static dev.acrbridge.auth.settings.SettingKey.FEDERATED_TOKEN_VARIABLE;
import static dev.acrbridge.auth.settings.SettingKey.IDENTITY_ENDPOINT;
import static dev.acrbridge.auth.settings.SettingKey.IDENTITY_HEADER;
import static dev.acrbridge.auth.settings.SettingKey.MANAGED_IDENTITY_ID_TYPE;
import static dev.acrbridge.auth.settings.SettingKey.MSI_ENDPOINT;
import static dev.acrbridge.auth.settings.SettingKey.OIDC_AUDIENCE;
import static dev.acrbridge.auth.settings.SettingKey.OIDC_REQUEST_TOKEN;
import static dev.acrbridge.auth.settings.SettingKey.OIDC_REQUEST_URL;
import static dev.acrbridge.auth.settings.SettingKey.PASSWORD;
import static dev.acrbridge.auth.settings.SettingKey.SEND_CERTIFICATE_CHAIN;
import static dev.acrbridge.auth.settings.SettingKey.TENANT_ID;
import static dev.acrbridge.auth.settings.SettingKey.USERNAME;

import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.secret.Secret;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The identity part of {@link LoginSettings}: which identity the settings describe, and whether it is complete. */
final class IdentityResolver {
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final List<String> SHARED_TENANTS = List.of("common", "organizations", "consumers");

    private final LoginSettings s;

    private IdentityResolver(LoginSettings s) {
        this.s = s;
    }

    static IdentitySpec resolve(LoginSettings settings) {
        return new IdentityResolver(settings).resolve();
    }

    private IdentitySpec resolve() {
        String type = s.get(AUTH_TYPE);
        String t = type == null ? "auto" : type.toLowerCase(Locale.ROOT);
        switch (t) {
            case "auto": return auto();
            case "service-principal": return servicePrincipal();
            case "certificate": return certificate();
            case "managed-identity": return managedIdentity();
            case "workload-identity": return s.has(FEDERATED_TOKEN_VARIABLE) ? federatedVariable() : workloadIdentity();
            case "oidc": return gitHubOidc();
            case "azure-cli": return new IdentitySpec.AzureCli(s.has(TENANT_ID) ? tenant() : null);
            case "admin": return new IdentitySpec.AdminUser(require(USERNAME, "the registry name"),
                    secret(PASSWORD, "one of the admin passwords (az acr credential show)"));
            case "token": return new IdentitySpec.RepositoryToken(require(USERNAME, "the token name"),
                    secret(PASSWORD, "one of the token's passwords"));
            default:
                throw s.invalid(AUTH_TYPE, "unknown value '" + type + "'", "use one of " + LoginSettings.AUTH_TYPES);
        }
    }

    private IdentitySpec auto() {
        if (s.has(CLIENT_SECRET)) {
            return servicePrincipal();
        }
        if (s.has(CLIENT_CERTIFICATE_PATH)) {
            return certificate();
        }
        if (s.has(USERNAME) || s.has(PASSWORD)) {
            return new IdentitySpec.AdminUser(require(USERNAME, "the registry name or token name"),
                    secret(PASSWORD, "the admin or token password"));
        }
        if (s.has(FEDERATED_TOKEN_VARIABLE)) {
            return federatedVariable();
        }
        if (s.has(FEDERATED_TOKEN_FILE)) {
            return workloadIdentity();
        }
        if (s.has(OIDC_REQUEST_URL) && s.has(CLIENT_ID)) {
            return gitHubOidc();
        }
        if ((s.has(IDENTITY_ENDPOINT) && s.has(IDENTITY_HEADER)) || s.has(MSI_ENDPOINT)) {
            return managedIdentity();
        }
        throw s.invalid(AUTH_TYPE, "no identity found in the settings",
                "set " + n(TENANT_ID) + " + " + n(CLIENT_ID) + " with " + n(CLIENT_SECRET) + ", "
                        + n(CLIENT_CERTIFICATE_PATH) + " or " + n(FEDERATED_TOKEN_FILE) + "; or grant the GitHub job "
                        + "`permissions: id-token: write` and set " + n(CLIENT_ID) + " + " + n(TENANT_ID) + "; or "
                        + n(USERNAME) + " + " + n(PASSWORD) + "; on an Azure VM set " + n(AUTH_TYPE)
                        + "=managed-identity, on a logged-in machine " + n(AUTH_TYPE) + "=azure-cli (allowed: "
                        + LoginSettings.AUTH_TYPES + ")");
    }

    private IdentitySpec servicePrincipal() {
        return new IdentitySpec.ServicePrincipalSecret(tenant(), clientId(),
                secret(CLIENT_SECRET, "the client secret's Value (not its Secret ID)"));
    }

    private IdentitySpec certificate() {
        Path file = file(CLIENT_CERTIFICATE_PATH, "a PEM (private key + certificate) or PKCS#12 file");
        String chain = s.get(SEND_CERTIFICATE_CHAIN);
        boolean sendChain = false;
        if (chain != null) {
            String c = chain.toLowerCase(Locale.ROOT);
            if (!c.equals("true") && !c.equals("false") && !c.equals("1") && !c.equals("0")) {
                throw s.invalid(SEND_CERTIFICATE_CHAIN, "'" + chain + "' is not a boolean", "use true or false");
            }
            sendChain = c.equals("true") || c.equals("1");
        }
        String password = s.get(CLIENT_CERTIFICATE_PASSWORD);
        return new IdentitySpec.ServicePrincipalCertificate(tenant(), clientId(), file,
                password == null ? null : Secret.of(password), sendChain);
    }

    private IdentitySpec workloadIdentity() {
        return new IdentitySpec.WorkloadIdentityFile(tenant(), clientId(),
                file(FEDERATED_TOKEN_FILE, "the projected service-account token file"));
    }

    /**
     * Any CI that hands the job an OIDC token in a variable (GitLab {@code id_tokens}, CircleCI, Bitbucket Pipelines,
     * Buildkite through a variable of yours): the token is taken from the variable for every Entra request, as the
     * workload identity file is re-read, never copied into the identity.
     */
    private IdentitySpec federatedVariable() {
        String name = require(FEDERATED_TOKEN_VARIABLE, "the name of the variable your CI puts its OIDC token in");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw s.invalid(FEDERATED_TOKEN_VARIABLE, "'" + name + "' is not a variable name",
                    "give the name alone, e.g. AZURE_ID_TOKEN (not $AZURE_ID_TOKEN, nor the token)");
        }
        String fix = "have the CI put its OIDC token (audience api://AzureADTokenExchange) in " + name
                + ": GitLab `id_tokens: " + name + ": aud: api://AzureADTokenExchange`, CircleCI CIRCLE_OIDC_TOKEN_V2, "
                + "Bitbucket BITBUCKET_STEP_OIDC_TOKEN (with `oidc: true`)";
        String tenant = tenant();
        String client = clientId();
        if (s.variable(name) == null || s.variable(name).isBlank()) {
            throw s.invalid(FEDERATED_TOKEN_VARIABLE, "names " + name + ", which is not set or empty", fix);
        }
        return new IdentitySpec.ClientAssertion(tenant, client, () -> {
            String token = s.variable(name);
            if (token == null || token.isBlank()) {
                throw s.invalid(FEDERATED_TOKEN_VARIABLE, "names " + name + ", which is not set or empty", fix);
            }
            return Secret.of(token.strip());
        }, "variable:" + name);
    }

    private IdentitySpec gitHubOidc() {
        String fix = "add `permissions: id-token: write` to the job (or workflow) so GitHub sets "
                + OIDC_REQUEST_URL.variable() + " and " + OIDC_REQUEST_TOKEN.variable();
        String url = s.get(OIDC_REQUEST_URL);
        if (url == null) {
            throw s.invalid(OIDC_REQUEST_URL, "is not set", fix);
        }
        String token = s.get(OIDC_REQUEST_TOKEN);
        if (token == null) {
            throw s.invalid(OIDC_REQUEST_TOKEN, "is not set", fix);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw s.invalid(OIDC_REQUEST_URL, "is not a URL", fix);
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw s.invalid(OIDC_REQUEST_URL, "is not an absolute URL", fix);
        }
        return new IdentitySpec.GitHubOidc(tenant(), clientId(), uri, Secret.of(token), s.get(OIDC_AUDIENCE));
    }

    private IdentitySpec managedIdentity() {
        String id = s.get(CLIENT_ID);
        String type = s.get(MANAGED_IDENTITY_ID_TYPE);
        if (id == null) {
            if (type != null) {
                throw s.invalid(CLIENT_ID, "is not set but " + n(MANAGED_IDENTITY_ID_TYPE) + " is",
                        "put the user-assigned identity's " + type + " in " + n(CLIENT_ID) + ", or unset "
                                + n(MANAGED_IDENTITY_ID_TYPE) + " for the system-assigned identity");
            }
            return new IdentitySpec.ManagedIdentity(null);
        }
        IdentitySpec.UserAssignedId.Type kind;
        String t = type == null ? (id.startsWith("/subscriptions/") ? "resource-id" : "client-id")
                : type.toLowerCase(Locale.ROOT);
        switch (t) {
            case "client-id": kind = IdentitySpec.UserAssignedId.Type.CLIENT_ID; break;
            case "object-id": kind = IdentitySpec.UserAssignedId.Type.OBJECT_ID; break;
            case "resource-id": kind = IdentitySpec.UserAssignedId.Type.RESOURCE_ID; break;
            default:
                throw s.invalid(MANAGED_IDENTITY_ID_TYPE, "unknown value '" + type + "'",
                        "use one of client-id|object-id|resource-id");
        }
        if (kind == IdentitySpec.UserAssignedId.Type.RESOURCE_ID) {
            if (!id.toLowerCase(Locale.ROOT).matches(
                    "/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\\.managedidentity/userassignedidentities/[^/]+")) {
                throw s.invalid(CLIENT_ID, "'" + id + "' is not a user-assigned identity resource id",
                        "use /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.ManagedIdentity/"
                                + "userAssignedIdentities/NAME, or set " + n(MANAGED_IDENTITY_ID_TYPE));
            }
        } else if (!GUID.matcher(id).matches()) {
            throw s.invalid(CLIENT_ID, "'" + id + "' is not a GUID", "use the identity's " + t + " (a GUID from its "
                    + "Overview page), or set " + n(MANAGED_IDENTITY_ID_TYPE) + "=resource-id with its resource id");
        }
        return new IdentitySpec.ManagedIdentity(new IdentitySpec.UserAssignedId(kind, id));
    }

    static String tenant(LoginSettings settings) {
        return new IdentityResolver(settings).tenant();
    }

    static String clientId(LoginSettings settings) {
        return new IdentityResolver(settings).clientId();
    }

    private String tenant() {
        String tenant = require(TENANT_ID, "the Directory (tenant) ID of the registry's tenant");
        if (SHARED_TENANTS.contains(tenant.toLowerCase(Locale.ROOT))) {
            throw s.invalid(TENANT_ID, "'" + tenant + "' is not a tenant",
                    "use the tenant's GUID (Directory ID) or verified domain; app credentials need a real tenant");
        }
        if (!GUID.matcher(tenant).matches() && !DOMAIN.matcher(tenant).matches()) {
            throw s.invalid(TENANT_ID, "'" + tenant + "' is neither a GUID nor a domain",
                    "use the Directory (tenant) ID GUID from the Entra overview page, or a verified domain");
        }
        return tenant;
    }

    private String clientId() {
        String id = require(CLIENT_ID, "the Application (client) ID of the app registration");
        if (!GUID.matcher(id).matches()) {
            throw s.invalid(CLIENT_ID, "'" + id + "' is not a GUID",
                    "use the Application (client) ID from the app registration's Overview page (not its name)");
        }
        return id;
    }

    private String n(SettingKey key) {
        return s.name(key);
    }

    private String require(SettingKey key, String what) {
        String v = s.get(key);
        if (v == null) {
            throw s.invalid(key, "is not set", "set it to " + what);
        }
        return v;
    }

    private Secret secret(SettingKey key, String what) {
        return Secret.of(require(key, what)); // LoginSettings.get leaves secrets untrimmed
    }

    private Path file(SettingKey key, String what) {
        String value = require(key, what);
        try {
            Path p = Path.of(value);
            if (Files.isRegularFile(p) && Files.isReadable(p)) {
                return p;
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw s.invalid(key, "file " + value + " does not exist or is not readable", "point it at " + what);
    }
}
