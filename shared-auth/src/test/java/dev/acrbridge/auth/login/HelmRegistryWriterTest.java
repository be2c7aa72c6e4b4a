package dev.acrbridge.auth.login;

import static dev.acrbridge.auth.login.LoginFixtures.decodeAuth;
import static dev.acrbridge.auth.login.LoginFixtures.mode;
import static dev.acrbridge.auth.login.LoginFixtures.read;
import static dev.acrbridge.auth.login.LoginFixtures.refreshToken;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /** A stand-in for helm (not installable here) that records argv, stdin and env and writes what helm writes. */
    private Path fakeHelm(int exitCode) throws IOException {
        return LoginFixtures.executable(tmp.resolve("bin/helm"), """
                #!/bin/sh
                printf '%%s\\n' "$@" > "%1$s/argv"
                cat > "%1$s/stdin"
                printf '%%s' "$HELM_REGISTRY_CONFIG" > "%1$s/env"
                if [ %2$d -ne 0 ]; then echo "Error: login failed for $(cat "%1$s/stdin")"; exit %2$d; fi
                auth=$(printf '%%s:%%s' "$4" "$(cat "%1$s/stdin")" | base64 -w0)
                printf '{"auths":{"%%s":{"auth":"%%s"}}}' "$3" "$auth" > "$HELM_REGISTRY_CONFIG"
                """.formatted(tmp, exitCode));
    }

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
    void withHelmTheSecretGoesOnStdinNeverOnTheCommandLine() throws IOException {
        Files.createDirectories(tmp.resolve("bin"));
        Path helm = fakeHelm(0);
        Path config = tmp.resolve("helm/registry/config.json");
        Path ca = tmp.resolve("ca.pem");
        HelmRegistryWriter writer = new HelmRegistryWriter(config, helm, ca, Duration.ofSeconds(10));
        writer.login(refreshToken("contoso.azurecr.io", SECRET));

        List<String> argv = Files.readAllLines(tmp.resolve("argv"));
        assertEquals(List.of("registry", "login", "contoso.azurecr.io", "--username", RegistryCredential.NULL_GUID,
                "--password-stdin", "--ca-file", ca.toString()), argv);
        assertEquals(SECRET + "\n", Files.readString(tmp.resolve("stdin")));
        assertEquals(config.toAbsolutePath().toString(), Files.readString(tmp.resolve("env")));
        assertTrue(writer.logout("contoso.azurecr.io"), "helm's own entry is recorded as ours");
        assertFalse(read(config).path("auths").has("contoso.azurecr.io"));
    }

    @Test
    void aFailingHelmIsReportedWithTheSecretMasked() throws IOException {
        Files.createDirectories(tmp.resolve("bin"));
        Path helm = fakeHelm(1);
        HelmRegistryWriter writer = new HelmRegistryWriter(tmp.resolve("c.json"), helm, null, Duration.ofSeconds(10));
        ClientLoginException e = assertThrows(ClientLoginException.class,
                () -> writer.login(refreshToken("contoso.azurecr.io", SECRET)));
        assertTrue(e.getMessage().contains("helm registry login contoso.azurecr.io failed (exit 1)"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void aHangingHelmIsStoppedByTheTimeout() throws IOException {
        Path helm = LoginFixtures.executable(Files.createDirectories(tmp.resolve("bin")).resolve("helm"),
                "#!/bin/sh\nexec sleep 30\n");
        HelmRegistryWriter writer = new HelmRegistryWriter(tmp.resolve("c.json"), helm, null, Duration.ofMillis(500));
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> writer.login(refreshToken("contoso.azurecr.io", SECRET)));
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
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

    @Test
    void findsHelmOnlyWhereItIs() throws IOException {
        Files.createDirectories(tmp.resolve("bin"));
        Path helm = fakeHelm(0);
        assertEquals(helm, ClientCommand.findOnPath("helm", "/nonexistent:" + tmp.resolve("bin")).orElseThrow());
        assertTrue(ClientCommand.findOnPath("helm", tmp.resolve("nothing").toString()).isEmpty());
    }
}
