package dev.acrbridge.action;

/** The action's inputs, exactly as declared in {@code action.yml} (a test keeps the two in step). */
enum Input {
    REGISTRIES("registries", ""),
    AUTH_TYPE("auth-type", "auto"),
    TENANT_ID("tenant-id", ""),
    CLIENT_ID("client-id", ""),
    CLIENT_SECRET("client-secret", ""),
    CLIENT_CERTIFICATE("client-certificate", ""),
    USERNAME("username", ""),
    PASSWORD("password", ""),
    AUDIENCE("audience", "api://AzureADTokenExchange"),
    CLOUD("cloud", "public"),
    AUTHORITY_HOST("authority-host", ""),
    TRUSTED_REGISTRY_HOSTS("trusted-registry-hosts", ""),
    CA_CERTIFICATES("ca-certificates", ""),
    PROXY("proxy", ""),
    TOOLS("tools", "docker,podman,helm"),
    CHECK_PERMISSIONS("check-permissions", ""),
    CREDENTIAL_HELPER("credential-helper", "false"),
    EXPOSE_TOKEN("expose-token", "false");

    private final String yamlName;
    private final String defaultValue;

    Input(String yamlName, String defaultValue) {
        this.yamlName = yamlName;
        this.defaultValue = defaultValue;
    }

    /** @return the name in action.yml and in {@code with:} */
    String yamlName() {
        return yamlName;
    }

    /** @return the action.yml default ("" when there is none) */
    String defaultValue() {
        return defaultValue;
    }
}
