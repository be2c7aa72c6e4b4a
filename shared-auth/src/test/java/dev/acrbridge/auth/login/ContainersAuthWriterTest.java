package dev.acrbridge.auth.login;

import static dev.acrbridge.auth.login.LoginFixtures.mode;
import static dev.acrbridge.auth.login.LoginFixtures.refreshToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth file is read back by the real clients ({@code --get-login} reads it without a registry). */
class ContainersAuthWriterTest {
    @TempDir
    Path tmp;

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException missing) {
            throw new AssertionError(command.get(0) + " is required for this test (apt-get install "
                    + command.get(0) + ")", missing);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), command + " timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() + ":" + out;
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
}
