package dev.acrbridge.auth.login;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The OS keychain a user's docker config names in {@code credsStore} ({@code desktop}, {@code osxkeychain},
 * {@code wincred}, {@code pass}, {@code secretservice}), spoken to as {@code docker login} does: the
 * {@code docker-credential-NAME store|erase} protocol, the credential as JSON on stdin, never on the command line.
 */
final class DockerCredentialStore {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final String name;
    private final Path helper;

    private DockerCredentialStore(String name, Path helper) {
        this.name = name;
        this.helper = helper;
    }

    /**
     * @param name       the {@code credsStore} value
     * @param searchPath the PATH to find {@code docker-credential-NAME} on
     * @return the store
     * @throws ClientLoginException when the helper is not installed
     */
    static DockerCredentialStore named(String name, String searchPath) {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new ClientLoginException("docker's credsStore '" + name + "' is not a helper name",
                    "fix credsStore in the docker config, or log in with --isolated");
        }
        Path helper = ClientCommand.findOnPath("docker-credential-" + name, searchPath).orElseThrow(() ->
                new ClientLoginException("the docker config keeps logins in credsStore '" + name + "', but "
                        + "docker-credential-" + name + " is not on PATH",
                        "install docker-credential-" + name + ", remove credsStore from the docker config, or log in "
                                + "with --isolated (a private DOCKER_CONFIG without the keychain)"));
        return new DockerCredentialStore(name, helper);
    }

    void store(RegistryCredential credential, String host) throws IOException {
        ObjectNode json = AuthFile.JSON.createObjectNode().put("ServerURL", host)
                .put("Username", credential.username()).put("Secret", credential.password().reveal());
        Secret payload = Secret.of(AuthFile.JSON.writer().without(
                com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        ClientCommand.Result r = new ClientCommand(List.of(helper.toString(), "store"), Map.of(), TIMEOUT)
                .run(payload);
        if (r.exitCode() != 0) {
            throw new ClientLoginException("docker-credential-" + name + " store for " + host + " failed (exit "
                    + r.exitCode() + "): " + r.output().strip(), "check the keychain (unlocked, reachable), or log in "
                    + "with --isolated (a private DOCKER_CONFIG without the keychain)");
        }
    }

    void erase(String host) throws IOException {
        ClientCommand.Result r = new ClientCommand(List.of(helper.toString(), "erase"), Map.of(), TIMEOUT)
                .run(Secret.of(host));
        if (r.exitCode() != 0 && !r.output().contains("not found")) {
            throw new ClientLoginException("docker-credential-" + name + " erase for " + host + " failed (exit "
                    + r.exitCode() + "): " + r.output().strip(), "check the keychain, then run logout again");
        }
    }
}
