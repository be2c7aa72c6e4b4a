package dev.acrbridge.auth.login;

import static dev.acrbridge.auth.login.LoginFixtures.mode;
import static dev.acrbridge.auth.login.LoginFixtures.refreshToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.testsvc.ClientProcesses;
import dev.acrbridge.testsvc.Executables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
}
