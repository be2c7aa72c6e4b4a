package dev.acrbridge.cli;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.login.ClientCommand;
import dev.acrbridge.auth.login.ContainersAuthWriter;
import dev.acrbridge.auth.login.DockerConfigWriter;
import dev.acrbridge.auth.login.HelmRegistryWriter;
import dev.acrbridge.auth.login.RegistryLoginWriter;
import dev.acrbridge.auth.login.UserDirectories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** Which clients to log in and where their configuration goes (shared by {@code login} and {@code logout}). */
public final class ClientTargets {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--tool", split = ",", paramLabel = "TOOL", defaultValue = "docker,podman,helm",
            description = "clients to log in: docker, podman (also buildah, skopeo), helm; comma-separated "
                    + "(default: ${DEFAULT-VALUE})")
    List<String> tools = new ArrayList<>();
    @Option(names = "--isolated", description = "log docker in through a private DOCKER_CONFIG (default "
            + "$${XDG_CONFIG_HOME:-~/.config}/acr-login/docker, seeded from your own, no keychain) that only shells "
            + "exporting the printed DOCKER_CONFIG use, instead of your own docker config")
    boolean isolated;
    @Option(names = "--docker-config", paramLabel = "DIR", description = "the isolated docker config directory to "
            + "write (implies --isolated)")
    Path dockerConfig;
    @Option(names = "--auth-file", paramLabel = "FILE", description = "containers auth file (default "
            + "$REGISTRY_AUTH_FILE, else $XDG_RUNTIME_DIR/containers/auth.json)")
    Path authFile;
    @Option(names = "--helm-config", paramLabel = "FILE", description = "helm registry config (default "
            + "$HELM_REGISTRY_CONFIG, else ~/.config/helm/registry/config.json)")
    Path helmConfig;
    @Option(names = "--docker-login", description = "log docker in with 'docker login --password-stdin' instead of "
            + "writing config.json directly")
    boolean dockerLogin;

    /**
     * @param env    the environment (defaults, PATH)
     * @param caFile CA bundle helm must trust, or null
     * @return one writer per selected tool
     */
    List<RegistryLoginWriter> writers(Map<String, String> env, Path caFile) {
        List<RegistryLoginWriter> writers = new ArrayList<>();
        for (String tool : selectedTools()) {
            switch (tool) {
                case "docker":
                    // like docker login: the user's own config, so docker in this shell just works; --isolated for CI
                    DockerConfigWriter docker = isolated || dockerConfig != null
                            ? DockerConfigWriter.isolated(dockerDir(env), DockerConfigWriter.userConfigDir(env))
                            : DockerConfigWriter.user(DockerConfigWriter.userConfigDir(env), env.get("PATH"));
                    if (dockerLogin) {
                        Path binary = ClientCommand.findOnPath("docker", env.get("PATH")).orElseThrow(() ->
                                new InvalidConfigurationException("--docker-login", "no docker on PATH",
                                        "install the docker CLI or drop --docker-login"));
                        docker = docker.withDockerLogin(binary, CLIENT_TIMEOUT);
                    }
                    writers.add(docker);
                    break;
                case "podman":
                    writers.add(new ContainersAuthWriter(authFile != null ? authFile
                            : ContainersAuthWriter.userAuthFile(env)));
                    break;
                default:
                    writers.add(new HelmRegistryWriter(helmConfig != null ? helmConfig
                            : HelmRegistryWriter.defaultRegistryConfig(env),
                            ClientCommand.findOnPath("helm", env.get("PATH")).orElse(null), caFile, CLIENT_TIMEOUT));
            }
        }
        return writers;
    }

    /** @return the tool names, validated, in order, without repeats */
    Set<String> selectedTools() {
        Set<String> out = new LinkedHashSet<>();
        for (String t : tools) {
            String tool = t.trim().toLowerCase(Locale.ROOT);
            switch (tool) {
                case "docker": case "helm": case "podman":
                    out.add(tool);
                    break;
                case "buildah": case "skopeo": case "containers":
                    out.add("podman");
                    break;
                default:
                    throw new InvalidConfigurationException("--tool", "unknown tool '" + t + "'",
                            "use docker, podman, buildah, skopeo or helm, comma-separated");
            }
        }
        return out;
    }

    private Path dockerDir(Map<String, String> env) {
        if (dockerConfig != null) {
            return dockerConfig;
        }
        return UserDirectories.configHome(env).resolve("acr-login").resolve("docker");
    }
}
