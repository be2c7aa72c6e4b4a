package dev.acrbridge.auth.login;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrbridge.auth.files.PrivateFiles;
import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Logs docker in, in one of two ways.
 *
 * <p>{@link #user}: like {@code docker login}, in the user's own config ({@code $DOCKER_CONFIG} or {@code ~/.docker}),
 * so docker (and podman, which reads it too) just works in the same shell: an {@code auths} entry, or, when the config
 * names a {@code credsStore}, the OS keychain through {@code docker-credential-NAME store}. A {@code credHelpers} entry
 * for the registry is set aside while we are logged in.
 *
 * <p>{@link #isolated}: through an isolated config directory ({@code DOCKER_CONFIG}, for CI jobs) that keeps the
 * user's own settings: on first use it copies the user's {@code config.json} (proxies, other registries' logins,
 * {@code credHelpers} for other hosts), points {@code cliPluginsExtraDirs} at the user's {@code cli-plugins} so buildx
 * keeps working, and links the user's {@code contexts}. It never uses an OS keychain: {@code credsStore} is dropped,
 * and a {@code credHelpers} entry for our registry is set aside while we are logged in. The user's own directory is
 * never written.
 */
public final class DockerConfigWriter implements RegistryLoginWriter {
    /** The variable docker reads its config directory from. */
    public static final String CONFIG_VARIABLE = "DOCKER_CONFIG";
    private final Path configDir;
    private final Path userConfigDir;
    private final AuthFile authFile;
    private final Path dockerBinary;
    private final Duration timeout;
    /** PATH for the credsStore helper in user mode; null in isolated mode (no keychain). */
    private final String keychainPath;

    private DockerConfigWriter(Path configDir, Path userConfigDir, Path dockerBinary, Duration timeout,
                               String keychainPath) {
        this.keychainPath = keychainPath;
        this.configDir = configDir.toAbsolutePath().normalize();
        this.userConfigDir = userConfigDir == null ? null : userConfigDir.toAbsolutePath().normalize();
        this.authFile = new AuthFile(this.configDir.resolve("config.json"));
        this.dockerBinary = dockerBinary;
        this.timeout = timeout;
    }

    /**
     * @param configDir     the isolated directory to write ({@code DOCKER_CONFIG} for the job); created 0700
     * @param userConfigDir the user's docker config directory to copy settings from, or null for none
     * @return a writer that stores {@code auths} entries directly
     */
    public static DockerConfigWriter isolated(Path configDir, Path userConfigDir) {
        return new DockerConfigWriter(configDir, userConfigDir, null, null, null);
    }

    /**
     * @param userConfigDir the user's docker config directory ({@link #userConfigDir(Map)}); created 0700 if missing
     * @param searchPath    the PATH on which the {@code credsStore} helper is found
     * @return a writer that logs in where docker looks by default, respecting the user's {@code credsStore}
     */
    public static DockerConfigWriter user(Path userConfigDir, String searchPath) {
        return new DockerConfigWriter(userConfigDir, userConfigDir, null, null, searchPath == null ? "" : searchPath);
    }

    /**
     * @param dockerBinary the docker CLI
     * @param timeout      how long one {@code docker login} may take
     * @return a writer that logs in with {@code docker --config DIR login --password-stdin} instead
     */
    public DockerConfigWriter withDockerLogin(Path dockerBinary, Duration timeout) {
        return new DockerConfigWriter(configDir, userConfigDir, dockerBinary, timeout, keychainPath);
    }

    /**
     * @param env the process environment
     * @return the user's docker config directory: {@code $DOCKER_CONFIG}, else {@code ~/.docker}
     */
    public static Path userConfigDir(Map<String, String> env) {
        return UserDirectories.configured(env, CONFIG_VARIABLE)
                .orElseGet(() -> UserDirectories.home(env).resolve(".docker"));
    }

    @Override
    public String tool() {
        return "docker";
    }

    @Override
    public Path location() {
        return configDir;
    }

    /** @return the {@code config.json} inside the config directory */
    public Path configFile() {
        return authFile.path();
    }

    @Override
    public Map<String, String> environment() {
        return Map.of(CONFIG_VARIABLE, configDir.toString());
    }

    @Override
    public void login(RegistryCredential credential) throws IOException {
        seedFromUserConfig();
        if (dockerBinary == null) {
            String store = keychainPath == null ? null : authFile.credsStore();
            if (store == null) {
                authFile.putCredential(credential, keychainPath == null);
                return;
            }
            // with credsStore set docker reads every login from the keychain and ignores auths: store it there
            String host = AuthFile.hostKey(credential.loginServer());
            DockerCredentialStore.named(store, keychainPath).store(credential, host);
            authFile.recordStored(host);
            return;
        }
        // docker login writes through credsStore or a credHelpers entry when set: set them aside first (in the
        // user's own config the credsStore stays, and docker login stores into it as the user expects)
        authFile.setAside(credential.loginServer(), keychainPath == null);
        String host = AuthFile.hostKey(credential.loginServer());
        ClientCommand.Result result = new ClientCommand(List.of(dockerBinary.toString(), "--config",
                configDir.toString(), "login", host, "--username", credential.username(), "--password-stdin"),
                Map.of(), timeout).run(credential.password());
        if (result.exitCode() != 0) {
            throw new ClientLoginException("docker login " + host + " failed (exit " + result.exitCode() + "): "
                    + result.output().strip(), "check that docker can reach " + host + " and trusts its certificate");
        }
        if (!authFile.adoptEntry(host)) {
            throw new ClientLoginException("docker login " + host + " succeeded but wrote no entry to "
                    + configFile(), "remove credsStore/credHelpers for " + host + " from " + configFile());
        }
    }

    @Override
    public void useCredentialHelper(String loginServer, String helper) throws IOException {
        seedFromUserConfig();
        authFile.putCredentialHelper(loginServer, helper);
    }

    @Override
    public boolean logout(String loginServer) throws IOException {
        boolean removed = authFile.remove(loginServer);
        if (keychainPath != null && authFile.takeStored(loginServer)) {
            String store = authFile.credsStore();
            if (store != null) {
                DockerCredentialStore.named(store, keychainPath).erase(AuthFile.hostKey(loginServer));
            }
            removed = true;
        }
        return removed;
    }

    private void seedFromUserConfig() throws IOException {
        if (userConfigDir == null || userConfigDir.equals(configDir) || Files.exists(configFile())) {
            return;
        }
        ObjectNode seed = AuthFile.JSON.createObjectNode();
        Path userConfig = userConfigDir.resolve("config.json");
        if (Files.isRegularFile(userConfig)) {
            seed.setAll(AuthFile.readSeed(userConfig));
        }
        Path plugins = userConfigDir.resolve("cli-plugins");
        if (Files.isDirectory(plugins)) {
            ArrayNode extra = seed.withArrayProperty("cliPluginsExtraDirs");
            if (!extra.toString().contains(AuthFile.JSON.writeValueAsString(plugins.toString()))) {
                extra.add(plugins.toString());
            }
        }
        Path contexts = userConfigDir.resolve("contexts");
        PrivateFiles.createPrivateDirectories(configDir);
        if (Files.isDirectory(contexts) && !Files.exists(configDir.resolve("contexts"))) {
            Files.createSymbolicLink(configDir.resolve("contexts"), contexts);
        }
        authFile.seed(seed);
    }
}
