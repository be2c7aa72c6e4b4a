package dev.acrbridge.auth.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Names the least-privilege role that grants missing registry actions. ABAC registries ("RBAC registry + ABAC
 * repository permissions") do not honour AcrPull/AcrPush/AcrDelete; RBAC-only registries have no repository roles.
 */
public final class RoleAdvisor {
    /** Container Registry Repository Reader (ABAC registries). */
    public static final String REPOSITORY_READER = "Container Registry Repository Reader";
    /** Container Registry Repository Writer (ABAC registries). */
    public static final String REPOSITORY_WRITER = "Container Registry Repository Writer";
    /** Container Registry Repository Contributor (ABAC registries). */
    public static final String REPOSITORY_CONTRIBUTOR = "Container Registry Repository Contributor";
    /** Container Registry Repository Catalog Lister. */
    public static final String CATALOG_LISTER = "Container Registry Repository Catalog Lister";

    private RoleAdvisor() {
    }

    /**
     * @param mode    the registry's permission mode
     * @param need    what was needed
     * @param missing the needed actions that were not granted (non-empty)
     * @return the role(s) to assign, worded for the mode
     */
    public static String advise(RegistryMode mode, PermissionNeed need, Set<String> missing) {
        Objects.requireNonNull(mode, "mode");
        if ("registry".equals(need.type())) {
            // RBAC-mode registries list the catalog for AcrPull/AcrPush holders; ABAC-mode ones need the lister role
            String lister = CATALOG_LISTER + " (registry-wide, no condition)";
            return mode == RegistryMode.ABAC ? lister
                    : lister + " (on RBAC registries AcrPull or AcrPush also list the catalog)";
        }
        String abac = abacRole(missing) + " with a condition covering repository '" + need.name() + "'";
        String rbac = String.join(" and ", rbacRoles(missing));
        switch (mode) {
            case ABAC: return abac;
            case RBAC: return rbac;
            default: return abac + " (ABAC registries) or " + rbac + " (RBAC registries)";
        }
    }

    private static String abacRole(Set<String> missing) {
        if (missing.contains("delete")) {
            return REPOSITORY_CONTRIBUTOR;
        }
        if (missing.contains("push") || missing.contains("metadata_write")) {
            return REPOSITORY_WRITER;
        }
        return REPOSITORY_READER;
    }

    private static List<String> rbacRoles(Set<String> missing) {
        List<String> roles = new ArrayList<>();
        if (missing.contains("push") || missing.contains("metadata_write")) {
            roles.add("AcrPush");
        } else if (missing.contains("pull") || missing.contains("metadata_read")) {
            roles.add("AcrPull");
        }
        if (missing.contains("delete")) {
            roles.add("AcrDelete");
        }
        return roles;
    }
}
