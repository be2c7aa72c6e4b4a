package dev.acrbridge.action;

import dev.acrbridge.testsvc.ClientProcesses;
import dev.acrbridge.testsvc.Executables;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Node.js that a GitHub runner would start the shim with: the major version {@code action.yml} declares in
 * {@code runs.using} ({@code node24}). Found as {@code node24} on PATH (what .ci/install-packages installs beside the
 * machine's own node), else a {@code node} of that major; anything else fails the test, naming the fix.
 */
final class RunnerNode {
    private static String found;

    private RunnerNode() {
    }

    /** @return the major version action.yml runs the shim on, e.g. 24 */
    static int declaredMajor() {
        String using = RunnerJob.actionYml().path("runs").path("using").asText();
        if (!using.matches("node\\d+")) {
            throw new AssertionError("action.yml runs.using is not a node runtime: " + using);
        }
        return Integer.parseInt(using.substring("node".length()));
    }

    /** @return the path of a node executable of the declared major */
    static synchronized String executable() {
        if (found == null) {
            int major = declaredMajor();
            String hint = "the action's shim runs on Node " + major + ": .ci/install-packages installs node" + major;
            for (String name : List.of("node" + major, "node")) {
                String candidate;
                try {
                    candidate = Executables.find(name, hint);
                } catch (IllegalStateException e) {
                    continue;
                }
                if (major(candidate) == major) {
                    found = candidate;
                    return found;
                }
            }
            throw new AssertionError("no Node " + major + " found (node" + major + ", or a node reporting v" + major
                    + "): " + hint);
        }
        return found;
    }

    /** @return the major version {@code node --version} reports, or -1 */
    static int major(String node) {
        try {
            ClientProcesses.Result r = ClientProcesses.run(List.of(node, "--version"), Map.of(), null, null,
                    Duration.ofSeconds(30));
            String v = r.stdout().trim();
            return r.exitCode() == 0 && v.matches("v\\d+\\..*") ? Integer.parseInt(v.substring(1, v.indexOf('.'))) : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
