package dev.acrbridge.cli;

import dev.acrbridge.testsvc.ClientProcesses;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs an external process with a controlled environment, stdin and a timeout; a missing tool fails the test. */
final class Run {
    /** What a process did. */
    record Result(List<String> command, int exit, String out, String err) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exit + "\nstdout: " + out
                        + "\nstderr: " + err);
            }
            return this;
        }

        String all() {
            return out + "\n" + err;
        }
    }

    private final List<String> command = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String stdin = "";
    private Duration timeout = Duration.ofSeconds(60);
    private Path dir;

    private Run(List<String> command) {
        this.command.addAll(command);
        // a clean environment: only what the test gives, plus PATH/HOME defaults set by the caller
        env.put("PATH", System.getenv("PATH"));
        env.put("LANG", "C.UTF-8");
    }

    static Run of(String... command) {
        return new Run(List.of(command));
    }

    static Run of(List<String> command) {
        return new Run(command);
    }

    /** {@code java -cp <test class path> dev.acrbridge.cli.AcrLogin args...}. */
    static Run acrLogin(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                classPath(), AcrLogin.class.getName()));
        cmd.addAll(List.of(args));
        return new Run(cmd);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test class path (surefire may hide it behind a manifest-only jar in java.class.path). */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    Run env(String key, String value) {
        env.put(key, value);
        return this;
    }

    Run env(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    Run stdin(String text) {
        this.stdin = text;
        return this;
    }

    Run timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    Run in(Path directory) {
        this.dir = directory;
        return this;
    }

    Result go() {
        try {
            ClientProcesses.Result r = ClientProcesses.run(command, env, stdin, dir, timeout);
            return new Result(List.copyOf(command), r.exitCode(), r.stdout(), r.stderr());
        } catch (IOException e) {
            throw new AssertionError(e.getMessage() + " (a tool this test needs is installed by .ci/run)", e);
        }
    }
}
