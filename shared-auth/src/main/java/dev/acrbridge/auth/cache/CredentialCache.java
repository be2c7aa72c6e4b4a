package dev.acrbridge.auth.cache;

import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Where registry credentials are kept between uses, behind the one {@link RefreshPolicy}. Two implementations: in
 * memory for a long-lived process ({@link TokenCache}: single flight among threads, stale serve on a transient
 * failure) and on disk for short-lived ones ({@link FileCredentialStore}: single flight among processes through a
 * file lock, owner-only files).
 *
 * @param <K> what names a credential: identity (with a digest of its secret), registry and audience
 */
public interface CredentialCache<K> {
    /**
     * @param key  the credential's key
     * @param load obtains a new credential (the expensive path); called at most once per renewal among the callers
     *             that share this cache
     * @return the kept credential while it is fresh, else the loaded one (kept for the next caller)
     * @throws IOException when a cache on disk cannot be used safely
     */
    RegistryCredential get(K key, Supplier<RegistryCredential> load) throws IOException;

    /**
     * Forgets a credential, e.g. after the registry rejected it.
     *
     * @param key the credential's key
     * @throws IOException when a cache on disk cannot be changed
     */
    void invalidate(K key) throws IOException;
}
