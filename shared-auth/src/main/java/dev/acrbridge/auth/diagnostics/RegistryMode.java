package dev.acrbridge.auth.diagnostics;

/** The registry's role-assignment permission mode; decides which role names {@link RoleAdvisor} gives. */
public enum RegistryMode {
    /** "RBAC registry + ABAC repository permissions": Container Registry Repository Reader/Writer/Contributor. */
    ABAC,
    /** "RBAC registry permissions": the classic AcrPull/AcrPush/AcrDelete. */
    RBAC,
    /** Not known (no ARM access): advice names both. */
    UNKNOWN
}
