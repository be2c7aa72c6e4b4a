package dev.acrbridge.testsvc;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Finds the real programs the local stack, the tests and the demo run (docker-registry, nginx, dockerd, podman,
 * skopeo, docker, node). A missing program is an error naming it and how to install it: never a skip.
 */
public final class Executables {
    /** Searched after PATH: Debian installs daemons in sbin directories, which a non-root PATH often lacks. */
    private static final String SYSTEM_DIRECTORIES = "/usr/sbin:/usr/bin:/sbin";
    /**
     * Searched last, relative to the working directory (the repository or a module in it): where
     * .ci/install-packages puts helm and kubectl, for test runners the build's PATH setting does not reach.
     */
    private static final String TOOLS_DIRECTORIES = ".tools/bin:../.tools/bin";

    private Executables() {
    }

    /**
     * @param name        a program name ({@code podman})
     * @param installHint how to install it, for the error ({@code apt-get install podman})
     * @return the path of the first executable {@code name} on PATH, else in /usr/sbin, /usr/bin or /sbin, else in
     *         {@code .tools/bin} of the repository (absolute)
     * @throws IllegalStateException naming the program and the hint when it is not installed
     */
    public static String find(String name, String installHint) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + SYSTEM_DIRECTORIES
                + File.pathSeparator + TOOLS_DIRECTORIES;
        return Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isEmpty())
                .map(s -> Path.of(s, name).toAbsolutePath().normalize()).filter(Files::isExecutable).findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(name + " is required but was not found on PATH or in "
                        + SYSTEM_DIRECTORIES + " (" + installHint + ")"));
    }
}
