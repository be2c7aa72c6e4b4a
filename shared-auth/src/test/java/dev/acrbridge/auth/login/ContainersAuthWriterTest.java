package dev.acrbridge.auth.login;

import static dev.acrbridge.auth.login.LoginFixtures.decodeAuth;
import static dev.acrbridge.auth.login.LoginFixtures.mode;
import static dev.acrbridge.auth.login.LoginFixtures.read;
import static dev.acrbridge.auth.login.LoginFixtures.refreshToken;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.testsvc.ClientProcesses;
import dev.acrbridge.testsvc.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth file is read back by the real clients ({@code --get-login} reads it without a registry). */
class ContainersAuthWriterTest {
    @TempDir
    Path tmp;

    private static String run(List<String> command) throws IOException {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, Executables.find(command.get(0), "apt-get install " + command.get(0)));
        ClientProcesses.Result r = ClientProcesses.run(resolved, System.getenv(), null, null, Duration.ofSeconds(30));
        return r.exitCode() + ":" + r.both();
    }

    @Test
    void skopeoAndPodmanReadTheLoginFromOurAuthFile() throws Exception {
        Path file = tmp.resolve("containers/auth.json");
        ContainersAuthWriter writer = new ContainersAuthWriter(file);
        writer.login(refreshToken("contoso.azurecr.io", "rt-1"));
        assertEquals("rw-------", mode(file));

        String expected = "0:" + RegistryCredential.NULL_GUID;
        assertEquals(expected, run(List.of("skopeo", "login", "--get-login", "--authfile", file.toString(),
                "contoso.azurecr.io")));
        assertEquals(expected, run(List.of("podman", "login", "--get-login", "--authfile", file.toString(),
                "contoso.azurecr.io")));

        assertTrue(writer.logout("contoso.azurecr.io"));
        assertNotEquals(expected, run(List.of("skopeo", "login", "--get-login", "--authfile", file.toString(),
                "contoso.azurecr.io")));
    }

    @Test
    void isolatedFileStartsFromTheUsersLoginsWithoutTheKeychainAndNeverWritesTheUsersFile() throws Exception {
        Path user = tmp.resolve("user/auth.json");
        Files.createDirectories(user.getParent());
        // "other" is user:other; contoso is routed to a keychain helper that would shadow our entry
        Files.writeString(user, """
                {"auths":{"other.example.com":{"auth":"dXNlcjpvdGhlcg=="}},
                 "credHelpers":{"helped.example.com":"pass","contoso.azurecr.io":"secretservice"},
                 "credsStore":"desktop"}
                """);
        byte[] before = Files.readAllBytes(user);
        Path file = tmp.resolve("job/containers/auth.json");
        ContainersAuthWriter writer = ContainersAuthWriter.isolated(file, user);
        assertFalse(Files.exists(file), "nothing is written before the first login");

        writer.login(refreshToken("contoso.azurecr.io", "rt-1"));

        JsonNode config = read(file);
        assertEquals("user:other", decodeAuth(config.path("auths").path("other.example.com")));
        assertEquals("pass", config.path("credHelpers").path("helped.example.com").asText());
        assertFalse(config.path("credHelpers").has("contoso.azurecr.io"));
        assertFalse(config.has("credsStore"));
        assertEquals("rw-------", mode(file));
        assertArrayEquals(before, Files.readAllBytes(user));
        assertEquals(Map.of("REGISTRY_AUTH_FILE", file.toAbsolutePath().toString()), writer.environment());
        // the real clients read both the copied login and ours from the isolated file
        assertEquals("0:user", run(List.of("skopeo", "login", "--get-login", "--authfile", file.toString(),
                "other.example.com")));
        assertEquals("0:" + RegistryCredential.NULL_GUID, run(List.of("podman", "login", "--get-login",
                "--authfile", file.toString(), "contoso.azurecr.io")));

        // the copy is made once: a later login keeps the isolated file's own state
        writer.login(refreshToken("second.azurecr.io", "rt-2"));
        assertTrue(read(file).path("auths").has("contoso.azurecr.io"));
        assertTrue(writer.logout("contoso.azurecr.io"));
        assertEquals("secretservice", read(file).path("credHelpers").path("contoso.azurecr.io").asText());
        assertArrayEquals(before, Files.readAllBytes(user));
    }

    @Test
    void aSeedThatIsNotJsonFailsNamingTheFileAndWritesNothing() throws IOException {
        Path user = tmp.resolve("user/auth.json");
        Files.createDirectories(user.getParent());
        Files.writeString(user, "{\"auths\": broken-secret-value");
        Path file = tmp.resolve("job/containers/auth.json");

        IOException e = assertThrows(IOException.class, () -> ContainersAuthWriter.isolated(file, user)
                .login(refreshToken("contoso.azurecr.io", "rt-1")));
        assertTrue(e.getMessage().contains(user.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("broken-secret-value"), e.getMessage());
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(file.getParent()) && LoginFixtures.tempFiles(file.getParent()) > 0);
    }

    @Test
    void aMissingSeedOrTheFileItselfAsSeedIsFine() throws IOException {
        Path file = tmp.resolve("job/containers/auth.json");
        ContainersAuthWriter.isolated(file, tmp.resolve("absent.json")).login(refreshToken("a.azurecr.io", "rt-1"));
        // an earlier run of the same job already points the clients at the isolated file
        ContainersAuthWriter.isolated(file, file).login(refreshToken("b.azurecr.io", "rt-2"));
        JsonNode auths = read(file).path("auths");
        assertEquals(2, auths.size());
        assertTrue(auths.has("a.azurecr.io") && auths.has("b.azurecr.io"));
    }

    @Test
    void userAuthFileFollowsContainersImageRules() {
        assertEquals(Path.of("/a/auth.json"), ContainersAuthWriter.userAuthFile(
                Map.of("REGISTRY_AUTH_FILE", "/a/auth.json", "XDG_RUNTIME_DIR", "/run/user/1000", "HOME", "/h")));
        assertEquals(Path.of("/run/user/1000/containers/auth.json"), ContainersAuthWriter.userAuthFile(
                Map.of("REGISTRY_AUTH_FILE", " ", "XDG_RUNTIME_DIR", "/run/user/1000", "HOME", "/h")));
        assertEquals(Path.of("/x/containers/auth.json"), ContainersAuthWriter.userAuthFile(
                Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h")));
        assertEquals(Path.of("/h/.config/containers/auth.json"), ContainersAuthWriter.userAuthFile(Map.of("HOME", "/h")));
        assertEquals(Path.of("/h/.docker"), DockerConfigWriter.userConfigDir(Map.of("HOME", "/h")));
        assertEquals(Path.of("/d"), DockerConfigWriter.userConfigDir(Map.of("DOCKER_CONFIG", "/d", "HOME", "/h")));
    }
}
