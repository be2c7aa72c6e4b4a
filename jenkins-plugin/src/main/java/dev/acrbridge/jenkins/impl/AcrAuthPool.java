package dev.acrbridge.jenkins.impl;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.files.PrivateFiles;
import dev.acrbridge.auth.registry.RegistryCredential;
import hudson.util.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Auth cores, one per distinct identity ({@link IdentityMaterial#fingerprint}, secrets included), each holding the
 * shared-auth expiry-aware single-flight cache. The identity spec of an entry is built once and reused, because the
 * shared cache compares specs: a certificate stays at one private path for the entry's life and a federated token
 * is read, at each Entra request, from the latest one minted. Bounded: the least recently used entry is dropped
 * (and its files deleted) first.
 */
@Restricted(NoExternalUse.class)
public final class AcrAuthPool {
    private static final int MAX_IDENTITIES = 128;

    private final Path root = Path.of(System.getProperty("java.io.tmpdir"), "acr-entra-login-" + UUID.randomUUID());
    private final Map<String, Slot> entries = new LruSlots();

    /** Access-ordered map that drops (and cleans up) the least recently used slot past the bound. */
    private static final class LruSlots extends LinkedHashMap<String, Slot> {
        private static final long serialVersionUID = 1L;

        LruSlots() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
            if (size() <= MAX_IDENTITIES) {
                return false;
            }
            deleteQuietly(eldest.getValue().dir());
            return true;
        }
    }

    /** Removes the identities' private files when the JVM stops. */
    public AcrAuthPool() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root), "acr-entra-login cleanup"));
    }

    private record Slot(AcrAuth core, IdentitySpec spec, AtomicReference<Secret> assertion, Path dir) {
    }

    /**
     * Runs {@code action} with the auth core and spec of this identity.
     *
     * @param settings cloud and trust settings
     * @param identity the resolved identity
     * @param action   what to do with the core and the spec
     * @param <T>      result type
     * @return the action's result
     * @throws IOException when the identity's private files cannot be written
     */
    public <T> T with(AuthSettings settings, IdentityMaterial identity, Call<T> action) throws IOException {
        String key = identity.fingerprint(settings);
        Slot entry;
        synchronized (entries) {
            entry = entries.get(key);
            if (entry == null) {
                entry = newEntry(settings, identity, key);
                entries.put(key, entry);
            }
        }
        entry.assertion().set(identity.assertion());
        return action.call(entry.core(), entry.spec());
    }

    private Slot newEntry(AuthSettings settings, IdentityMaterial identity, String key) throws IOException {
        Path dir = root.resolve(key.substring(0, 32));
        PrivateFiles.createPrivateDirectories(dir);
        AtomicReference<Secret> assertion = new AtomicReference<>(identity.assertion());
        try {
            IdentitySpec spec = identity.toSpec(dir, () -> dev.acrbridge.auth.secret.Secret.of(
                    Secret.toString(assertion.get())));
            return new Slot(settings.newAcrAuth(), spec, assertion, dir);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    /**
     * @param settings cloud and trust settings
     * @param identity the resolved identity
     * @param registry login server or registry name
     * @return a registry credential, cached while fresh
     * @throws IOException when the identity's private files cannot be written
     */
    public RegistryCredential credential(AuthSettings settings, IdentityMaterial identity, String registry)
            throws IOException {
        return with(settings, identity, (core, spec) -> core.credential(spec, registry));
    }

    /** @return how many identities have a core (for tests and diagnostics) */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: the directory is private to this JVM user and the next start uses a new one
        }
    }

    /** An action on an auth core and a spec. */
    @FunctionalInterface
    public interface Call<T> {
        /** @return the result */
        T call(AcrAuth core, IdentitySpec spec) throws IOException;
    }
}
