package dev.acrbridge.action;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

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
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.value.equals(wanted)).findFirst();
    }

    static String allowed() {
        return Arrays.stream(values()).map(AuthType::value).collect(Collectors.joining(", "));
    }
}
