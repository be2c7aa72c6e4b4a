package dev.acrbridge.credhelper;

import dev.acrbridge.auth.cache.FileCredentialStore;
import dev.acrbridge.auth.diagnostics.UntrustedRegistryException;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.registry.RegistryHost;
import dev.acrbridge.cli.AuthSettings;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Credentials for the helper: from the on-disk cache while the token is fresh (no azure-identity class is loaded
 * then), otherwise from the auth core, stored for the next call. Hosts that may not receive tokens are "not found".
 */
public final class HelperCredentials implements CredentialSource {
    private final AuthSettings settings;
    private final FileCredentialStore store;

    /**
     * @param settings identity and registry settings
     * @param store    the credential cache
     */
    public HelperCredentials(AuthSettings settings, FileCredentialStore store) {
        this.settings = settings;
        this.store = store;
    }

    @Override
    public Optional<RegistryCredential> get(String serverUrl) throws IOException {
        Optional<RegistryHost> host = trusted(serverUrl);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        IdentitySpec identity = settings.identity();
        String loginServer = host.get().authority();
        return Optional.of(store.freshOrFetch(settings.cacheKey(identity), loginServer,
                () -> settings.acrAuth().credential(identity, loginServer)));
    }

    @Override
    public void erase(String serverUrl) throws IOException {
        Optional<RegistryHost> host = trusted(serverUrl);
        if (host.isPresent()) {
            store.remove(settings.cacheKey(settings.identity()), host.get().authority());
        }
    }

    @Override
    public Map<String, String> list() throws IOException {
        String key = settings.cacheKey(settings.identity());
        Map<String, String> out = new TreeMap<>();
        for (FileCredentialStore.Entry e : store.list()) {
            if (e.identityKey().equals(key)) {
                out.put(e.loginServer(), e.username());
            }
        }
        return out;
    }

    private Optional<RegistryHost> trusted(String serverUrl) {
        try {
            return Optional.of(settings.trust().resolve(serverUrl));
        } catch (UntrustedRegistryException notOurs) {
            return Optional.empty();
        }
    }
}
