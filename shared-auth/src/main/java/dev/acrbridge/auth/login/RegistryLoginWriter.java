package dev.acrbridge.auth.login;

import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Logs one client family into registries by writing its configuration: the last step of identity -> Entra token ->
 * registry credential -> client configuration. Writes are atomic, owner-only and safe against concurrent writers;
 * {@link #logout} removes only what a writer added.
 */
public interface RegistryLoginWriter {

    /** @return the client family, as named on the command line: {@code docker}, {@code podman}, {@code helm} */
    String tool();

    /** @return the file or directory the client must be pointed at */
    Path location();

    /** @return the variables that point the client at {@link #location()}, e.g. {@code DOCKER_CONFIG} */
    Map<String, String> environment();

    /**
     * Stores the credential for its registry, replacing an older login of ours for the same registry.
     *
     * @param credential the registry credential
     * @throws IOException            when the configuration cannot be read or written (it is then unchanged)
     * @throws ClientLoginException   when a client's own login command fails
     */
    void login(RegistryCredential credential) throws IOException;

    /**
     * Routes the registry to a docker credential helper instead of storing a credential, so that every client request
     * gets a fresh token from {@code docker-credential-<helper> get}.
     *
     * @param loginServer the registry host
     * @param helper      helper name without the {@code docker-credential-} prefix, e.g. {@code acr-login}
     * @throws IOException when the configuration cannot be read or written
     */
    void useCredentialHelper(String loginServer, String helper) throws IOException;

    /**
     * Removes what this writer added for the registry and restores what it displaced.
     *
     * @param loginServer the registry host
     * @return true when something of ours was removed
     * @throws IOException when the configuration cannot be read or written
     */
    boolean logout(String loginServer) throws IOException;
}
