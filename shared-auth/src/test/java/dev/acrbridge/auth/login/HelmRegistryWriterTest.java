package dev.acrbridge.auth.login;

import static dev.acrbridge.auth.login.LoginFixtures.decodeAuth;
import static dev.acrbridge.auth.login.LoginFixtures.mode;
import static dev.acrbridge.auth.login.LoginFixtures.read;
import static dev.acrbridge.auth.login.LoginFixtures.refreshToken;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelmRegistryWriterTest {
    private static final String SECRET = "rt-helm-secret-value";
    @TempDir
    Path tmp;

    @Test
    void withoutHelmItWritesHelmsRegistryConfig() throws IOException {
        Path config = tmp.resolve("helm/registry/config.json");
        HelmRegistryWriter writer = new HelmRegistryWriter(config, null, null, Duration.ofSeconds(10));
        writer.login(refreshToken("contoso.azurecr.io", SECRET));

        assertEquals(RegistryCredential.NULL_GUID + ":" + SECRET,
                decodeAuth(read(config).path("auths").path("contoso.azurecr.io")));
        assertEquals("rw-------", mode(config));
        assertEquals(Map.of("HELM_REGISTRY_CONFIG", config.toAbsolutePath().toString()), writer.environment());
        assertTrue(writer.logout("contoso.azurecr.io"));
        assertTrue(read(config).path("auths").isEmpty());
    }

    @Test
    void isolatedConfigStartsFromHelmsOwnConfigAndNeverWritesIt() throws IOException {
        Path user = tmp.resolve("home/.config/helm/registry/config.json");
        Files.createDirectories(user.getParent());
        Files.writeString(user, "{\"auths\":{\"charts.example.com\":{\"auth\":\"dXNlcjpvdGhlcg==\"}},"
                + "\"credsStore\":\"desktop\"}");
        byte[] before = Files.readAllBytes(user);
        Path config = tmp.resolve("job/helm/registry/config.json");
        HelmRegistryWriter writer = HelmRegistryWriter.isolated(config, user, null, null, Duration.ofSeconds(10));

        writer.login(refreshToken("contoso.azurecr.io", SECRET));

        assertEquals("user:other", decodeAuth(read(config).path("auths").path("charts.example.com")));
        assertEquals(RegistryCredential.NULL_GUID + ":" + SECRET,
                decodeAuth(read(config).path("auths").path("contoso.azurecr.io")));
        assertFalse(read(config).has("credsStore"));
        assertEquals("rw-------", mode(config));
        assertTrue(writer.logout("contoso.azurecr.io"));
        assertEquals(List.of("charts.example.com"), iterable(read(config).path("auths").fieldNames()));
        assertArrayEquals(before, Files.readAllBytes(user));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void defaultConfigFollowsHelmsRules() {
        assertEquals(Path.of("/c/h.json"), HelmRegistryWriter.defaultRegistryConfig(
                Map.of("HELM_REGISTRY_CONFIG", "/c/h.json", "HOME", "/h")));
        assertEquals(Path.of("/x/helm/registry/config.json"), HelmRegistryWriter.defaultRegistryConfig(
                Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h")));
        assertEquals(Path.of("/h/.config/helm/registry/config.json"),
                HelmRegistryWriter.defaultRegistryConfig(Map.of("HOME", "/h")));
    }
}
