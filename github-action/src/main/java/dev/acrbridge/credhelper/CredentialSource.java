package dev.acrbridge.credhelper;

import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Where the credential helper gets registry credentials from. */
public interface CredentialSource {

    /**
     * @param serverUrl the server URL docker asks about ({@code contoso.azurecr.io}, {@code https://host:port})
     * @return a fresh credential, or empty when the host is not one this helper serves (docker then goes on without)
     * @throws IOException on cache failures; auth failures are {@link dev.acrbridge.auth.diagnostics.AcrAuthException}
     */
    Optional<RegistryCredential> get(String serverUrl) throws IOException;

    /**
     * Told after {@code get} printed its reply (the launcher may serve the same reply to the next identical request).
     *
     * @param serverUrl  the server URL exactly as docker sent it
     * @param credential the credential answered
     * @param reply      the reply printed, without the line end
     */
    default void answered(String serverUrl, RegistryCredential credential, String reply) {
    }

    /**
     * @param serverUrl forget cached credentials for this server
     * @throws IOException when the cache cannot be changed
     */
    void erase(String serverUrl) throws IOException;

    /**
     * @return server URL to username, for the credentials this helper currently holds (no secrets)
     * @throws IOException when the cache cannot be read
     */
    Map<String, String> list() throws IOException;
}
