package dev.acrbridge.auth.login;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The layout of one private directory holding every client's configuration for a GitHub job or a Jenkins block:
 * {@code docker/} ({@code DOCKER_CONFIG}), {@code containers/auth.json} ({@code REGISTRY_AUTH_FILE}) and
 * {@code helm/registry/config.json} ({@code HELM_REGISTRY_CONFIG}). Each file is seeded on first use from what the
 * client read so far, so other registries' logins survive; the user's own files are never written.
 *
 * @param root the private (0700) directory
 */
public record IsolatedClientDirectory(Path root) {
    /** The clients a directory configures, by the name every face uses for them. */
    public static final List<String> TOOLS = List.of("docker", "podman", "helm");

    /** @return docker's {@code DOCKER_CONFIG} directory */
    public Path dockerConfigDir() {
        return root.resolve("docker");
    }

    /** @return the containers auth file ({@code REGISTRY_AUTH_FILE}) */
    public Path containersAuthFile() {
        return root.resolve("containers").resolve("auth.json");
    }

    /** @return helm's registry config ({@code HELM_REGISTRY_CONFIG}) */
    public Path helmRegistryConfig() {
        return root.resolve("helm").resolve("registry").resolve("config.json");
    }

    /**
     * @param tool docker, podman or helm
     * @param env  the variables the client would read without us ({@code DOCKER_CONFIG}, {@code HOME}, ...): where
     *             its configuration so far is, to seed from
     * @return the writer of that client's file in this directory
     */
    public RegistryLoginWriter writer(String tool, Map<String, String> env) {
        switch (tool) {
            case "docker":
                return DockerConfigWriter.isolated(dockerConfigDir(), DockerConfigWriter.userConfigDir(env));
            case "podman":
                return ContainersAuthWriter.isolated(containersAuthFile(), ContainersAuthWriter.userAuthFile(env));
            case "helm":
                return HelmRegistryWriter.isolated(helmRegistryConfig(), HelmRegistryWriter.defaultRegistryConfig(env),
                        null, null, null);
            default:
                throw new IllegalArgumentException("unknown client '" + tool + "'; allowed: " + String.join(", ", TOOLS));
        }
    }
}
