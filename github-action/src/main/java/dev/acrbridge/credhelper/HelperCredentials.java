package dev.acrbridge.credhelper;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.cache.FileCredentialStore;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.UntrustedRegistryException;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.registry.RegistryHost;
import dev.acrbridge.auth.settings.SettingKey;
import dev.acrbridge.settings.AuthSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Credentials for the helper. Settings per registry: the file {@code login --use-credential-helper} wrote for that
 * registry ({@link HelperSettings}), else an explicit {@code $ACR_LOGIN_SETTINGS} file, else the environment. The
 * credential comes from the on-disk cache while it is fresh (no azure-identity class is loaded then), otherwise from
 * the auth core, one process at a time and with failures shared ({@link FileCredentialStore#freshOrFetch}). Hosts
 * that may not receive tokens are "not found". An unusable cache directory costs caching, not the answer.
 */
public final class HelperCredentials implements CredentialSource {
    /** Settings that name an identity: without any of them (and no settings file) the helper has nothing to use. */
    private static final List<String> IDENTITY_KEYS = java.util.stream.Stream.of(SettingKey.CLIENT_ID,
                    SettingKey.CLIENT_SECRET, SettingKey.CLIENT_CERTIFICATE_PATH, SettingKey.FEDERATED_TOKEN_FILE,
                    SettingKey.AUTH_TYPE, SettingKey.USERNAME, SettingKey.PASSWORD, SettingKey.IDENTITY_ENDPOINT,
                    SettingKey.MSI_ENDPOINT, SettingKey.OIDC_REQUEST_URL)
            .flatMap(k -> java.util.stream.Stream.concat(java.util.stream.Stream.of(k.variable()),
                    k.legacyVariable().stream()))
            .toList();

    private final Map<String, String> env;
    private final HelperSettings helperSettings;
    private final FileCredentialStore store;
    private final ReplyFiles replies;
    private final PrintStream warnings;
    private boolean warned;
    private Served served;

    /** What one request resolved to. */
    private record Resolved(AuthSettings settings, RegistryHost host, Path settingsFile) {
    }

    /** The last credential served, for its reply file. */
    private record Served(String cacheKey, String loginServer, Path settingsFile) {
    }

    /**
     * @param env            the environment the helper runs with
     * @param helperSettings the per-registry settings files
     * @param store          the credential cache
     * @param warnings       where a warning about an unusable cache goes (stderr: docker shows only stdout)
     */
    public HelperCredentials(Map<String, String> env, HelperSettings helperSettings, FileCredentialStore store,
                             PrintStream warnings) {
        this.env = env;
        this.helperSettings = helperSettings;
        this.store = store.onWriteFailure(this::warnOnce);
        this.replies = new ReplyFiles(store.directory());
        this.warnings = warnings;
    }

    @Override
    public Optional<RegistryCredential> get(String serverUrl) throws IOException {
        Optional<Resolved> resolved = resolve(serverUrl);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        AuthSettings settings = resolved.get().settings();
        IdentitySpec identity = settings.identity();
        String loginServer = resolved.get().host().authority();
        String key = settings.cacheKey(identity);
        try {
            RegistryCredential credential = store.freshOrFetch(key, loginServer,
                    stillValid -> auth(settings, stillValid).credential(identity, loginServer));
            served = new Served(key, loginServer, resolved.get().settingsFile());
            return Optional.of(credential);
        } catch (IOException cacheUnusable) {
            warnOnce(cacheUnusable);
            return Optional.of(auth(settings, false).credential(identity, loginServer));
        }
    }

    @Override
    public void answered(String serverUrl, RegistryCredential credential, String reply) {
        if (served == null || served.settingsFile() == null || !serverUrl.equals(served.loginServer())) {
            return; // only a plain host whose identity came from its own settings file gets a fast-path reply
        }
        try {
            Optional<Instant> renewAt = store.renewalTime(served.cacheKey(), served.loginServer());
            if (renewAt.isPresent()) {
                replies.write(serverUrl, served.settingsFile(), renewAt.get(), reply);
            }
        } catch (IOException | RuntimeException notWritten) {
            warnOnce(notWritten instanceof IOException io ? io : new IOException(notWritten.getMessage()));
        }
    }

    /**
     * After a login routed a registry to the helper: the reply its first {@code get} would print, for the launcher
     * to serve without Java (the same credential the login just stored).
     *
     * @param cache        the cache the credential was stored in
     * @param cacheKey     its identity key
     * @param credential   the credential
     * @param settingsFile the registry's settings file, just written
     * @throws IOException when the reply cannot be written
     */
    public static void warmReply(FileCredentialStore cache, String cacheKey, RegistryCredential credential,
                                 Path settingsFile) throws IOException {
        Optional<Instant> renewAt = cache.renewalTime(cacheKey, credential.loginServer());
        if (renewAt.isPresent()) {
            new ReplyFiles(cache.directory()).write(credential.loginServer(), settingsFile, renewAt.get(),
                    CredentialHelper.reply(credential.loginServer(), credential));
        }
    }

    /**
     * @param cache       the credential cache
     * @param loginServer a registry logged out of: the launcher stops answering for it
     * @throws IOException when its reply file cannot be removed
     */
    public static void forgetReply(FileCredentialStore cache, String loginServer) throws IOException {
        new ReplyFiles(cache.directory()).remove(loginServer);
    }

    @Override
    public void erase(String serverUrl) throws IOException {
        Optional<Resolved> resolved = resolve(serverUrl);
        if (resolved.isPresent()) {
            String host = resolved.get().host().authority();
            replies.remove(host);
            store.remove(resolved.get().settings().cacheKey(resolved.get().settings().identity()), host);
        }
    }

    @Override
    public Map<String, String> list() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (FileCredentialStore.Entry e : store.list()) {
            try {
                Optional<Resolved> resolved = resolve(e.loginServer());
                if (resolved.isPresent() && e.identityKey().equals(
                        resolved.get().settings().cacheKey(resolved.get().settings().identity()))) {
                    out.put(e.loginServer(), e.username());
                }
            } catch (AcrAuthException | IOException notOurs) {
                // an entry whose registry has no usable settings now is not listed
            }
        }
        return out;
    }

    private Optional<Resolved> resolve(String serverUrl) throws IOException {
        String key = hostKey(serverUrl);
        if (key != null) {
            Optional<AuthSettings> own = helperSettings.read(key, env);
            if (own.isPresent()) {
                // the file was written for exactly this host: any other spelling of it that resolves elsewhere is
                // not what the login routed
                return trusted(own.get(), serverUrl).filter(h -> h.authority().equals(key))
                        .map(h -> new Resolved(own.get(), h, helperSettings.fileOf(key)));
            }
        }
        String explicit = env.get(AuthSettings.SETTINGS_FILE);
        AuthSettings settings = explicit != null && !explicit.isBlank() ? AuthSettings.forHelper(env)
                : AuthSettings.of(env);
        Optional<RegistryHost> host = trusted(settings, serverUrl);
        if (host.isPresent() && (explicit == null || explicit.isBlank())
                && IDENTITY_KEYS.stream().noneMatch(k -> present(env.get(k)))) {
            throw new AcrAuthException("acr-login has no credential-helper settings for " + host.get().authority()
                    + " (none in " + helperSettings.directory() + ", no identity in the environment).",
                    "run `acr-login login " + host.get().authority() + " --use-credential-helper` with the identity "
                            + "options (it stores them for this registry), or set the AZURE_* variables for the "
                            + "client that runs the helper", false, null);
        }
        return host.map(h -> new Resolved(settings, h, null));
    }

    private static Optional<RegistryHost> trusted(AuthSettings settings, String serverUrl) {
        try {
            return Optional.of(settings.trust().resolve(serverUrl));
        } catch (UntrustedRegistryException notOurs) {
            return Optional.empty();
        }
    }

    private static String hostKey(String serverUrl) {
        try {
            return HelperSettings.hostKey(serverUrl);
        } catch (IllegalArgumentException notAHost) {
            return null;
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** While a still-valid credential is held, a renewal makes one attempt: its failure costs nothing. */
    private static AcrAuth auth(AuthSettings settings, boolean stillValidHeld) {
        AcrAuth.Builder builder = settings.acrAuthBuilder();
        return (stillValidHeld ? builder.attempts(1) : builder).build();
    }

    private void warnOnce(IOException problem) {
        if (!warned) {
            warned = true;
            warnings.println("acr-login: warning: the credential cache " + store.directory() + " cannot be used ("
                    + problem.getMessage() + "); tokens are served without caching, so every request goes to Entra"
                    + " until it is fixed: make it a private directory you own (chmod 700), or set "
                    + FileCredentialStore.DIR_VARIABLE + " to one");
        }
    }
}
