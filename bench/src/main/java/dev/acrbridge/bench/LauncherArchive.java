package dev.acrbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** The class-data archive bin/acr-login dumps in the background after a first run. */
final class LauncherArchive {
    private LauncherArchive() {
    }

    /**
     * @param dir            the launcher's ACR_LOGIN_CDS_DIR
     * @param timeoutSeconds how long the detached dump may take
     * @return the archive, once it is the only entry (no lock left: the dump finished)
     */
    static Path await(Path dir, int timeoutSeconds) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(timeoutSeconds));
        List<Path> entries = List.of();
        while (Instant.now().isBefore(deadline)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    entries = s.toList();
                }
            }
            if (entries.stream().anyMatch(p -> p.toString().endsWith(".failed"))) {
                throw new IllegalStateException("bin/acr-login could not dump its class-data archive in " + dir);
            }
            if (entries.size() == 1 && entries.get(0).toString().endsWith(".jsa")) {
                return entries.get(0);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("no class-data archive from bin/acr-login within " + timeoutSeconds + " s in "
                + dir + ": " + entries);
    }
}
