package dev.acrbridge.auth.identity;

/** The kinds of identity a pipeline can hold; shown in login summaries and used in cache keys. */
public enum IdentityKind {
    /** Service principal with a client secret. */
    SERVICE_PRINCIPAL_SECRET("service principal (secret)"),
    /** Service principal with a client certificate. */
    SERVICE_PRINCIPAL_CERTIFICATE("service principal (certificate)"),
    /** Managed identity (IMDS, App Service, Container Apps). */
    MANAGED_IDENTITY("managed identity"),
    /** Workload identity federation with a token file (Kubernetes). */
    WORKLOAD_IDENTITY("workload identity (federated token file)"),
    /** GitHub Actions OIDC federation. */
    GITHUB_OIDC("GitHub Actions OIDC"),
    /** Any federated client assertion. */
    CLIENT_ASSERTION("federated client assertion"),
    /** An existing Azure CLI login. */
    AZURE_CLI("Azure CLI login"),
    /** The registry admin user (no Entra). */
    ADMIN_USER("registry admin user"),
    /** A repository-scoped token (no Entra). */
    REPOSITORY_TOKEN("repository-scoped token");

    private final String label;

    IdentityKind(String label) {
        this.label = label;
    }

    /** @return a short human-readable label */
    public String label() {
        return label;
    }

    /** @return true when Entra is involved (false for the registry-native admin user and repository tokens) */
    public boolean usesEntra() {
        return this != ADMIN_USER && this != REPOSITORY_TOKEN;
    }
}
