package dev.acrbridge.jenkins.impl;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Auth cores, one per distinct identity (see {@link IdentityMaterial#fingerprint}), each with the shared-auth
 * expiry-aware single-flight cache inside. Keying by the full identity fingerprint means two Jenkins credentials
 * share cached tokens only when they hold the very same identity and secret. Bounded: the least recently used core
 * is dropped first.
 */
@Restricted(NoExternalUse.class)
public final class AcrAuthPool {
    private static final int MAX_IDENTITIES = 128;

    private final Map<String, AcrAuth> cores = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AcrAuth> eldest) {
            return size() > MAX_IDENTITIES;
        }
    };

    /**
     * Runs {@code action} with the auth core of this identity and a shared-auth spec for it; files the spec needs
     * (a certificate) live in a private scratch directory removed afterwards.
     *
     * @param settings cloud and trust settings
     * @param identity the resolved identity
     * @param action   what to do with the core and the spec
     * @param <T>      result type
     * @return the action's result
     * @throws IOException when the scratch directory cannot be created or removed
     */
    public <T> T with(AuthSettings settings, IdentityMaterial identity, Call<T> action) throws IOException {
        String key = identity.fingerprint(settings);
        AcrAuth core;
        synchronized (cores) {
            core = cores.computeIfAbsent(key, k -> settings.newAcrAuth());
        }
        Path scratch = Files.createTempDirectory("acr-identity",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            return action.call(core, identity.toSpec(scratch));
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * @param settings cloud and trust settings
     * @param identity the resolved identity
     * @param registry login server or registry name
     * @return a registry credential, cached while fresh
     * @throws IOException when the scratch directory cannot be handled
     */
    public RegistryCredential credential(AuthSettings settings, IdentityMaterial identity, String registry)
            throws IOException {
        return with(settings, identity, (core, spec) -> core.credential(spec, registry));
    }

    /** @return how many identities have a core (for tests and diagnostics) */
    public int size() {
        synchronized (cores) {
            return cores.size();
        }
    }

    /** An action on an auth core and a spec. */
    @FunctionalInterface
    public interface Call<T> {
        /** @return the result */
        T call(AcrAuth core, dev.acrbridge.auth.identity.IdentitySpec spec) throws IOException;
    }
}
