package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The post step removes only a directory the main step made, and tolerates a main step that wrote nothing. */
class CleanupTest {
    @TempDir
    Path tmp;

    @Test
    void postWithoutStateDoesNothingAndSucceeds() throws IOException {
        RunnerJob job = new RunnerJob(tmp).input("registries", "contoso");
        Path keep = Files.writeString(job.runnerTemp.resolve("other-tool.txt"), "x");
        RunnerJob.Step step = job.runInProcess(ActionMain.Phase.POST);
        assertEquals(0, step.exitCode(), step.stdout());
        assertTrue(step.stdout().contains("nothing to clean up"));
        assertTrue(Files.exists(keep));
    }

    @Test
    void removesTheMarkedDirectoryWithoutFollowingLinks() throws IOException {
        Path temp = Files.createDirectories(tmp.resolve("temp"));
        Path userContexts = Files.createDirectories(tmp.resolve("home/.docker/contexts/meta"));
        Files.writeString(userContexts.resolve("meta.json"), "{}");
        IsolatedConfig dir = IsolatedConfig.create(temp);
        Files.createDirectories(dir.clients().dockerConfigDir());
        Files.createSymbolicLink(dir.clients().dockerConfigDir().resolve("contexts"), userContexts.getParent());
        dir.writePrivate("secret.txt", "token".getBytes());
        assertTrue(IsolatedConfig.remove(dir.root(), temp));
        assertFalse(Files.exists(dir.root()));
        assertTrue(Files.exists(userContexts.resolve("meta.json")), "the link target must survive");
        assertFalse(IsolatedConfig.remove(dir.root(), temp), "a second cleanup finds it gone");
    }

    @Test
    void refusesADirectoryItDidNotCreate() throws IOException {
        Path temp = Files.createDirectories(tmp.resolve("temp"));
        Path unmarked = Files.createDirectories(temp.resolve("acr-login-forged"));
        Path outside = Files.createDirectories(tmp.resolve("acr-login-outside"));
        IOException e = assertThrows(IOException.class, () -> IsolatedConfig.remove(unmarked, temp));
        assertTrue(e.getMessage().contains("lacks the acr-login marker"));
        assertThrows(IOException.class, () -> IsolatedConfig.remove(outside, temp));
        assertThrows(IOException.class, () -> IsolatedConfig.remove(temp.resolve("acr-login-x/../../x"), temp));
        assertTrue(Files.exists(unmarked));
        assertTrue(Files.exists(outside));
    }

    @Test
    void postFailsLoudlyOnTamperedState() throws IOException {
        RunnerJob job = new RunnerJob(tmp).input("registries", "contoso").env("STATE_acr_login_dir", tmp.toString());
        RunnerJob.Step step = job.runInProcess(ActionMain.Phase.POST);
        assertEquals(1, step.exitCode());
        assertTrue(step.errors().get(0).contains("refusing to remove"), step.stdout());
        assertTrue(Files.isDirectory(tmp));
    }
}
