package dev.acrbridge.settings;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.files.OwnerOnlyAccess;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryHostTrust;
import dev.acrbridge.auth.settings.FieldLabels;
import dev.acrbridge.auth.settings.LoginSettings;
import dev.acrbridge.auth.settings.SettingKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Everything that decides who logs in where: the process environment, overlaid by a settings file
 * ({@code ACR_LOGIN_SETTINGS}, for the credential helper) and by command-line options, read through shared-auth's
 * one settings model ({@link LoginSettings}: keys, validation, identity detection). This class adds what the jar's
 * faces need beyond the model: the helper's settings file and the on-disk cache key. It sits below the faces
 * ({@code cli}, {@code credhelper}, {@code action} all read it, it knows none of them), so no face reaches into
 * another for its settings.
 */
public final class AuthSettings {
    /** A properties file (0600) of settings read by the credential helper on top of its environment. */
    public static final String SETTINGS_FILE = SettingKey.PREFIX + "SETTINGS";

    private final Map<String, String> values;
    private final LoginSettings login;

    private AuthSettings(Map<String, String> values, FieldLabels labels) {
        this.values = Map.copyOf(values);
        this.login = LoginSettings.builder().environment(values).labels(labels).build();
    }

    /**
     * @param values settings (environment names)
     * @return the settings; errors name the variables
     */
    public static AuthSettings of(Map<String, String> values) {
        return new AuthSettings(values, FieldLabels.variables());
    }

    /**
     * @param values settings (environment names)
     * @param labels the options the user typed, to name them in errors
     * @return the settings
     */
    public static AuthSettings of(Map<String, String> values, FieldLabels labels) {
        return new AuthSettings(values, labels);
    }

    /**
     * Settings from an explicit {@code $ACR_LOGIN_SETTINGS} file (0600) over the environment: one identity for every
     * registry, for a helper set up by hand (a login stores per-registry settings instead).
     *
     * @param env the process environment, with {@code ACR_LOGIN_SETTINGS} set
     * @return the settings
     * @throws IOException when the settings file cannot be read or is readable by others
     */
    public static AuthSettings forHelper(Map<String, String> env) throws IOException {
        Path path = Path.of(env.get(SETTINGS_FILE));
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
        // the helper reads the current names only: a deprecated one is handed over renamed
        for (SettingKey key : SettingKey.values()) {
            key.legacyVariable().map(out::remove).ifPresent(v -> out.putIfAbsent(key.variable(), v));
        }
        return out;
    }

    /** @return the settings in shared-auth's model */
    public LoginSettings login() {
        return login;
    }

    /** @return one line per deprecated variable name in use, to print as a warning */
    public List<String> deprecations() {
        return login.deprecations();
    }

    /** @return the identity the settings describe */
    public IdentitySpec identity() {
        return login.identity();
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
        for (SettingKey key : new SettingKey[] {SettingKey.CLIENT_SECRET, SettingKey.PASSWORD,
                SettingKey.CLIENT_CERTIFICATE_PASSWORD}) {
            String secret = login.get(key);
            material.append(secret == null ? "" : secret).append('\0');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(material.toString().getBytes(StandardCharsets.UTF_8));
            return identity.cacheKey() + "|" + cloud().authorityHost() + "|" + login.audience() + "|"
                    + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256", e);
        }
    }

    /** @return which registry hosts may receive tokens */
    public RegistryHostTrust trust() {
        return new RegistryHostTrust(cloud(), login.allowedHosts());
    }

    /** @return the auth core configured from these settings (loads azure-identity: keep off the cache-hit path) */
    public AcrAuth acrAuth() {
        return acrAuthBuilder().build();
    }

    /** @return a builder of the auth core configured from these settings, for further options */
    public AcrAuth.Builder acrAuthBuilder() {
        return AcrAuth.builder().settings(login).environment(values);
    }

    /** @return the cloud, with the authority host override applied */
    public AzureCloud cloud() {
        return login.cloud();
    }

    /** @return the PEM file of extra CA certificates, or null */
    public Path caFile() {
        return login.caFile();
    }
}
