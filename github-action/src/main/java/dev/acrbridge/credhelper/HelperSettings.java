package dev.acrbridge.credhelper;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.files.OwnerOnlyAccess;
import dev.acrbridge.auth.files.PrivateFiles;
import dev.acrbridge.auth.settings.SettingKey;
import dev.acrbridge.settings.AuthSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The credential helper's settings, one 0600 properties file per registry ({@code HOST.properties}, in a 0700
 * directory): {@code login --use-credential-helper} (and the action's credential-helper mode) writes the identity,
 * cloud and trust settings of that login for each registry it routes to the helper, and {@code logout} removes only
 * the files of the registries it is given. So two registries logged in with two identities each keep their own, and
 * a renewal reads exactly what its login validated.
 *
 * <p>File paths in the settings (certificate, federated token file, CA file) are stored absolute, resolved against
 * the login's working directory, and checked there: a renewal from another directory reads the same files, and a
 * missing file fails the login instead of a later {@code get}. The helper takes identity settings only from the
 * registry's file, never from the environment docker happens to run it with.
 */
public final class HelperSettings {
    /** Overrides the directory of the per-registry settings files. */
    public static final String DIR_VARIABLE = "ACR_LOGIN_HELPER_DIR";
    /** Settings that name files, resolved to absolute paths at login: the option a user typed, by key. */
    private static final Map<String, String> PATH_KEYS = Map.of(
            SettingKey.CLIENT_CERTIFICATE_PATH.variable(), "--certificate",
            SettingKey.FEDERATED_TOKEN_FILE.variable(), "--federated-token-file",
            SettingKey.CA_FILE.variable(), "--ca-file");
    /** {@code ACR_*} variables that say where this machine keeps things or how to start Java: never stored. */
    private static final Set<String> LOCAL_KEYS = Set.of(AuthSettings.SETTINGS_FILE, DIR_VARIABLE,
            "ACR_LOGIN_CACHE_DIR", "ACR_LOGIN_JAVA_OPTS", "ACR_LOGIN_JAR", "ACR_LOGIN_CLASSPATH", "ACR_LOGIN_JAVA",
            "ACR_LOGIN_CDS", "ACR_LOGIN_CDS_DIR");

    private final Path dir;

    /** @param dir the directory of the per-registry files (created 0700 on first write) */
    public HelperSettings(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * @param env the process environment
     * @return {@code $ACR_LOGIN_HELPER_DIR}, else {@code ${XDG_CONFIG_HOME:-~/.config}/acr-login/helper}
     */
    public static HelperSettings fromEnvironment(Map<String, String> env) {
        String configured = env.get(DIR_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return new HelperSettings(Path.of(configured));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return new HelperSettings(base.resolve("acr-login").resolve("helper"));
    }

    /** @return the directory of the per-registry files */
    public Path directory() {
        return dir;
    }

    /**
     * @param loginServer a registry host ({@code host[:port]})
     * @return its settings file ({@code :} and brackets become {@code _}: file names on every OS)
     */
    public Path fileOf(String loginServer) {
        String host = hostKey(loginServer);
        return dir.resolve(host.replaceAll("[:\\[\\]]", "_") + ".properties");
    }

    /**
     * The settings a login stores for the helper: identity, cloud and trust only, file paths made absolute and
     * checked. Call before anything is written, so a bad path leaves nothing half-done.
     *
     * @param settings the login's settings
     * @return what {@link #write} stores
     * @throws InvalidConfigurationException naming the option when a file it names does not exist
     */
    public static Map<String, String> portable(AuthSettings settings) {
        Map<String, String> out = new TreeMap<>();
        settings.portableValues().forEach((k, v) -> {
            if (!LOCAL_KEYS.contains(k)) {
                out.put(k, v);
            }
        });
        PATH_KEYS.forEach((key, option) -> {
            String value = out.get(key);
            if (value == null || value.isBlank()) {
                return;
            }
            Path absolute = Path.of(value.trim()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(absolute) || !Files.isReadable(absolute)) {
                throw new InvalidConfigurationException(option + " (" + key + ")", "file " + absolute
                        + " does not exist or is not readable", "point it at an existing file; the credential "
                        + "helper reads it for every renewal, from whatever directory docker runs in");
            }
            out.put(key, absolute.toString());
        });
        AuthSettings stored = AuthSettings.of(out);
        stored.identity(); // the helper must resolve the same identity from the file alone
        stored.trust();
        return out;
    }

    /**
     * Writes a registry's settings (0600, atomically, replacing the previous ones).
     *
     * @param loginServer the registry host
     * @param portable    from {@link #portable}
     * @return the file written
     * @throws IOException when it cannot be written
     */
    public Path write(String loginServer, Map<String, String> portable) throws IOException {
        Properties p = new Properties();
        p.putAll(portable);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, "acr-login credential helper settings for " + hostKey(loginServer)
                + " (may hold a secret: keep 0600)");
        Path file = fileOf(loginServer);
        PrivateFiles.writeAtomically(file, out.toByteArray());
        return file;
    }

    /**
     * The settings for one request: the registry's file for the identity, cloud and trust settings, and from the
     * environment only what is not an identity setting (HOME, proxies, the cache location).
     *
     * @param loginServer the registry host the request is for
     * @param env         the environment the helper runs with
     * @return the settings, or empty when no login stored any for this registry
     * @throws IOException when the file is readable by others or cannot be read
     */
    public Optional<AuthSettings> read(String loginServer, Map<String, String> env) throws IOException {
        Path file = fileOf(loginServer);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String exposure = OwnerOnlyAccess.exposure(file);
        if (exposure != null) {
            throw new IOException("credential-helper settings " + file + " are readable by others (" + exposure
                    + "); chmod 600 it, or log in again with acr-login login " + hostKey(loginServer)
                    + " --use-credential-helper");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            p.load(in);
        }
        Map<String, String> merged = new TreeMap<>();
        env.forEach((k, v) -> {
            if (!isIdentitySetting(k)) {
                merged.put(k, v);
            }
        });
        p.stringPropertyNames().forEach(k -> merged.put(k, p.getProperty(k)));
        return Optional.of(AuthSettings.of(merged));
    }

    /**
     * @param loginServer the registry host
     * @return true when its settings file was removed
     * @throws IOException when it cannot be removed
     */
    public boolean remove(String loginServer) throws IOException {
        return Files.deleteIfExists(fileOf(loginServer));
    }

    /**
     * The registry host a server URL names, as the client configuration files key it ({@code AuthFile.hostKey}'s
     * rule; not called through it because that class loads Jackson databind, which a cache hit must not).
     *
     * @param serverUrl {@code host[:port]}, optionally with a scheme and a trailing slash
     * @return the lower-case {@code host[:port]}
     * @throws IllegalArgumentException when it is not a host[:port]
     */
    public static String hostKey(String serverUrl) {
        String host = serverUrl.trim().toLowerCase(Locale.ROOT).replaceFirst("^[a-z][a-z0-9+.-]*://", "");
        host = host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
        if (!host.matches("[a-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9a-f:.]+](:[0-9]{1,5})?")) {
            throw new IllegalArgumentException("registry: '" + serverUrl + "' is not a host[:port]");
        }
        return host;
    }

    /**
     * @param key an environment variable
     * @return true for what decides identity, cloud or trust ({@code AZURE_*}, {@code ACR_*} but this machine's
     *         locations, the GitHub OIDC request pair, the managed-identity endpoints)
     */
    static boolean isIdentitySetting(String key) {
        String k = key.toUpperCase(Locale.ROOT);
        return !LOCAL_KEYS.contains(k) && (k.startsWith("AZURE_") || k.startsWith("ACR_")
                || k.startsWith("ACTIONS_ID_TOKEN_REQUEST_") || k.equals("IDENTITY_ENDPOINT")
                || k.equals("IDENTITY_HEADER") || k.equals("MSI_ENDPOINT") || k.equals("IMDS_ENDPOINT"));
    }
}
