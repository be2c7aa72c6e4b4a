package dev.acrbridge.jenkins.impl;

import dev.acrbridge.auth.diagnostics.PermissionReport;
import dev.acrbridge.auth.registry.RegistryCredential;
import hudson.Extension;
import hudson.ExtensionList;
import java.io.IOException;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The controller's token source: one pool of auth cores for the whole controller, so every build, every
 * {@code docker.withRegistry} and every {@code usernamePassword} binding of the same identity shares the cached
 * registry token (refreshed by shared-auth before it expires, single-flight under concurrent builds).
 */
@Extension
@Restricted(NoExternalUse.class)
public final class AcrTokenService {
    private final AcrAuthPool pool = new AcrAuthPool();

    /** @return the singleton */
    public static AcrTokenService get() {
        return ExtensionList.lookupSingleton(AcrTokenService.class);
    }

    /**
     * @param settings cloud and trust settings
     * @param identity resolved identity
     * @param registry login server
     * @return the registry credential, from the cache while fresh
     * @throws IOException when a scratch file for the identity cannot be handled
     * @throws dev.acrbridge.auth.diagnostics.AcrAuthException naming the cause and the fix
     */
    public RegistryCredential credential(AuthSettings settings, IdentityMaterial identity, String registry)
            throws IOException {
        return pool.credential(settings, identity, registry);
    }

    /**
     * Runs the whole chain and then asks the registry which of the needed actions it grants.
     *
     * @param settings cloud and trust settings
     * @param identity resolved identity
     * @param registry login server
     * @param needs    what the pipeline needs, e.g. {@code app:pull,push} or {@code catalog}
     * @return the report
     * @throws IOException when a scratch file for the identity cannot be handled
     */
    public PermissionReport checkPermissions(AuthSettings settings, IdentityMaterial identity, String registry,
                                             List<String> needs) throws IOException {
        return pool.with(settings, identity, (core, spec) -> core.checkPermissions(spec, registry, needs));
    }

    /** @return how many distinct identities the controller holds auth cores for */
    public int identities() {
        return pool.size();
    }
}
