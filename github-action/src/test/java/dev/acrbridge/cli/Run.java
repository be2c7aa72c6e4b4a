package dev.acrbridge.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is required by this test and could not be started (install "
                    + "it: see .ci/run): " + e.getMessage(), e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException closedEarly) {
            // the process did not read stdin; its result tells
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(List.copyOf(command), p.exitValue(), out.get(10, TimeUnit.SECONDS),
                    err.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new AssertionError("running " + command.get(0), e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
