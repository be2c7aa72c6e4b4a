package dev.acrbridge.testsvc;

import java.util.Set;

/** ACR data-plane roles and the repository actions each grants. */
public enum Role {
    /** AcrPull (ignored in ABAC mode). */
    ACR_PULL(true, false, "pull", "metadata_read"),
    /** AcrPush (ignored in ABAC mode). */
    ACR_PUSH(true, false, "pull", "push", "metadata_read", "metadata_write"),
    /** AcrDelete (ignored in ABAC mode). */
    ACR_DELETE(true, false, "delete"),
    /** Container Registry Repository Reader. */
    REPOSITORY_READER(false, false, "pull", "metadata_read"),
    /** Container Registry Repository Writer. */
    REPOSITORY_WRITER(false, false, "pull", "push", "metadata_read", "metadata_write"),
    /** Container Registry Repository Contributor. */
    REPOSITORY_CONTRIBUTOR(false, false, "pull", "push", "delete", "metadata_read", "metadata_write",
            "deleted_read", "deleted_restore"),
    /** Container Registry Repository Catalog Lister ({@code registry:catalog:*}). */
    CATALOG_LISTER(false, true);

    private final boolean legacy;
    private final boolean catalog;
    private final Set<String> actions;

    Role(boolean legacy, boolean catalog, String... actions) {
        this.legacy = legacy;
        this.catalog = catalog;
        this.actions = Set.of(actions);
    }

    /** True for AcrPull/AcrPush/AcrDelete, which ABAC-mode registries do not honour. */
    public boolean legacy() {
        return legacy;
    }

    /** Repository actions this role grants. */
    public Set<String> actions() {
        return actions;
    }

    /** True when the role grants {@code registry:catalog:*} in the given mode. */
    public boolean grantsCatalog(RegistryMode mode) {
        return catalog || (mode == RegistryMode.RBAC && (this == ACR_PULL || this == ACR_PUSH));
    }
}
