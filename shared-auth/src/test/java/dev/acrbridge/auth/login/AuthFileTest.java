package dev.acrbridge.auth.login;

import static dev.acrbridge.auth.login.LoginFixtures.decodeAuth;
import static dev.acrbridge.auth.login.LoginFixtures.mode;
import static dev.acrbridge.auth.login.LoginFixtures.read;
import static dev.acrbridge.auth.login.LoginFixtures.refreshToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFileTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheAuthFormOwnerOnlyInNewOwnerOnlyDirectories() throws IOException {
        Path file = tmp.resolve("a/b/auth.json");
        new AuthFile(file).putCredential(refreshToken("Contoso.AzureCR.io", "rt-1"), false);

        JsonNode entry = read(file).path("auths").path("contoso.azurecr.io");
        assertEquals(RegistryCredential.NULL_GUID + ":rt-1", decodeAuth(entry));
        assertEquals("rw-------", mode(file));
        assertEquals("rwx------", mode(tmp.resolve("a")));
        assertEquals("rwx------", mode(tmp.resolve("a/b")));
        assertEquals(0, LoginFixtures.tempFiles(file.getParent()));
    }

    @Test
    void keepsOtherSettingsAndRestoresWhatItSetAsideOnLogout() throws IOException {
        Path file = tmp.resolve("config.json");
        String original = """
                {"auths":{"other.example":{"auth":"b3RoZXI6cHc="}},
                 "credsStore":"desktop",
                 "credHelpers":{"contoso.azurecr.io":"acr-env","gcr.io":"gcloud"},
                 "proxies":{"default":{"httpProxy":"http://proxy:3128"}}}""";
        Files.writeString(file, original);
        AuthFile auth = new AuthFile(file);

        auth.putCredential(refreshToken("contoso.azurecr.io", "rt-1"), true);
        JsonNode during = read(file);
        assertFalse(during.has("credsStore"), "credsStore would make docker ignore auths");
        assertFalse(during.path("credHelpers").has("contoso.azurecr.io"), "a helper for our host wins over auths");
        assertEquals("gcloud", during.path("credHelpers").path("gcr.io").asText());
        assertEquals("http://proxy:3128", during.path("proxies").path("default").path("httpProxy").asText());
        assertEquals("b3RoZXI6cHc=", during.path("auths").path("other.example").path("auth").asText());

        assertTrue(auth.remove("contoso.azurecr.io"));
        assertEquals(LoginFixtures.JSON.readTree(original), read(file));
        assertFalse(Files.exists(tmp.resolve(".config.json.acr-login")), "empty record removed");
    }

    @Test
    void logoutKeepsAnEntryTheUserReplacedAfterUs() throws IOException {
        Path file = tmp.resolve("auth.json");
        AuthFile auth = new AuthFile(file);
        auth.putCredential(refreshToken("contoso.azurecr.io", "rt-1"), false);
        // the user logs in by hand afterwards: that entry is theirs
        Files.writeString(file, "{\"auths\":{\"contoso.azurecr.io\":{\"auth\":\"dXNlcjpwYXNz\"}}}");

        assertFalse(auth.remove("contoso.azurecr.io"));
        assertEquals("dXNlcjpwYXNz", read(file).path("auths").path("contoso.azurecr.io").path("auth").asText());
    }

    @Test
    void aRefreshReplacesOurEntryAndLogoutStillRemovesIt() throws IOException {
        Path file = tmp.resolve("auth.json");
        AuthFile auth = new AuthFile(file);
        auth.putCredential(refreshToken("contoso.azurecr.io", "rt-1"), false);
        auth.putCredential(refreshToken("contoso.azurecr.io", "rt-2"), false);
        assertTrue(decodeAuth(read(file).path("auths").path("contoso.azurecr.io")).endsWith(":rt-2"));
        assertEquals(java.util.Set.of("contoso.azurecr.io"), auth.ourHosts());

        assertTrue(auth.remove("contoso.azurecr.io"));
        assertTrue(read(file).path("auths").isEmpty());
    }

    @Test
    void credentialHelperRoutingIsRecordedAndUndone() throws IOException {
        Path file = tmp.resolve("auth.json");
        Files.writeString(file, "{\"auths\":{\"contoso.azurecr.io\":{\"auth\":\"dXNlcjpwYXNz\"}}}");
        AuthFile auth = new AuthFile(file);

        auth.putCredentialHelper("contoso.azurecr.io", "acr-login");
        assertEquals("acr-login", read(file).path("credHelpers").path("contoso.azurecr.io").asText());
        assertFalse(read(file).path("auths").has("contoso.azurecr.io"));

        assertTrue(auth.remove("contoso.azurecr.io"));
        assertFalse(read(file).path("credHelpers").has("contoso.azurecr.io"));
        assertEquals("dXNlcjpwYXNz", read(file).path("auths").path("contoso.azurecr.io").path("auth").asText());
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing() throws IOException {
        Path file = tmp.resolve("auth.json");
        AuthFile auth = new AuthFile(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> auth.putCredential(refreshToken("contoso.azurecr.io/evil path", "rt"), false));
        assertTrue(e.getMessage().startsWith("registry:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> auth.putCredentialHelper("contoso.azurecr.io", "../x"));
        assertFalse(Files.exists(file));
    }

    @Test
    void aMalformedFileIsLeftAloneAndItsContentIsNotQuoted() throws IOException {
        Path file = tmp.resolve("auth.json");
        Files.writeString(file, "{\"auths\": {\"x\": {\"auth\": \"c2VjcmV0LXZhbHVl\"");
        byte[] before = Files.readAllBytes(file);

        IOException e = assertThrows(IOException.class,
                () -> new AuthFile(file).putCredential(refreshToken("contoso.azurecr.io", "rt"), false));
        assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0"), "no file content in the message");
        assertEquals(new String(before), Files.readString(file));
        assertEquals(0, LoginFixtures.tempFiles(tmp));
    }

    @Test
    void manyThreadsNeverLoseOrCorruptEntries() throws Exception {
        Path file = tmp.resolve("auth.json");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                AuthFile auth = new AuthFile(file);
                for (int i = 0; i < 15; i++) {
                    auth.putCredential(refreshToken("r" + thread + "-" + i + ".azurecr.io", "rt" + i), false);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(8 * 15, read(file).path("auths").size());
        assertEquals(8 * 15, new AuthFile(file).ourHosts().size());
        assertEquals(0, LoginFixtures.tempFiles(tmp));
    }

    @Test
    void severalProcessesNeverLoseOrCorruptEntries() throws Exception {
        Path file = tmp.resolve("auth.json");
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AuthFileWriterProcess.class.getName(),
                    file.toString(), "p" + p, "20").inheritIO().start());
        }
        for (Process process : processes) {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "writer process finished");
            assertEquals(0, process.exitValue());
        }
        assertEquals(4 * 20, read(file).path("auths").size());
        assertEquals("rw-------", mode(file));
        assertEquals(0, LoginFixtures.tempFiles(tmp));
    }
}
