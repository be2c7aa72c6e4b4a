package dev.acrbridge.cli;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.identity.IdentityResolver;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.files.OwnerOnlyAccess;
import dev.acrbridge.auth.registry.RegistryHostTrust;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything that decides who logs in where, as one map of {@code AZURE_*}-style settings: the process environment,
 * overlaid by a settings file ({@code ACR_LOGIN_SETTINGS}, for the credential helper) and by command-line options.
 * Identity detection is shared-auth's {@link IdentityResolver}; this class adds the registry-side settings.
 */
public final class AuthSettings {
    /** A properties file (0600) of settings read by the credential helper on top of its environment. */
    public static final String SETTINGS_FILE = "ACR_LOGIN_SETTINGS";
    /** Extra trusted registry hosts, comma-separated {@code host[:port]}. */
    public static final String ALLOWED_HOSTS = "ACR_LOGIN_ALLOWED_HOSTS";
    /** PEM CA bundle trusted for TLS on top of the JDK's. */
    public static final String CA_FILE = "ACR_LOGIN_CA_FILE";
    /** Azure cloud: public, china, usgov. */
    public static final String CLOUD = "ACR_LOGIN_CLOUD";
    /** Entra resource asked for: default the ACR audience. */
    public static final String AUDIENCE = "ACR_LOGIN_AUDIENCE";
    /** Entra authority host override (sovereign or private clouds, test services). */
    public static final String AUTHORITY_HOST = "AZURE_AUTHORITY_HOST";
    /** Per-request timeout in seconds. */
    public static final String TIMEOUT = "ACR_LOGIN_TIMEOUT_SECONDS";

    private final Map<String, String> values;

    private AuthSettings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * @param values settings (environment names)
     * @return the settings
     */
    public static AuthSettings of(Map<String, String> values) {
        return new AuthSettings(values);
    }

    /**
     * The credential helper's settings: the environment docker gave it, overlaid by {@code $ACR_LOGIN_SETTINGS}.
     *
     * @param env the process environment
     * @return the settings
     * @throws IOException when the settings file cannot be read or is readable by others
     */
    public static AuthSettings forHelper(Map<String, String> env) throws IOException {
        String file = env.get(SETTINGS_FILE);
        Path path;
        if (file != null && !file.isBlank()) {
            path = Path.of(file);
        } else {
            path = defaultHelperSettings(env);
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                return of(env);
            }
        }
        String exposure = OwnerOnlyAccess.exposure(path);
        if (exposure != null) {
            throw new IOException(SETTINGS_FILE + " file " + path + " is readable by others (" + exposure
                    + "); chmod 600 it (on Windows: remove every ACL entry but the owner's)");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            p.load(in);
        }
        Map<String, String> merged = new TreeMap<>(env);
        p.stringPropertyNames().forEach(k -> merged.put(k, p.getProperty(k)));
        return of(merged);
    }

    /**
     * @param env the process environment
     * @return where {@code login --use-credential-helper} keeps the helper's settings, read when
     *         {@code ACR_LOGIN_SETTINGS} is unset: {@code ${XDG_CONFIG_HOME:-~/.config}/acr-login/helper.properties}
     */
    public static Path defaultHelperSettings(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("acr-login").resolve("helper.properties");
    }

    /**
     * Writes {@link #portableValues()} as the helper's settings file (0600, atomically).
     *
     * @param file the settings file
     * @throws IOException when it cannot be written
     */
    public void writeHelperSettings(Path file) throws IOException {
        Properties p = new Properties();
        p.putAll(portableValues());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        p.store(out, "acr-login credential helper settings (may hold a secret: keep 0600)");
        dev.acrbridge.auth.files.PrivateFiles.writeAtomically(file, out.toByteArray());
    }

    /** @return the raw settings (may hold secrets: never print) */
    public Map<String, String> values() {
        return values;
    }

    /**
     * @return only the settings that decide identity, cloud and trust ({@code AZURE_*}, {@code ACR_*}, the GitHub
     *         OIDC request pair and the managed-identity endpoints), for handing to the credential helper in an
     *         {@link #SETTINGS_FILE}; the rest of the environment (PATH, HOME, other tools' secrets) stays out
     */
    public Map<String, String> portableValues() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("AZURE_") || k.startsWith("ACR_") || k.startsWith("ACTIONS_ID_TOKEN_REQUEST_")
                    || k.equals("IDENTITY_ENDPOINT") || k.equals("IDENTITY_HEADER") || k.equals("MSI_ENDPOINT")
                    || k.equals("IMDS_ENDPOINT")) {
                out.put(k, v);
            }
        });
        out.remove(SETTINGS_FILE);
        return out;
    }

    /** @return the identity the settings describe */
    public IdentitySpec identity() {
        return IdentityResolver.resolve(values);
    }

    /**
     * @param identity the identity
     * @return the cache key: the identity, the cloud endpoint and audience it was obtained through, and a short
     *         digest of the secret it was obtained with
     */
    public String cacheKey(IdentitySpec identity) {
        // a digest of the secret takes part, as in shared-auth's in-memory cache: a caller holding a wrong or
        // revoked secret for the same client never gets a token someone else's secret obtained
        StringBuilder material = new StringBuilder();
        for (String key : new String[] {"AZURE_CLIENT_SECRET", "ACR_PASSWORD", "AZURE_CLIENT_CERTIFICATE_PASSWORD"}) {
            material.append(values.getOrDefault(key, "")).append('\0');
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(material.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return identity.cacheKey() + "|" + cloud().authorityHost() + "|" + audience() + "|"
                    + java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256", e);
        }
    }

    /** @return which registry hosts may receive tokens */
    public RegistryHostTrust trust() {
        return new RegistryHostTrust(cloud(), allowedHosts());
    }

    /** @return the auth core configured from these settings (loads azure-identity: keep off the cache-hit path) */
    public AcrAuth acrAuth() {
        return acrAuthBuilder().build();
    }

    /** @return a builder of the auth core configured from these settings, for further options */
    public AcrAuth.Builder acrAuthBuilder() {
        AcrAuth.Builder builder = AcrAuth.builder().cloud(cloud()).audience(audience())
                .allowRegistryHosts(allowedHosts()).environment(values)
                .requestTimeout(Duration.ofSeconds(timeoutSeconds()));
        String ca = get(CA_FILE);
        if (ca != null) {
            Path pem = Path.of(ca);
            if (!Files.isReadable(pem)) {
                throw new InvalidConfigurationException(CA_FILE, "file " + pem + " does not exist or is not readable",
                        "point --ca-file at a PEM file with the CA certificates to trust");
            }
            builder.trustedCertificates(pem);
        }
        return builder;
    }

    /** @return the cloud, with the authority host override applied */
    public AzureCloud cloud() {
        String name = get(CLOUD);
        AzureCloud cloud;
        try {
            cloud = name == null ? AzureCloud.PUBLIC : AzureCloud.named(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(CLOUD, e.getMessage(), "use --cloud public, china or usgov");
        }
        String authority = get(AUTHORITY_HOST);
        if (authority == null) {
            return cloud;
        }
        try {
            return AzureCloud.custom(URI.create(authority), cloud.registrySuffix(), cloud.armAudience());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(AUTHORITY_HOST, "'" + authority + "' is not an https URL",
                    "use --authority-host https://login.example (HTTPS only)");
        }
    }

    private String audience() {
        String audience = get(AUDIENCE);
        return audience == null ? AzureCloud.ACR_AUDIENCE : audience;
    }

    private Set<String> allowedHosts() {
        String hosts = get(ALLOWED_HOSTS);
        Set<String> out = new LinkedHashSet<>();
        if (hosts != null) {
            Arrays.stream(hosts.split("[,\\s]+")).filter(h -> !h.isBlank()).forEach(out::add);
        }
        return out;
    }

    private long timeoutSeconds() {
        String t = get(TIMEOUT);
        if (t == null) {
            return 30;
        }
        try {
            long seconds = Long.parseLong(t.trim());
            if (seconds > 0 && seconds <= 600) {
                return seconds;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidConfigurationException(TIMEOUT, "'" + t + "' is not a number of seconds from 1 to 600",
                "use --timeout 30");
    }

    private String get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
