package dev.acrbridge.action;

import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.diagnostics.PermissionNeed;
import dev.acrbridge.auth.proxy.ProxyServer;
import dev.acrbridge.auth.proxy.ProxySettings;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.auth.settings.LoginSettings;
import dev.acrbridge.auth.settings.SettingKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The validated inputs of one run. {@link #parse} checks everything before the action writes anything, and reports
 * every problem at once, each naming the input and the allowed values.
 *
 * @param registries          login servers, lower case, bare names already given the cloud's suffix
 * @param authType            the resolved auth type (never {@link AuthType#AUTO})
 * @param clientCertificate   PEM content or a path, as given
 * @param username            admin user or token name; null when not applicable (admin defaults per registry)
 * @param password            admin or token password; null when not applicable
 * @param permissionChecks    what the identity must be allowed to do, checked after login
 */
record ActionInputs(List<String> registries, AuthType authType, String tenantId, String clientId, Secret clientSecret,
                    Secret clientCertificate, String username, Secret password, String audience, AzureCloud cloud,
                    Set<String> trustedRegistryHosts, Path caCertificates, Set<Tool> tools,
                    List<PermissionNeed> permissionChecks, boolean credentialHelper, boolean exposeToken) {

    static final String OIDC_URL = "ACTIONS_ID_TOKEN_REQUEST_URL";
    static final String OIDC_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
    static final String ID_TOKEN_PERMISSION_FIX = "The job cannot request a GitHub ID token: "
            + OIDC_URL + " and " + OIDC_TOKEN + " are not set. Add `permissions: id-token: write` to the job (or the "
            + "workflow); when a workflow sets any permissions, every other one it needs, e.g. `contents: read`, must "
            + "be listed too. Pull requests from forks never get an ID token.";

    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,\\n\\r]+");
    private static final Pattern BARE_NAME = Pattern.compile("[a-z0-9]{5,50}");
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?");

    /**
     * @param env the step's environment
     * @return the validated inputs
     * @throws InvalidInputException listing every problem
     */
    static ActionInputs parse(RunnerEnvironment env) {
        List<String> problems = new ArrayList<>();
        // the inputs that are settings of the shared model are validated by it, its errors naming the inputs
        LoginSettings given = LoginSettings.builder().labels(InputSettings.LABELS)
                .set(SettingKey.CLOUD, blankToNull(env.input(Input.CLOUD)))
                .set(SettingKey.AUTHORITY_HOST, blankToNull(env.input(Input.AUTHORITY_HOST)))
                .set(SettingKey.ALLOWED_HOSTS, blankToNull(env.input(Input.TRUSTED_REGISTRY_HOSTS)))
                .set(SettingKey.CA_FILE, blankToNull(env.input(Input.CA_CERTIFICATES)))
                .set(SettingKey.TENANT_ID, blankToNull(env.input(Input.TENANT_ID))).build();
        AzureCloud cloud = checked(given::cloud, AzureCloud.PUBLIC, problems);
        List<String> registries = registries(env.input(Input.REGISTRIES), cloud, problems);
        Set<Tool> tools = tools(env.input(Input.TOOLS), problems);
        boolean credentialHelper = bool(env, Input.CREDENTIAL_HELPER, problems);
        boolean exposeToken = bool(env, Input.EXPOSE_TOKEN, problems);
        List<PermissionNeed> permissions = permissions(env.input(Input.CHECK_PERMISSIONS), problems);
        Set<String> trusted = checked(given::allowedHosts, Set.of(), problems);
        Path ca = checked(given::caFile, null, problems);
        AuthType authType = authType(env, problems);
        String tenant = checked(given::tenantId, null, problems);
        if (authType != null) {
            new AuthTypeRules(env, authType, problems).check();
        }
        if (credentialHelper && (authType == AuthType.ADMIN || authType == AuthType.TOKEN)) {
            problems.add("credential-helper: true needs an Entra identity (oidc, service-principal, certificate or "
                    + "managed-identity); admin and token passwords do not expire, use credential-helper: false");
        }
        if (exposeToken && registries.size() > 1) {
            problems.add("expose-token: true needs exactly one registry (each registry has its own token); run the "
                    + "action once per registry whose token you need");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new ActionInputs(registries, authType, tenant, blankToNull(env.input(Input.CLIENT_ID)),
                secret(env, Input.CLIENT_SECRET), secret(env, Input.CLIENT_CERTIFICATE),
                blankToNull(env.input(Input.USERNAME)), secret(env, Input.PASSWORD), env.input(Input.AUDIENCE),
                cloud, trusted, ca, tools, permissions, credentialHelper, exposeToken);
    }

    /**
     * @return the secret inputs the workflow gave, to mask before anything else happens: secret and password, and
     *         the certificate unless it is the path of an existing file
     */
    static List<String> secretInputs(RunnerEnvironment env) {
        List<String> values = new ArrayList<>();
        for (Input input : List.of(Input.CLIENT_SECRET, Input.PASSWORD, Input.CLIENT_CERTIFICATE)) {
            String value = env.input(input);
            if (!value.isEmpty() && !(input == Input.CLIENT_CERTIFICATE && isExistingFile(value))) {
                values.add(value);
            }
        }
        return values;
    }

    /**
     * @return the passwords in the proxy URLs this step may use (the proxy input and the runner's proxy variables),
     *         raw and percent-encoded, to mask before anything else happens
     */
    static List<String> proxyPasswords(RunnerEnvironment env) {
        List<String> values = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        urls.add(env.input(Input.PROXY));
        for (String name : ProxySettings.PROXY_URL_VARIABLES) {
            urls.add(env.get(name));
        }
        for (String url : urls) {
            if (url == null || url.isBlank()) {
                continue;
            }
            try {
                ProxyServer proxy = ProxyServer.parse(url, Input.PROXY.yamlName());
                if (proxy.password() != null && !proxy.password().isBlank()) {
                    values.add(proxy.password().reveal());
                    String raw = URI.create(url.contains("://") ? url.trim() : "http://" + url.trim())
                            .getRawUserInfo();
                    values.add(raw.substring(raw.indexOf(':') + 1));
                }
            } catch (RuntimeException malformed) {
                // reported by the login itself, without the URL
            }
        }
        return values;
    }

    static boolean isExistingFile(String value) {
        try {
            return !value.contains("\n") && Files.isRegularFile(Path.of(value));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    static List<String> split(String list) {
        return Arrays.stream(LIST_SEPARATOR.split(list)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> registries(String text, AzureCloud cloud, List<String> problems) {
        List<String> entries = split(text);
        if (entries.isEmpty()) {
            problems.add("registries: required; give one or more login servers (contoso.azurecr.io) or registry names "
                    + "(contoso), separated by commas or new lines");
            return List.of();
        }
        Set<String> servers = new LinkedHashSet<>();
        for (String entry : entries) {
            String host = entry.toLowerCase(Locale.ROOT);
            if (host.startsWith("https://")) {
                host = host.substring("https://".length());
            }
            if (host.endsWith("/")) {
                host = host.substring(0, host.length() - 1);
            }
            if (BARE_NAME.matcher(host).matches()) {
                servers.add(host + cloud.registrySuffix());
            } else if (HOST.matcher(host).matches() && host.contains(".")) {
                servers.add(host);
            } else {
                problems.add("registries: '" + entry + "' is neither a login server (contoso.azurecr.io, host[:port], "
                        + "no path, https only) nor a registry name (5-50 letters and digits)");
            }
        }
        return List.copyOf(servers);
    }

    private static Set<Tool> tools(String text, List<String> problems) {
        Set<Tool> tools = EnumSet.noneOf(Tool.class);
        for (String entry : split(text)) {
            Tool.parse(entry).ifPresentOrElse(tools::add, () -> problems.add("tools: unknown value '" + entry
                    + "'; allowed: " + Tool.allowed() + " (comma separated; podman also covers buildah and skopeo)"));
        }
        if (split(text).isEmpty()) {
            problems.add("tools: empty; allowed: " + Tool.allowed() + " (comma separated)");
        }
        return tools;
    }

    private static boolean bool(RunnerEnvironment env, Input input, List<String> problems) {
        // the YAML 1.2 core schema booleans, as core.getBooleanInput accepts them
        String value = env.input(input);
        switch (value) {
            case "true": case "True": case "TRUE": return true;
            case "false": case "False": case "FALSE": return false;
            default:
                problems.add(input.yamlName() + ": '" + value + "' is not a boolean; allowed: true, false");
                return false;
        }
    }

    private static List<PermissionNeed> permissions(String text, List<String> problems) {
        List<PermissionNeed> needs = new ArrayList<>();
        // actions inside one need are comma separated (app:pull,push), so needs are separated by spaces or lines
        for (String entry : text.split("[\\s;]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            try {
                needs.add(PermissionNeed.parse(entry));
            } catch (InvalidConfigurationException e) {
                problems.add("check-permissions: " + e.getMessage().substring(e.field().length() + 2));
            }
        }
        return List.copyOf(needs);
    }

    private static AuthType authType(RunnerEnvironment env, List<String> problems) {
        String value = env.input(Input.AUTH_TYPE);
        AuthType type = AuthType.parse(value).orElse(null);
        if (type == null) {
            problems.add("auth-type: unknown value '" + value + "'; allowed: " + AuthType.allowed());
            return null;
        }
        return type == AuthType.AUTO ? AuthTypeRules.detect(env) : type;
    }

    private static Secret secret(RunnerEnvironment env, Input input) {
        String value = env.input(input);
        return value.isEmpty() ? null : Secret.of(value);
    }

    /** @return the value the model produced, or {@code fallback} after recording its problem */
    private static <T> T checked(Supplier<T> part, T fallback, List<String> problems) {
        try {
            return part.get();
        } catch (InvalidConfigurationException e) {
            problems.add(e.getMessage());
            return fallback;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
