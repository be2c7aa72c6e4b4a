package dev.acrbridge.auth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IsolatedClientDirectoryTest {
    private final IsolatedClientDirectory dir = new IsolatedClientDirectory(Path.of("/job/acr-login-1"));

    @Test
    void everyClientWritesInsideTheDirectoryAndPointsItsVariableThere() {
        Map<String, String> env = Map.of("HOME", "/home/u");
        RegistryLoginWriter docker = dir.writer("docker", env);
        RegistryLoginWriter podman = dir.writer("podman", env);
        RegistryLoginWriter helm = dir.writer("helm", env);
        assertEquals(Map.of("DOCKER_CONFIG", "/job/acr-login-1/docker"), docker.environment());
        assertEquals(Map.of("REGISTRY_AUTH_FILE", "/job/acr-login-1/containers/auth.json"), podman.environment());
        assertEquals(Map.of("HELM_REGISTRY_CONFIG", "/job/acr-login-1/helm/registry/config.json"), helm.environment());
        assertEquals(dir.containersAuthFile(), podman.location());
        assertEquals(dir.helmRegistryConfig(), helm.location());
    }

    @Test
    void anUnknownClientIsRefusedWithTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dir.writer("nerdctl", Map.of()));
        assertTrue(e.getMessage().contains("'nerdctl'; allowed: docker, podman, helm"), e.getMessage());
    }
}
