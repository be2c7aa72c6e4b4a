package dev.acrbridge.action;

import dev.acrbridge.auth.cache.FileCredentialStore;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.proxy.ProxySettings;
import dev.acrbridge.auth.settings.FieldLabels;
import dev.acrbridge.auth.settings.LoginSettings;
import dev.acrbridge.auth.settings.SettingKey;
import dev.acrbridge.settings.AuthSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fills shared-auth's settings model ({@link LoginSettings}) from the action's inputs, so that the main step and the
 * credential helper (which reads the same variables from its settings file) resolve exactly the same identity, and
 * the model's errors name the input the user wrote ({@code client-id: ...}).
 */
final class InputSettings {
    /** The action's name for each setting it takes from an input. */
    static final FieldLabels LABELS = FieldLabels.of(Map.ofEntries(
            Map.entry(SettingKey.AUTH_TYPE, Input.AUTH_TYPE.yamlName()),
            Map.entry(SettingKey.TENANT_ID, Input.TENANT_ID.yamlName()),
            Map.entry(SettingKey.CLIENT_ID, Input.CLIENT_ID.yamlName()),
            Map.entry(SettingKey.CLIENT_SECRET, Input.CLIENT_SECRET.yamlName()),
            Map.entry(SettingKey.CLIENT_CERTIFICATE_PATH, Input.CLIENT_CERTIFICATE.yamlName()),
            Map.entry(SettingKey.USERNAME, Input.USERNAME.yamlName()),
            Map.entry(SettingKey.PASSWORD, Input.PASSWORD.yamlName()),
            Map.entry(SettingKey.OIDC_AUDIENCE, Input.AUDIENCE.yamlName()),
            Map.entry(SettingKey.CLOUD, Input.CLOUD.yamlName()),
            Map.entry(SettingKey.AUTHORITY_HOST, Input.AUTHORITY_HOST.yamlName()),
            Map.entry(SettingKey.ALLOWED_HOSTS, Input.TRUSTED_REGISTRY_HOSTS.yamlName()),
            Map.entry(SettingKey.CA_FILE, Input.CA_CERTIFICATES.yamlName()),
            Map.entry(SettingKey.PROXY, Input.PROXY.yamlName())));


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
        put(s, SettingKey.AUTH_TYPE, inputs.authType().value());
        put(s, SettingKey.TENANT_ID, inputs.tenantId());
        put(s, SettingKey.CLIENT_ID, inputs.clientId());
        switch (inputs.authType()) {
            case OIDC:
                put(s, SettingKey.OIDC_REQUEST_URL, env.get(SettingKey.OIDC_REQUEST_URL.variable()));
                put(s, SettingKey.OIDC_REQUEST_TOKEN, env.get(SettingKey.OIDC_REQUEST_TOKEN.variable()));
                put(s, SettingKey.OIDC_AUDIENCE, inputs.audience());
                break;
            case SERVICE_PRINCIPAL:
                put(s, SettingKey.CLIENT_SECRET, inputs.clientSecret().reveal());
                break;
            case CERTIFICATE:
                put(s, SettingKey.CLIENT_CERTIFICATE_PATH, certificateFile());
                break;
            case ADMIN:
                put(s, SettingKey.USERNAME, inputs.username() != null ? inputs.username()
                        : loginServer.substring(0, loginServer.indexOf('.')));
                put(s, SettingKey.PASSWORD, inputs.password().reveal());
                break;
            case TOKEN:
                put(s, SettingKey.USERNAME, inputs.username());
                put(s, SettingKey.PASSWORD, inputs.password().reveal());
                break;
            default:
                break;
        }
        put(s, SettingKey.CLOUD, inputs.cloud().name().equals("custom") ? env.input(Input.CLOUD) : inputs.cloud().name());
        if (env.hasInput(Input.AUTHORITY_HOST)) {
            put(s, SettingKey.AUTHORITY_HOST, inputs.cloud().authorityHost().toString());
        }
        if (!inputs.trustedRegistryHosts().isEmpty()) {
            put(s, SettingKey.ALLOWED_HOSTS, String.join(",", inputs.trustedRegistryHosts()));
        }
        if (inputs.caCertificates() != null) {
            put(s, SettingKey.CA_FILE, inputs.caCertificates().toString());
        }
        if (!env.input(Input.PROXY).isEmpty()) {
            s.put(SettingKey.PROXY.variable(), env.input(Input.PROXY));
        }
        // the runner's proxy, as every other tool of the job sees it (the runner itself reads the same variables)
        for (String name : Stream.concat(ProxySettings.PROXY_URL_VARIABLES.stream(),
                ProxySettings.BYPASS_VARIABLES.stream()).toList()) {
            if (env.get(name) != null) {
                s.put(name, env.get(name));
            }
        }
        s.put(FileCredentialStore.DIR_VARIABLE, dir.cacheDir().toString());
        return AuthSettings.of(s, LABELS);
    }

    /**
     * @param e an error of the settings model, already naming the input (see {@link #LABELS})
     * @return the problem to report
     */
    static InvalidInputException asInputError(InvalidConfigurationException e) {
        return new InvalidInputException(List.of(e.getMessage()));
    }

    private String certificateFile() throws IOException {
        String value = inputs.clientCertificate().reveal();
        if (ActionInputs.isExistingFile(value)) {
            return value;
        }
        return dir.writePrivate("client-certificate.pem", value.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void put(Map<String, String> s, SettingKey key, String value) {
        if (value != null) {
            s.put(key.variable(), value);
        }
    }
}
