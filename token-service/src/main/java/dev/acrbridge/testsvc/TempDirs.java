package dev.acrbridge.testsvc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Recursive delete for the service's temp directories (best effort: it runs in close() and shutdown hooks). */
final class TempDirs {
    private TempDirs() {
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a file still held by a dying child process; the next pass or the OS temp cleaner gets it
                }
            });
        } catch (IOException ignored) {
            // directory vanished while walking: nothing left to delete
        }
    }
}
