package dev.acrbridge.testsvc;

/** ACR's role-assignment permissions mode. */
public enum RegistryMode {
    /** "RBAC Registry Permissions": AcrPull/AcrPush/AcrDelete and the repository roles apply registry-wide. */
    RBAC,
    /**
     * "RBAC Registry + ABAC Repository Permissions": AcrPull/AcrPush/AcrDelete are ignored; the Container Registry
     * Repository roles apply, optionally limited by a repository condition; the catalog needs Catalog Lister.
     */
    ABAC
}
