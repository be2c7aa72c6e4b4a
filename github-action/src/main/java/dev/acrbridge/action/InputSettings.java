package dev.acrbridge.action;

import dev.acrbridge.auth.cache.FileCredentialStore;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.identity.IdentityResolver;
import dev.acrbridge.auth.proxy.ProxySettings;
import dev.acrbridge.cli.AuthSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the action's inputs onto the standard settings keys that shared-auth's {@link IdentityResolver} and the CLI's
 * {@link AuthSettings} read, so the main step and the credential helper (which reads the same keys from its settings
 * file) resolve exactly the same identity.
 */
final class InputSettings {
    /** Settings key to the input the user wrote, to word errors in the user's terms. */
    private static final Map<String, Input> INPUT_OF = Map.ofEntries(
            Map.entry("AZURE_TENANT_ID", Input.TENANT_ID), Map.entry("AZURE_CLIENT_ID", Input.CLIENT_ID),
            Map.entry("AZURE_CLIENT_SECRET", Input.CLIENT_SECRET),
            Map.entry("AZURE_CLIENT_CERTIFICATE_PATH", Input.CLIENT_CERTIFICATE),
            Map.entry("ACR_USERNAME", Input.USERNAME), Map.entry("ACR_PASSWORD", Input.PASSWORD),
            Map.entry("ACR_OIDC_AUDIENCE", Input.AUDIENCE), Map.entry(AuthSettings.CLOUD, Input.CLOUD),
            Map.entry(AuthSettings.AUTHORITY_HOST, Input.AUTHORITY_HOST),
            Map.entry(AuthSettings.ALLOWED_HOSTS, Input.TRUSTED_REGISTRY_HOSTS),
            Map.entry(AuthSettings.CA_FILE, Input.CA_CERTIFICATES), Map.entry("ACR_AUTH_TYPE", Input.AUTH_TYPE),
            Map.entry(ProxySettings.PROXY, Input.PROXY));

    /** Proxy variables a self-hosted runner sets for the job (the runner itself reads the same ones). */
    private static final List<String> RUNNER_PROXY_VARIABLES = List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY",
            "http_proxy", "NO_PROXY", "no_proxy");

    private final ActionInputs inputs;
    private final RunnerEnvironment env;
    private final IsolatedConfig dir;

    /** @param dir where inline PEM content is written (0600) and where the helper caches tokens */
    InputSettings(ActionInputs inputs, RunnerEnvironment env, IsolatedConfig dir) {
        this.inputs = inputs;
        this.env = env;
        this.dir = dir;
    }

    /**
     * @param loginServer the registry (the admin user is named after it unless username is given)
     * @return the settings for logging in to that registry (hold secrets: never print)
     * @throws IOException when an inline certificate cannot be written
     */
    AuthSettings forRegistry(String loginServer) throws IOException {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("ACR_AUTH_TYPE", inputs.authType().value());
        put(s, "AZURE_TENANT_ID", inputs.tenantId());
        put(s, "AZURE_CLIENT_ID", inputs.clientId());
        switch (inputs.authType()) {
            case OIDC:
                s.put(ActionInputs.OIDC_URL, env.get(ActionInputs.OIDC_URL));
                s.put(ActionInputs.OIDC_TOKEN, env.get(ActionInputs.OIDC_TOKEN));
                s.put("ACR_OIDC_AUDIENCE", inputs.audience());
                break;
            case SERVICE_PRINCIPAL:
                s.put("AZURE_CLIENT_SECRET", inputs.clientSecret().reveal());
                break;
            case CERTIFICATE:
                s.put("AZURE_CLIENT_CERTIFICATE_PATH", certificateFile());
                break;
            case ADMIN:
                s.put("ACR_USERNAME", inputs.username() != null ? inputs.username()
                        : loginServer.substring(0, loginServer.indexOf('.')));
                s.put("ACR_PASSWORD", inputs.password().reveal());
                break;
            case TOKEN:
                s.put("ACR_USERNAME", inputs.username());
                s.put("ACR_PASSWORD", inputs.password().reveal());
                break;
            default:
                break;
        }
        s.put(AuthSettings.CLOUD, inputs.cloud().name().equals("custom") ? env.input(Input.CLOUD) : inputs.cloud().name());
        if (env.hasInput(Input.AUTHORITY_HOST)) {
            s.put(AuthSettings.AUTHORITY_HOST, inputs.cloud().authorityHost().toString());
        }
        if (!inputs.trustedRegistryHosts().isEmpty()) {
            s.put(AuthSettings.ALLOWED_HOSTS, String.join(",", inputs.trustedRegistryHosts()));
        }
        if (inputs.caCertificates() != null) {
            s.put(AuthSettings.CA_FILE, inputs.caCertificates().toString());
        }
        if (!env.input(Input.PROXY).isEmpty()) {
            s.put(ProxySettings.PROXY, env.input(Input.PROXY));
        }
        for (String name : RUNNER_PROXY_VARIABLES) { // the runner's proxy, as every other tool of the job sees it
            put(s, name, env.get(name));
        }
        s.put(FileCredentialStore.DIR_VARIABLE, dir.cacheDir().toString());
        return AuthSettings.of(s);
    }

    /**
     * Rewords a settings error with the input's name ({@code client-id: ...} instead of {@code AZURE_CLIENT_ID: ...}).
     *
     * @param e the error from {@link IdentityResolver} or {@link AuthSettings}
     * @return the problems to report
     */
    static InvalidInputException asInputError(InvalidConfigurationException e) {
        Input input = INPUT_OF.get(e.field());
        String message = e.getMessage();
        if (input != null && message.startsWith(e.field())) {
            message = input.yamlName() + message.substring(e.field().length());
        }
        return new InvalidInputException(List.of(message));
    }

    private String certificateFile() throws IOException {
        String value = inputs.clientCertificate().reveal();
        if (ActionInputs.isExistingFile(value)) {
            return value;
        }
        return dir.writePrivate("client-certificate.pem", value.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void put(Map<String, String> s, String key, String value) {
        if (value != null) {
            s.put(key, value);
        }
    }
}
