package dev.acrbridge.examples.demo;

import dev.acrbridge.testsvc.ClientProcesses;
import dev.acrbridge.testsvc.Executables;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs the demo's child processes (the acr-login CLI, skopeo, podman, docker) with a bounded wait. */
final class Processes {
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private Processes() {
    }

    static ClientProcesses.Result run(List<String> command, Map<String, String> env, String stdin) throws IOException {
        return ClientProcesses.run(command, env, stdin, null, TIMEOUT);
    }

    static ClientProcesses.Result runOk(List<String> command, Map<String, String> env) throws IOException {
        ClientProcesses.Result r = run(command, env, null);
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                    + " failed (exit " + r.exitCode() + "):\n" + r.both());
        }
        return r;
    }

    static String executable(String name) {
        return Executables.find(name, "run .ci/install-packages (the ./demo script does)");
    }
}
