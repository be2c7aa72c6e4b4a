package dev.acrbridge.action;

import java.util.Optional;

/** The values of the {@code auth-type} input. */
enum AuthType {
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

    String value() {
        return value;
    }

    static Optional<AuthType> parse(String text) {
        return InputWords.parse(values(), AuthType::value, text);
    }

    static String allowed() {
        return InputWords.allowed(values(), AuthType::value);
    }
}
