package dev.acrbridge.auth.login;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The part shared by writers whose client reads one docker-format auth file named by an environment variable
 * (containers tools, helm): where the file is, the variable that points the client at it, helper routing and logout.
 */
abstract class AuthFileLoginWriter implements RegistryLoginWriter {
    final AuthFile authFile;
    private final String variable;

    /**
     * @param file     the auth file to write (created 0600, directory 0700)
     * @param variable the variable the client reads the file's location from
     */
    AuthFileLoginWriter(Path file, String variable) {
        this.authFile = new AuthFile(file);
        this.variable = variable;
    }

    /** @return the path {@code env} sets in {@code variable}, unless unset or blank */
    static Optional<Path> configured(Map<String, String> env, String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
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
        authFile.putCredentialHelper(loginServer, helper);
    }

    @Override
    public boolean logout(String loginServer) throws IOException {
        return authFile.remove(loginServer);
    }
}
