package dev.acrbridge.examples.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the demo's child processes (the acr-login CLI, skopeo, podman, docker) with a bounded wait. */
final class Processes {
    /** What a finished process left behind. */
    record Result(int exitCode, String stdout, String stderr) {
        String both() {
            return (stdout + stderr).strip();
        }
    }

    private Processes() {
    }

    static Result run(List<String> command, Map<String, String> env, String stdin, Path work) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after 180 s: " + command.get(0) + " " + command.get(1));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    static Result runOk(List<String> command, Map<String, String> env, Path work) throws IOException {
        Result r = run(command, env, null, work);
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                    + " failed (exit " + r.exitCode() + "):\n" + r.both());
        }
        return r;
    }

    static String executable(String name) {
        for (String dir : System.getenv("PATH").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: run .ci/install-packages (the ./demo script does)");
    }
}
