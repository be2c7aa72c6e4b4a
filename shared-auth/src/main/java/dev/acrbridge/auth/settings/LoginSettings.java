package dev.acrbridge.auth.settings;

import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.proxy.ProxySettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The one settings model every face fills (CLI options and variables, action inputs, Jenkins form fields) and the one
 * validator of it. Values are kept as the user gave them ({@link SettingKey}); each accessor validates its part and
 * throws an {@link InvalidConfigurationException} whose {@link InvalidConfigurationException#field() field} is the
 * name the user typed ({@link FieldLabels}), or the variable the value came from.
 *
 * <p>Auto-detection ({@link SettingKey#AUTH_TYPE} unset or {@code auto}), first match wins:
 * <ol>
 * <li>{@code AZURE_CLIENT_SECRET}: service principal with secret</li>
 * <li>{@code AZURE_CLIENT_CERTIFICATE_PATH}: service principal with certificate</li>
 * <li>{@code ACR_LOGIN_USERNAME} or {@code ACR_LOGIN_PASSWORD}: registry admin user ({@code token} for a repository
 *     token must be asked for)</li>
 * <li>{@code AZURE_FEDERATED_TOKEN_FILE}: workload identity (Kubernetes)</li>
 * <li>{@code ACTIONS_ID_TOKEN_REQUEST_URL} with {@code AZURE_CLIENT_ID}: GitHub Actions OIDC</li>
 * <li>{@code IDENTITY_ENDPOINT} + {@code IDENTITY_HEADER}, or {@code MSI_ENDPOINT}: managed identity
 *     (user-assigned when {@code AZURE_CLIENT_ID} is set)</li>
 * </ol>
 * An Entra identity comes before the registry's own users: a stray admin password in a CI environment never wins over
 * the service principal the job was given. IMDS-only managed identity and the Azure CLI cannot be detected from
 * variables: ask for them explicitly.
 *
 * <p>Instances are immutable. Secrets are held as given (never trimmed) and never appear in {@link #toString()}.
 */
public final class LoginSettings {
    /** Allowed values of {@link SettingKey#AUTH_TYPE}. */
    public static final String AUTH_TYPES =
            "auto|service-principal|certificate|managed-identity|workload-identity|oidc|azure-cli|admin|token";
    /** Default per-request timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern HOST =
            Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?");

    private final Map<SettingKey, String> values;
    private final Map<SettingKey, String> sources;
    private final FieldLabels labels;
    private final List<String> deprecations;
    /** The variables the settings were read from: {@link SettingKey#FEDERATED_TOKEN_VARIABLE} names one of them. */
    private final Map<String, String> environment;

    private LoginSettings(Builder b) {
        this.environment = Map.copyOf(b.environment);
        this.values = Collections.unmodifiableMap(new EnumMap<>(b.values));
        this.sources = Collections.unmodifiableMap(new EnumMap<>(b.sources));
        this.labels = b.labels;
        this.deprecations = List.copyOf(b.deprecations);
    }

    /**
     * @param env variables (the process environment, a settings file); keys that are not settings are ignored
     * @return the settings, errors naming the variables
     */
    public static LoginSettings fromEnvironment(Map<String, String> env) {
        return builder().environment(env).build();
    }

    /** @return an empty builder whose errors name variables */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings, to overlay a face's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        b.sources.putAll(sources);
        b.labels = labels;
        b.deprecations.addAll(deprecations);
        b.environment.putAll(environment);
        return b;
    }

    /**
     * @param key a setting
     * @return its value trimmed, or null when unset or blank (a secret is returned untrimmed)
     */
    public String get(SettingKey key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return null;
        }
        return key.isSecret() ? v : v.trim();
    }

    /**
     * @param key a setting
     * @return true when it has a non-blank value
     */
    public boolean has(SettingKey key) {
        return get(key) != null;
    }

    /**
     * @param key a setting
     * @return the name the user knows it by: the face's label, else the variable its value came from
     */
    public String name(SettingKey key) {
        String label = labels.label(key);
        if (label != null) {
            return label;
        }
        return sources.getOrDefault(key, key.variable());
    }

    /**
     * @param name a variable name
     * @return its value in the variables these settings were read from, or null
     */
    String variable(String name) {
        return environment.get(name);
    }

    /** @return one line per old variable name that was read (or ignored), to print as a warning */
    public List<String> deprecations() {
        return deprecations;
    }

    /**
     * @return the settings under their current variable names (may hold secrets: for a 0600 settings file or a
     *         child's own settings, never for a log)
     */
    public Map<String, String> toVariables() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k.variable(), v));
        return out;
    }

    /**
     * @return the identity these settings describe
     * @throws InvalidConfigurationException naming the missing or bad setting and the fix
     */
    public IdentitySpec identity() {
        return IdentityResolver.resolve(this);
    }

    /**
     * @return the tenant, checked (a GUID or a verified domain, not a shared alias such as {@code common}), or null
     *         when unset; for faces that check a field on its own (a form field, an input)
     */
    public String tenantId() {
        return has(SettingKey.TENANT_ID) ? IdentityResolver.tenant(this) : null;
    }

    /** @return the application (client) ID, checked to be a GUID, or null when unset */
    public String clientId() {
        return has(SettingKey.CLIENT_ID) ? IdentityResolver.clientId(this) : null;
    }

    /**
     * @return the cloud: {@code public} (default), {@code china}, {@code usgov}, or {@code custom} (authority host
     *         and registry suffix given); an authority host overrides the named cloud's
     */
    public AzureCloud cloud() {
        String name = get(SettingKey.CLOUD);
        String authority = get(SettingKey.AUTHORITY_HOST);
        if ("custom".equalsIgnoreCase(name)) {
            if (authority == null) {
                throw invalid(SettingKey.AUTHORITY_HOST, "is required for a custom cloud",
                        "give the Entra authority host of that cloud, e.g. https://login.example.net");
            }
            String suffix = get(SettingKey.REGISTRY_SUFFIX);
            suffix = suffix == null ? AzureCloud.PUBLIC.registrySuffix() : suffix.toLowerCase(Locale.ROOT);
            if (!suffix.startsWith(".")) {
                suffix = "." + suffix;
            }
            if (!HOST.matcher(suffix.substring(1)).matches() || suffix.contains(":")) {
                throw invalid(SettingKey.REGISTRY_SUFFIX, "'" + suffix + "' is not a domain suffix",
                        "give the registries' login-server suffix, e.g. .azurecr.io");
            }
            return AzureCloud.custom(authorityHost(authority), suffix, AzureCloud.PUBLIC.armAudience());
        }
        AzureCloud cloud;
        try {
            cloud = name == null ? AzureCloud.PUBLIC : AzureCloud.named(name);
        } catch (IllegalArgumentException e) {
            throw invalid(SettingKey.CLOUD, "unknown value '" + name + "'; allowed: public (AzureCloud), china "
                    + "(AzureChinaCloud), usgov (AzureUSGovernment), custom (with an authority host)",
                    "pick the cloud that hosts the registry");
        }
        return withAuthorityHost(cloud);
    }

    /**
     * @param cloud a cloud
     * @return the cloud with {@link SettingKey#AUTHORITY_HOST} as its authority host, when one is set
     */
    public AzureCloud withAuthorityHost(AzureCloud cloud) {
        String authority = get(SettingKey.AUTHORITY_HOST);
        if (authority == null) {
            return cloud;
        }
        URI host = authorityHost(authority);
        return host.equals(cloud.authorityHost()) ? cloud
                : new AzureCloud(cloud.name(), host, cloud.registrySuffix(), cloud.armAudience());
    }

    /** @return the Entra resource asked for: the ACR audience unless another is set */
    public String audience() {
        String audience = get(SettingKey.AUDIENCE);
        return audience == null ? AzureCloud.ACR_AUDIENCE : audience;
    }

    /** @return registry hosts ({@code host[:port]}, lower case) trusted although they miss the cloud's suffix */
    public Set<String> allowedHosts() {
        Set<String> out = new LinkedHashSet<>();
        String hosts = get(SettingKey.ALLOWED_HOSTS);
        if (hosts != null) {
            for (String h : hosts.split("[,\\s]+")) {
                String host = h.trim().toLowerCase(Locale.ROOT);
                if (host.isEmpty()) {
                    continue;
                }
                if (!HOST.matcher(host).matches()) {
                    throw invalid(SettingKey.ALLOWED_HOSTS, "'" + h.trim() + "' is not host[:port]",
                            "give host names with an optional port, no scheme and no path, separated by commas");
                }
                out.add(host);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** @return the PEM file of extra CA certificates (absolute), or null */
    public Path caFile() {
        String value = get(SettingKey.CA_FILE);
        if (value == null) {
            return null;
        }
        try {
            Path pem = Path.of(value);
            if (Files.isRegularFile(pem) && Files.isReadable(pem)) {
                return pem.toAbsolutePath();
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw invalid(SettingKey.CA_FILE, "'" + value + "' is not a readable file",
                "give the path of a PEM file with the CA certificates to trust");
    }

    /** @return the per-request timeout, 1 to 600 seconds (default 30) */
    public Duration timeout() {
        String t = get(SettingKey.TIMEOUT_SECONDS);
        if (t == null) {
            return DEFAULT_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(t);
            if (seconds > 0 && seconds <= 600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw invalid(SettingKey.TIMEOUT_SECONDS, "'" + t + "' is not a number of seconds from 1 to 600",
                "use 30, or more for a slow network");
    }

    /**
     * @return the proxies for Entra, GitHub's OIDC endpoint and the registry: {@link SettingKey#PROXY} and
     *         {@link SettingKey#NO_PROXY} over the standard {@code HTTPS_PROXY}/{@code NO_PROXY} variables
     * @throws InvalidConfigurationException naming the field (or variable) with a bad proxy URL
     */
    public ProxySettings proxies() {
        Map<String, String> env = new HashMap<>(environment);
        for (SettingKey key : List.of(SettingKey.PROXY, SettingKey.NO_PROXY)) {
            env.remove(key.variable());
            if (has(key)) {
                env.put(key.variable(), get(key));
            }
        }
        return ProxySettings.fromEnvironment(env, variable -> variable.equals(SettingKey.PROXY.variable())
                ? name(SettingKey.PROXY) : variable);
    }

    /**
     * Validates everything at once, for faces that report every problem together (the action, a form).
     *
     * @return one exception per bad part (identity, cloud, hosts, CA file, timeout, proxy); empty when all are good
     */
    public List<InvalidConfigurationException> problems() {
        List<InvalidConfigurationException> out = new ArrayList<>();
        List<Supplier<?>> checks = Arrays.asList(this::cloud, this::identity, this::allowedHosts, this::caFile,
                this::timeout, this::proxies);
        for (Supplier<?> check : checks) {
            try {
                check.get();
            } catch (InvalidConfigurationException e) {
                out.add(e);
            }
        }
        return out;
    }

    InvalidConfigurationException invalid(SettingKey key, String problem, String fix) {
        return new InvalidConfigurationException(name(key), problem, fix);
    }

    private URI authorityHost(String authority) {
        URI uri;
        try {
            uri = URI.create(authority);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            throw invalid(SettingKey.AUTHORITY_HOST, "'" + authority + "' is not an https URL",
                    "use https://HOST, e.g. https://login.microsoftonline.com, or leave it empty for the cloud's");
        }
        return URI.create("https://" + uri.getRawAuthority());
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("LoginSettings[");
        values.forEach((k, v) -> out.append(k.variable()).append('=').append(k.isSecret() ? "***" : v).append(' '));
        return out.toString().trim() + "]";
    }

    /** Collects settings from the environment and from a face; later calls win. */
    public static final class Builder {
        private final Map<SettingKey, String> values = new EnumMap<>(SettingKey.class);
        private final Map<SettingKey, String> sources = new EnumMap<>(SettingKey.class);
        private final List<String> deprecations = new ArrayList<>();
        private FieldLabels labels = FieldLabels.variables();
        private final Map<String, String> environment = new java.util.HashMap<>();

        private Builder() {
        }

        /**
         * Reads every setting from variables; a current name wins over a legacy one, and a legacy one adds a
         * deprecation line.
         *
         * @param env variables; other keys are ignored
         * @return this builder
         */
        public Builder environment(Map<String, String> env) {
            env.forEach((k, v) -> {
                if (k != null && v != null) {
                    environment.put(k, v);
                }
            });
            for (SettingKey key : SettingKey.values()) {
                String current = env.get(key.variable());
                String legacyName = key.legacyVariable().orElse(null);
                String legacy = legacyName == null ? null : env.get(legacyName);
                boolean legacySet = legacy != null && !legacy.isBlank();
                if (current != null) {
                    put(key, current, key.variable());
                    if (legacySet) {
                        deprecations.add(legacyName + " is ignored: " + key.variable() + " is set (" + legacyName
                                + " is the deprecated name)");
                    }
                } else if (legacy != null) {
                    put(key, legacy, legacyName);
                    if (legacySet) {
                        deprecations.add(legacyName + " is deprecated: rename it " + key.variable()
                                + " (the old name is still read for now)");
                    }
                }
            }
            return this;
        }

        /**
         * @param key   a setting
         * @param value its value from the face; null leaves the setting as it is
         * @return this builder
         */
        public Builder set(SettingKey key, String value) {
            if (value != null) {
                put(key, value, null);
            }
            return this;
        }

        /**
         * @param key a setting to clear (for example a variable the face's own input replaces)
         * @return this builder
         */
        public Builder remove(SettingKey key) {
            values.remove(key);
            sources.remove(key);
            return this;
        }

        /**
         * @param labels how the face names its fields in errors
         * @return this builder
         */
        public Builder labels(FieldLabels labels) {
            this.labels = Objects.requireNonNull(labels, "labels");
            return this;
        }

        /** @return the settings */
        public LoginSettings build() {
            return new LoginSettings(this);
        }

        private void put(SettingKey key, String value, String source) {
            values.put(key, value);
            if (source == null) {
                sources.remove(key);
            } else {
                sources.put(key, source);
            }
        }
    }
}
