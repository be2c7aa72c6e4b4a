package dev.acrbridge.auth.login;

import static dev.acrbridge.auth.login.LoginFixtures.decodeAuth;
import static dev.acrbridge.auth.login.LoginFixtures.mode;
import static dev.acrbridge.auth.login.LoginFixtures.read;
import static dev.acrbridge.auth.login.LoginFixtures.refreshToken;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigWriterTest {
    @TempDir
    Path tmp;

    @Test
    void isolatedConfigKeepsTheUsersSettingsButNoKeychainAndNeverWritesTheUsersDirectory() throws IOException {
        Path user = tmp.resolve("home/.docker");
        Files.createDirectories(user.resolve("cli-plugins"));
        Files.createDirectories(user.resolve("contexts/meta"));
        Files.writeString(user.resolve("config.json"), """
                {"auths":{"other.example":{"auth":"b3RoZXI6cHc="},"contoso.azurecr.io":{}},
                 "credsStore":"secretservice",
                 "credHelpers":{"contoso.azurecr.io":"acr-env","gcr.io":"gcloud"},
                 "proxies":{"default":{"httpsProxy":"http://proxy:3128"}},
                 "currentContext":"ci"}""");
        byte[] userBefore = Files.readAllBytes(user.resolve("config.json"));
        Path isolated = tmp.resolve("job/docker");

        DockerConfigWriter writer = DockerConfigWriter.isolated(isolated, user);
        writer.login(refreshToken("contoso.azurecr.io", "rt-1"));

        JsonNode config = read(isolated.resolve("config.json"));
        assertTrue(decodeAuth(config.path("auths").path("contoso.azurecr.io")).endsWith(":rt-1"));
        assertEquals("b3RoZXI6cHc=", config.path("auths").path("other.example").path("auth").asText());
        assertFalse(config.has("credsStore"));
        assertFalse(config.path("credHelpers").has("contoso.azurecr.io"));
        assertEquals("gcloud", config.path("credHelpers").path("gcr.io").asText());
        assertEquals("http://proxy:3128", config.path("proxies").path("default").path("httpsProxy").asText());
        assertEquals(user.resolve("cli-plugins").toAbsolutePath().toString(),
                config.path("cliPluginsExtraDirs").path(0).asText(), "buildx and other plugins stay visible");
        assertTrue(Files.isSymbolicLink(isolated.resolve("contexts")), "currentContext still resolves");
        assertEquals("rw-------", mode(isolated.resolve("config.json")));
        assertEquals("rwx------", mode(isolated));
        assertEquals(Map.of("DOCKER_CONFIG", isolated.toAbsolutePath().toString()), writer.environment());
        assertArrayEquals(userBefore, Files.readAllBytes(user.resolve("config.json")), "user config untouched");

        assertTrue(writer.logout("contoso.azurecr.io"));
        JsonNode after = read(isolated.resolve("config.json"));
        assertFalse(after.path("auths").path("contoso.azurecr.io").has("auth"));
        assertEquals("acr-env", after.path("credHelpers").path("contoso.azurecr.io").asText());
    }

    @Test
    void aSecondLoginDoesNotReseedAndKeepsTheFirstRegistry() throws IOException {
        Path user = tmp.resolve("user");
        Files.createDirectories(user);
        Files.writeString(user.resolve("config.json"), "{\"proxies\":{}}");
        DockerConfigWriter writer = DockerConfigWriter.isolated(tmp.resolve("iso"), user);
        writer.login(refreshToken("a.azurecr.io", "rt-a"));
        Files.writeString(user.resolve("config.json"), "{\"auths\":{\"late.example\":{}}}");
        writer.login(refreshToken("b.azurecr.io", "rt-b"));

        JsonNode config = read(tmp.resolve("iso/config.json"));
        assertEquals(2, config.path("auths").size());
        assertFalse(config.path("auths").has("late.example"));
    }

    @Test
    void noUserConfigIsFine() throws IOException {
        DockerConfigWriter writer = DockerConfigWriter.isolated(tmp.resolve("iso"), tmp.resolve("missing"));
        writer.useCredentialHelper("contoso.azurecr.io", "acr-login");
        assertEquals("acr-login", read(tmp.resolve("iso/config.json")).path("credHelpers")
                .path("contoso.azurecr.io").asText());
    }

    @Test
    void userConfigDirFollowsDockerConfigThenHome() {
        assertEquals(Path.of("/x/d"), DockerConfigWriter.userConfigDir(Map.of("DOCKER_CONFIG", "/x/d", "HOME", "/h")));
        assertEquals(Path.of("/h/.docker"), DockerConfigWriter.userConfigDir(Map.of("HOME", "/h")));
    }

    @Test
    void aFailingDockerLoginIsReportedWithoutTheSecretAndRecordsNothing() throws IOException {
        Path docker = ClientCommand.findOnPath("docker", System.getenv("PATH")).orElseThrow(() ->
                new AssertionError("the docker CLI is required for this test (apt-get install docker.io)"));
        Path user = Files.createDirectories(tmp.resolve("user"));
        Files.writeString(user.resolve("config.json"), "{\"credsStore\":\"secretservice\"}");
        Path isolated = tmp.resolve("iso");
        DockerConfigWriter writer = DockerConfigWriter.isolated(isolated, user)
                .withDockerLogin(docker, java.time.Duration.ofSeconds(60));
        String secret = "rt-" + java.util.UUID.randomUUID();

        // nothing listens on port 1: the real docker CLI fails to log in
        ClientLoginException e = org.junit.jupiter.api.Assertions.assertThrows(ClientLoginException.class,
                () -> writer.login(refreshToken("127.0.0.1:1", secret)));
        assertTrue(e.getMessage().startsWith("docker login 127.0.0.1:1 failed (exit 1)"), e.getMessage());
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        JsonNode config = read(isolated.resolve("config.json"));
        assertFalse(config.has("credsStore"), "docker login must not write through an OS keychain");
        assertFalse(config.path("auths").has("127.0.0.1:1"));
        assertFalse(new AuthFile(isolated.resolve("config.json")).ourHosts().contains("127.0.0.1:1"));

        writer.logout("127.0.0.1:1");
        assertEquals("secretservice", read(isolated.resolve("config.json")).path("credsStore").asText(),
                "what login set aside is back");
    }

    /** A docker credential helper that keeps what it is given in a file next to it, as the keychain helpers do. */
    private static Path keychainHelper(Path bin, String name) throws IOException {
        Files.createDirectories(bin);
        Path helper = bin.resolve("docker-credential-" + name);
        Files.writeString(helper, """
                #!/bin/sh
                store=$(dirname "$0")/keychain-$1
                case $1 in
                  store) cat > "$store" ;;
                  erase) cat > "$store" ;;
                  *) echo "unsupported $1"; exit 1 ;;
                esac
                """);
        Files.setPosixFilePermissions(helper, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return helper;
    }

    @Test
    void theUsersOwnConfigGetsTheLoginLikeDockerLoginAndLogoutTakesOnlyOursAway() throws IOException {
        Path user = tmp.resolve("home/.docker");
        Files.createDirectories(user);
        Files.writeString(user.resolve("config.json"), """
                {"auths":{"other.example":{"auth":"b3RoZXI6cHc="}},
                 "credHelpers":{"contoso.azurecr.io":"acr-env"},"currentContext":"ci"}""");
        DockerConfigWriter writer = DockerConfigWriter.user(user, "");

        writer.login(refreshToken("contoso.azurecr.io", "rt-1"));
        JsonNode config = read(user.resolve("config.json"));
        assertTrue(decodeAuth(config.path("auths").path("contoso.azurecr.io")).endsWith(":rt-1"));
        assertFalse(config.path("credHelpers").has("contoso.azurecr.io"), "a helper entry would win over ours");
        assertEquals("ci", config.path("currentContext").asText());
        assertEquals(Map.of("DOCKER_CONFIG", user.toAbsolutePath().toString()), writer.environment());

        assertTrue(writer.logout("contoso.azurecr.io"));
        JsonNode after = read(user.resolve("config.json"));
        assertFalse(after.path("auths").has("contoso.azurecr.io"));
        assertEquals("b3RoZXI6cHc=", after.path("auths").path("other.example").path("auth").asText());
        assertEquals("acr-env", after.path("credHelpers").path("contoso.azurecr.io").asText(), "restored");
    }

    @Test
    void aCredsStoreInTheUsersConfigGetsTheLoginThroughItsHelperAndTheFileNoToken() throws IOException {
        Path user = tmp.resolve("home/.docker");
        Files.createDirectories(user);
        Files.writeString(user.resolve("config.json"), "{\"credsStore\":\"fakechain\"}");
        Path bin = tmp.resolve("bin");
        keychainHelper(bin, "fakechain");
        DockerConfigWriter writer = DockerConfigWriter.user(user, bin.toString());

        writer.login(refreshToken("contoso.azurecr.io", "rt-in-keychain"));
        JsonNode stored = read(bin.resolve("keychain-store"));
        assertEquals("contoso.azurecr.io", stored.path("ServerURL").asText());
        assertEquals("00000000-0000-0000-0000-000000000000", stored.path("Username").asText());
        assertEquals("rt-in-keychain", stored.path("Secret").asText());
        JsonNode config = read(user.resolve("config.json"));
        assertEquals("fakechain", config.path("credsStore").asText(), "the user's keychain stays in charge");
        assertFalse(Files.readString(user.resolve("config.json")).contains("rt-in-keychain"), "no token in the file");

        assertTrue(writer.logout("contoso.azurecr.io"));
        assertEquals("contoso.azurecr.io", Files.readString(bin.resolve("keychain-erase")).strip());
        assertFalse(writer.logout("contoso.azurecr.io"), "nothing of ours left to erase");
    }

    @Test
    void aCredsStoreWhoseHelperIsMissingFailsNamingItAndIsolatedMode() throws IOException {
        Path user = tmp.resolve("home/.docker");
        Files.createDirectories(user);
        Files.writeString(user.resolve("config.json"), "{\"credsStore\":\"nosuchchain\"}");
        byte[] before = Files.readAllBytes(user.resolve("config.json"));
        ClientLoginException e = org.junit.jupiter.api.Assertions.assertThrows(ClientLoginException.class,
                () -> DockerConfigWriter.user(user, tmp.resolve("empty").toString())
                        .login(refreshToken("contoso.azurecr.io", "rt")));
        assertTrue(e.getMessage().contains("docker-credential-nosuchchain is not on PATH"), e.getMessage());
        assertTrue(e.getMessage().contains("--isolated"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(user.resolve("config.json")));
    }
}
