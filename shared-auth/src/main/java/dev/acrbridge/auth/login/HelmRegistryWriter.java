package dev.acrbridge.auth.login;

import dev.acrbridge.auth.files.PrivateFiles;
import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Logs helm (3.8+, OCI registries) in: with {@code helm registry login HOST -u USER --password-stdin} where a helm
 * binary is given, else by writing helm's registry config ({@code HELM_REGISTRY_CONFIG}, docker-format {@code auths}).
 * An {@linkplain #isolated isolated} config starts as a copy of the one helm used so far.
 */
public final class HelmRegistryWriter extends AuthFileLoginWriter {
    /** The variable helm reads its registry config location from. */
    public static final String CONFIG_VARIABLE = "HELM_REGISTRY_CONFIG";
    private final Path helmBinary;
    private final Path caFile;
    private final Duration timeout;

    /**
     * @param registryConfig helm's registry config file to write
     * @param helmBinary     the helm CLI, or null to write the file directly
     * @param caFile         a PEM CA bundle helm must trust for the registry, or null
     * @param timeout        how long one {@code helm registry login} may take
     */
    public HelmRegistryWriter(Path registryConfig, Path helmBinary, Path caFile, Duration timeout) {
        this(registryConfig, null, helmBinary, caFile, timeout);
    }

    private HelmRegistryWriter(Path registryConfig, Path seedFrom, Path helmBinary, Path caFile, Duration timeout) {
        super(registryConfig, CONFIG_VARIABLE, seedFrom);
        this.helmBinary = helmBinary;
        this.caFile = caFile;
        this.timeout = timeout;
    }

    /**
     * @param registryConfig the isolated registry config to write
     * @param seedFrom       the config helm used so far (e.g. {@link #defaultRegistryConfig}), or null: on first use
     *                       its other registries' entries are copied, never its {@code credsStore}; it is never
     *                       written
     * @param helmBinary     the helm CLI, or null to write the file directly
     * @param caFile         a PEM CA bundle helm must trust for the registry, or null
     * @param timeout        how long one {@code helm registry login} may take
     * @return the writer
     */
    public static HelmRegistryWriter isolated(Path registryConfig, Path seedFrom, Path helmBinary, Path caFile,
                                              Duration timeout) {
        return new HelmRegistryWriter(registryConfig, seedFrom, helmBinary, caFile, timeout);
    }

    /**
     * @param env the process environment
     * @return helm's default registry config: {@code $HELM_REGISTRY_CONFIG}, else
     *         {@code ${XDG_CONFIG_HOME:-~/.config}/helm/registry/config.json}
     */
    public static Path defaultRegistryConfig(Map<String, String> env) {
        return UserDirectories.configured(env, CONFIG_VARIABLE)
                .orElseGet(() -> UserDirectories.configHome(env).resolve("helm/registry/config.json"));
    }

    @Override
    public String tool() {
        return "helm";
    }

    @Override
    public void login(RegistryCredential credential) throws IOException {
        seed();
        if (helmBinary == null) {
            authFile.putCredential(credential, false);
            return;
        }
        String host = AuthFile.hostKey(credential.loginServer());
        authFile.setAside(host, false);
        PrivateFiles.createPrivateDirectories(authFile.path().getParent());
        List<String> command = new ArrayList<>(List.of(helmBinary.toString(), "registry", "login", host,
                "--username", credential.username(), "--password-stdin"));
        if (caFile != null) {
            command.addAll(List.of("--ca-file", caFile.toString()));
        }
        ClientCommand.Result result = new ClientCommand(command,
                Map.of(CONFIG_VARIABLE, authFile.path().toString()), timeout).run(credential.password());
        if (result.exitCode() != 0) {
            throw new ClientLoginException("helm registry login " + host + " failed (exit " + result.exitCode()
                    + "): " + result.output().strip(), "check that helm (3.8 or later) can reach " + host);
        }
        if (!authFile.adoptEntry(host)) {
            throw new ClientLoginException("helm registry login " + host + " succeeded but wrote no entry to "
                    + authFile.path(), "check that this helm honours " + CONFIG_VARIABLE);
        }
    }
}
