package dev.acrbridge.action;

/** The action's outputs, exactly as declared in {@code action.yml}. */
enum Output {
    LOGIN_SERVER("login-server"),
    LOGIN_SERVERS("login-servers"),
    USERNAME("username"),
    EXPIRES_AT("expires-at"),
    DOCKER_CONFIG("docker-config"),
    TOKEN("token");

    private final String yamlName;

    Output(String yamlName) {
        this.yamlName = yamlName;
    }

    /** @return the name in action.yml and in {@code steps.<id>.outputs} */
    String yamlName() {
        return yamlName;
    }
}
