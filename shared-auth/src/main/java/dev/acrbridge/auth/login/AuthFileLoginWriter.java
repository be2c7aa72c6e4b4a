package dev.acrbridge.auth.login;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The part shared by writers whose client reads one docker-format auth file named by an environment variable
 * (containers tools, helm): where the file is, the variable that points the client at it, helper routing and logout.
 */
abstract class AuthFileLoginWriter implements RegistryLoginWriter {
    final AuthFile authFile;
    private final String variable;
    private final Path seedFrom;

    /**
     * @param file     the auth file to write (created 0600, directory 0700)
     * @param variable the variable the client reads the file's location from
     * @param seedFrom the file the client used so far, copied (other registries' entries, never {@code credsStore})
     *                 before our first write; null for none. It is never written.
     */
    AuthFileLoginWriter(Path file, String variable, Path seedFrom) {
        this.authFile = new AuthFile(file);
        this.variable = variable;
        this.seedFrom = seedFrom;
    }

    /** Copies the seed file's other entries in, once, before the first write. */
    void seed() throws IOException {
        authFile.seedFrom(seedFrom);
    }

    @Override
    public Path location() {
        return authFile.path();
    }

    @Override
    public Map<String, String> environment() {
        return Map.of(variable, authFile.path().toString());
    }

    @Override
    public void useCredentialHelper(String loginServer, String helper) throws IOException {
        seed();
        authFile.putCredentialHelper(loginServer, helper);
    }

    @Override
    public boolean logout(String loginServer) throws IOException {
        return authFile.remove(loginServer);
    }
}
