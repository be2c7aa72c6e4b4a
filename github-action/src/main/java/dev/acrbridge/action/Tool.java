package dev.acrbridge.action;

import dev.acrbridge.auth.login.ContainersAuthWriter;
import dev.acrbridge.auth.login.DockerConfigWriter;
import dev.acrbridge.auth.login.HelmRegistryWriter;
import java.util.Optional;

/** The clients the {@code tools} input can configure, each with the variable that points it at its config. */
enum Tool {
    /** docker and buildx: {@code $DOCKER_CONFIG/config.json}. */
    DOCKER("docker", DockerConfigWriter.CONFIG_VARIABLE),
    /** podman, buildah and skopeo (containers/image): {@code REGISTRY_AUTH_FILE}. */
    PODMAN("podman", ContainersAuthWriter.AUTH_FILE_VARIABLE),
    /** helm 3.8+ OCI registries: {@code HELM_REGISTRY_CONFIG}. */
    HELM("helm", HelmRegistryWriter.CONFIG_VARIABLE);

    private final String value;
    private final String variable;

    Tool(String value, String variable) {
        this.value = value;
        this.variable = variable;
    }

    String value() {
        return value;
    }

    /** @return the environment variable exported for later steps */
    String variable() {
        return variable;
    }

    static Optional<Tool> parse(String text) {
        return InputWords.parse(values(), Tool::value, text);
    }

    static String allowed() {
        return InputWords.allowed(values(), Tool::value);
    }
}
