package dev.acrbridge.auth.login;

import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Logs podman, buildah and skopeo (containers/image) in through an auth file they read via {@code REGISTRY_AUTH_FILE}
 * or {@code --authfile}. An {@linkplain #isolated isolated} file starts as a copy of the one the clients used so far,
 * so other registries' logins survive the switch.
 */
public final class ContainersAuthWriter extends AuthFileLoginWriter {
    /** The variable containers tools read the auth file location from. */
    public static final String AUTH_FILE_VARIABLE = "REGISTRY_AUTH_FILE";

    /** @param authFile the auth file to write (created 0600, directory 0700) */
    public ContainersAuthWriter(Path authFile) {
        this(authFile, null);
    }

    private ContainersAuthWriter(Path authFile, Path seedFrom) {
        super(authFile, AUTH_FILE_VARIABLE, seedFrom);
    }

    /**
     * @param authFile the isolated auth file to write (created 0600, directory 0700)
     * @param seedFrom the auth file the clients used so far (e.g. {@link #userAuthFile}), or null: on first use its
     *                 settings and other registries' entries are copied, never its {@code credsStore}; it is never
     *                 written
     * @return the writer
     */
    public static ContainersAuthWriter isolated(Path authFile, Path seedFrom) {
        return new ContainersAuthWriter(authFile, seedFrom);
    }

    /**
     * @param env the process environment
     * @return the auth file containers tools use by default: {@code $REGISTRY_AUTH_FILE}, else
     *         {@code $XDG_RUNTIME_DIR/containers/auth.json}, else
     *         {@code ${XDG_CONFIG_HOME:-~/.config}/containers/auth.json} (where containers/image also reads)
     */
    public static Path userAuthFile(Map<String, String> env) {
        return UserDirectories.configured(env, AUTH_FILE_VARIABLE)
                .or(() -> UserDirectories.configured(env, "XDG_RUNTIME_DIR").map(d -> d.resolve("containers/auth.json")))
                .orElseGet(() -> UserDirectories.configHome(env).resolve("containers/auth.json"));
    }

    @Override
    public String tool() {
        return "podman";
    }

    @Override
    public void login(RegistryCredential credential) throws IOException {
        seed();
        authFile.putCredential(credential, false);
    }
}
