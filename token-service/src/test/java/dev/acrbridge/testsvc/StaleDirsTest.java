package dev.acrbridge.testsvc;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaleDirsTest {

    @Test
    void reapsDirectoriesOfDeadOwnersAndKillsTheirProcessesButLeavesLiveOnes() throws Exception {
        Process deadOwner = new ProcessBuilder("true").start();
        assertTrue(deadOwner.waitFor(10, TimeUnit.SECONDS));
        Path stale = Files.createTempDirectory("stale-dirs-test-");
        Files.writeString(stale.resolve(StaleDirs.OWNER), Long.toString(deadOwner.pid()));
        // a leftover "registry": its command line names the directory, as docker-registry's and nginx's do
        Process orphan = new ProcessBuilder("sh", "-c", "while :; do sleep 0.2; done", stale.toString()).start();
        StaleDirs.addChild(stale, orphan.pid());
        Path live = Files.createTempDirectory("stale-dirs-test-");
        StaleDirs.markOwner(live);
        try {
            StaleDirs.reap("stale-dirs-test-");
            assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "orphan killed");
            assertFalse(Files.exists(stale));
            assertTrue(Files.exists(live), "a live owner's directory is kept");
        } finally {
            orphan.destroyForcibly();
            TempDirs.deleteRecursively(live);
            TempDirs.deleteRecursively(stale);
        }
    }
}
