package dev.acrbridge.action;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which inputs each auth type needs and which it must not get, and how {@code auto} picks one. An input that the chosen
 * type would ignore is an error: a secret that silently does nothing hides a misconfigured workflow.
 */
final class AuthTypeRules {
    private static final Set<Input> IDENTITY_INPUTS = EnumSet.of(Input.TENANT_ID, Input.CLIENT_ID, Input.CLIENT_SECRET,
            Input.CLIENT_CERTIFICATE, Input.USERNAME, Input.PASSWORD);

    private static final Map<AuthType, Set<Input>> REQUIRED = Map.of(
            AuthType.OIDC, EnumSet.of(Input.TENANT_ID, Input.CLIENT_ID),
            AuthType.SERVICE_PRINCIPAL, EnumSet.of(Input.TENANT_ID, Input.CLIENT_ID, Input.CLIENT_SECRET),
            AuthType.CERTIFICATE, EnumSet.of(Input.TENANT_ID, Input.CLIENT_ID, Input.CLIENT_CERTIFICATE),
            AuthType.MANAGED_IDENTITY, EnumSet.noneOf(Input.class),
            AuthType.ADMIN, EnumSet.of(Input.PASSWORD),
            AuthType.TOKEN, EnumSet.of(Input.USERNAME, Input.PASSWORD));

    private static final Map<AuthType, Set<Input>> ALLOWED = Map.of(
            AuthType.OIDC, EnumSet.of(Input.TENANT_ID, Input.CLIENT_ID),
            AuthType.SERVICE_PRINCIPAL, EnumSet.of(Input.TENANT_ID, Input.CLIENT_ID, Input.CLIENT_SECRET),
            AuthType.CERTIFICATE, EnumSet.of(Input.TENANT_ID, Input.CLIENT_ID, Input.CLIENT_CERTIFICATE),
            AuthType.MANAGED_IDENTITY, EnumSet.of(Input.CLIENT_ID),
            AuthType.ADMIN, EnumSet.of(Input.USERNAME, Input.PASSWORD),
            AuthType.TOKEN, EnumSet.of(Input.USERNAME, Input.PASSWORD));

    private final RunnerEnvironment env;
    private final AuthType type;
    private final List<String> problems;

    AuthTypeRules(RunnerEnvironment env, AuthType type, List<String> problems) {
        this.env = env;
        this.type = type;
        this.problems = problems;
    }

    /**
     * What {@code auth-type: auto} means: a secret or certificate names a service principal, a password the admin
     * user, a tenant with a client id the GitHub OIDC federation (whose missing permission is then reported), and
     * anything else the runner's managed identity (a self-hosted runner on Azure).
     */
    static AuthType detect(RunnerEnvironment env) {
        if (env.hasInput(Input.CLIENT_SECRET)) {
            return AuthType.SERVICE_PRINCIPAL;
        }
        if (env.hasInput(Input.CLIENT_CERTIFICATE)) {
            return AuthType.CERTIFICATE;
        }
        if (env.hasInput(Input.PASSWORD)) {
            return env.hasInput(Input.USERNAME) && !env.hasInput(Input.CLIENT_ID) ? AuthType.TOKEN : AuthType.ADMIN;
        }
        if (env.hasInput(Input.TENANT_ID) || env.get(ActionInputs.OIDC_URL) != null) {
            return AuthType.OIDC;
        }
        return AuthType.MANAGED_IDENTITY;
    }

    void check() {
        String typeName = type.value();
        for (Input input : REQUIRED.get(type)) {
            if (!env.hasInput(input)) {
                problems.add(input.yamlName() + ": required for auth-type " + typeName + hint(input));
            }
        }
        for (Input input : IDENTITY_INPUTS) {
            if (env.hasInput(input) && !ALLOWED.get(type).contains(input)) {
                problems.add(input.yamlName() + ": not used by auth-type " + typeName + "; remove it or choose the "
                        + "auth-type it belongs to (allowed: " + AuthType.allowed() + ")");
            }
        }
        if (type == AuthType.OIDC && (env.get(ActionInputs.OIDC_URL) == null || env.get(ActionInputs.OIDC_TOKEN) == null)) {
            problems.add("auth-type oidc: " + ActionInputs.ID_TOKEN_PERMISSION_FIX);
        }
        if (type == AuthType.CERTIFICATE && env.hasInput(Input.CLIENT_CERTIFICATE)) {
            checkCertificate(env.input(Input.CLIENT_CERTIFICATE));
        }
    }

    private void checkCertificate(String value) {
        if (value.contains("-----BEGIN")) {
            if (!value.contains("PRIVATE KEY-----") || !value.contains("-----BEGIN CERTIFICATE-----")) {
                problems.add("client-certificate: the PEM content needs both the private key and the certificate");
            }
            return;
        }
        try {
            if (Files.isRegularFile(Path.of(value))) {
                return;
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        // not echoed: it may be key material in a format we do not read (e.g. base64 PKCS#12)
        problems.add("client-certificate: neither PEM content (-----BEGIN ...) nor the path of an existing file");
    }

    private static String hint(Input input) {
        switch (input) {
            case TENANT_ID: return " (the directory id of the app registration)";
            case CLIENT_ID: return " (the application id of the app registration or managed identity)";
            case CLIENT_SECRET: return " (pass it from a secret: ${{ secrets.AZURE_CLIENT_SECRET }})";
            case CLIENT_CERTIFICATE: return " (PEM content from a secret, or the path of a PEM file)";
            case USERNAME: return " (the name of the repository-scoped token)";
            case PASSWORD: return " (pass it from a secret)";
            default: return "";
        }
    }
}
