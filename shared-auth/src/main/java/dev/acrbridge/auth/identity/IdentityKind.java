package dev.acrbridge.auth.identity;

/** The kinds of identity a pipeline can hold; shown in login summaries and used in cache keys. */
public enum IdentityKind {
    SERVICE_PRINCIPAL_SECRET("service principal (secret)"),
    SERVICE_PRINCIPAL_CERTIFICATE("service principal (certificate)"),
    MANAGED_IDENTITY("managed identity"),
    WORKLOAD_IDENTITY("workload identity (federated token file)"),
    GITHUB_OIDC("GitHub Actions OIDC"),
    CLIENT_ASSERTION("federated client assertion"),
    AZURE_CLI("Azure CLI login"),
    ADMIN_USER("registry admin user"),
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
