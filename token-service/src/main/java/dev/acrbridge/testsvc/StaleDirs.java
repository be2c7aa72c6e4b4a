package dev.acrbridge.testsvc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Cleans up after JVMs that died without running their shutdown hooks (SIGKILL, a killed surefire fork): each temp
 * directory records its owner JVM and the helper processes it started; a directory whose owner is gone has its
 * processes killed (only when their command line still names the directory) and is deleted.
 */
final class StaleDirs {
    static final String OWNER = "owner.pid";
    static final String CHILDREN = "children.pid";

    private StaleDirs() {
    }

    static void markOwner(Path dir) throws IOException {
        Files.writeString(dir.resolve(OWNER), Long.toString(ProcessHandle.current().pid()));
    }

    static void addChild(Path dir, long pid) throws IOException {
        Files.writeString(dir.resolve(CHILDREN), pid + "\n", StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Reaps {@code prefix*} directories in the temp directory whose owner JVM is no longer alive. */
    static void reap(String prefix) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, prefix + "*")) {
            for (Path dir : dirs) {
                Optional<Long> owner = pid(dir.resolve(OWNER));
                if (owner.isPresent() && ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (owner.isEmpty()) {
                    continue; // being created right now, or not ours
                }
                killChildren(dir);
                TempDirs.deleteRecursively(dir);
            }
        } catch (IOException ignored) {
            // the temp directory is unreadable: nothing we can reap
        }
    }

    private static void killChildren(Path dir) throws IOException {
        Path f = dir.resolve(CHILDREN);
        if (!Files.exists(f)) {
            return;
        }
        for (String line : Files.readAllLines(f, StandardCharsets.US_ASCII)) {
            try {
                ProcessHandle.of(Long.parseLong(line.trim())).filter(p -> p.info().commandLine()
                        .map(c -> c.contains(dir.toString())).orElse(false)).ifPresent(ProcessHandle::destroyForcibly);
            } catch (NumberFormatException ignored) {
                // a torn line from a crash mid-write
            }
        }
    }

    private static Optional<Long> pid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
