package dev.acrbridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ManagedIdentityChild} JVM with exactly the given environment (plus PATH and HOME), driven line by line.
 * Every line it prints (stdout and stderr) is kept for the leak scan.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());

    ChildJvm(Map<String, String> env, Path home, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djdk.net.hosts.file=" + System.getProperty("bench.hostsFile"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath(),
                ManagedIdentityChild.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the child JVM", e);
        }
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    output.add(l);
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // the child is gone; await() reports the missing line
            }
        }, "child-jvm-reader");
        reader.setDaemon(true);
        reader.start();
        await("READY", Duration.ofSeconds(30));
    }

    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Sends one attempt and waits for its result. */
    Attempt attempt(String cell, String clientId, Path dir, Attempt.Op op, Duration timeout) {
        try {
            stdin.write("RUN " + cell + " " + clientId + " " + dir + " " + op + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("child JVM stdin closed; output:\n" + String.join("\n", output), e);
        }
        String line = await("RESULT " + cell + " ", timeout);
        return Attempt.fromJson(line.substring(("RESULT " + cell + " ").length()));
    }

    /** Every line the child printed that is not a RESULT line (RESULT carries the token on purpose). */
    List<String> logOutput() {
        synchronized (output) {
            return output.stream().filter(l -> !l.startsWith("RESULT ")).toList();
        }
    }

    private String await(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String l = lines.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (l != null && l.startsWith(prefix)) {
                    return l;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("child JVM printed no '" + prefix.trim() + "' within " + timeout + "; output:\n"
                + String.join("\n", output));
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
