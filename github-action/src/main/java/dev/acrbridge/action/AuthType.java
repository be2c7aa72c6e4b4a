package dev.acrbridge.action;

import java.util.Optional;

/** The values of the {@code auth-type} input. */
enum AuthType implements InputWord {
    AUTO("auto"),
    OIDC("oidc"),
    SERVICE_PRINCIPAL("service-principal"),
    CERTIFICATE("certificate"),
    MANAGED_IDENTITY("managed-identity"),
    ADMIN("admin"),
    TOKEN("token");

    private final String value;

    AuthType(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    static Optional<AuthType> parse(String text) {
        return InputWord.parse(AuthType.class, text);
    }

    static String allowed() {
        return InputWord.allowed(AuthType.class);
    }
}
