package dev.acrbridge.testsvc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client program (the acr-login CLI, podman, skopeo, docker, node) to completion with exactly the environment
 * given, optional stdin and a bounded wait. Output goes through temp files, so a chatty program never blocks on a full
 * pipe and a daemon it leaves behind cannot hold the result up.
 */
public final class ClientProcesses {
    /**
     * What a finished process left behind.
     *
     * @param exitCode its exit code
     * @param stdout   its standard output
     * @param stderr   its standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /** @return stdout then stderr, stripped */
        public String both() {
            return (stdout + stderr).strip();
        }
    }

    private ClientProcesses() {
    }

    /**
     * @param command   the program and its arguments (never a secret: secrets go through stdin, files or env)
     * @param env       the whole environment of the process (nothing is inherited)
     * @param stdin     written to its stdin, which is then closed; null for none
     * @param directory its working directory, or null for this process's
     * @param timeout   how long it may run; then it and its descendants are killed
     * @return its exit code and output
     * @throws IOException when it cannot start, does not finish in time, or the wait is interrupted
     */
    public static Result run(List<String> command, Map<String, String> env, String stdin, Path directory,
            Duration timeout) throws IOException {
        String name = String.join(" ", command.subList(0, Math.min(2, command.size())));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        Path out = Files.createTempFile("client", ".out");
        Path err = Files.createTempFile("client", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new IOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
            }
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException closedEarly) {
                // the program did not read its stdin; its exit code tells
            }
            await(p, name, timeout);
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void await(Process p, String name, Duration timeout) throws IOException {
        try {
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            kill(p);
            throw new IOException(name + " did not finish within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + name, e);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
