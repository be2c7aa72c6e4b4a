package dev.acrbridge.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Finds the container tools the suites drive; a missing tool fails the test (never skips it). */
final class RegistryStackTools {
    private RegistryStackTools() {
    }

    static String skopeo() {
        return find("skopeo", "apt-get install skopeo");
    }

    static String find(String name, String install) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/bin";
        return Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(s -> Path.of(s, name))
                .filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new AssertionError(name + " is required but not on PATH (" + install + ")"));
    }
}
