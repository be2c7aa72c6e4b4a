package dev.acrbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command under {@code /usr/bin/time} and measures its wall time (from fork to exit, as a user waits for it)
 * and its peak resident memory. A command that fails or hangs stops the benchmark.
 *
 * @param millis   wall time
 * @param maxRssKb maximum resident set size (the largest process when the command is a shell running several)
 * @param output   stdout and stderr
 */
record Timed(double millis, long maxRssKb, String output) {
    static final Path TIME = Path.of("/usr/bin/time");

    static Timed run(List<String> command, Map<String, String> env, Path stdin, Path scratch, int timeoutSeconds) {
        if (!Files.isExecutable(TIME)) {
            throw new IllegalStateException("/usr/bin/time is required (apt-get install time)");
        }
        try {
            Path rss = Files.createTempFile(scratch, "rss", ".txt");
            Path out = Files.createTempFile(scratch, "out", ".txt");
            List<String> cmd = new ArrayList<>(List.of(TIME.toString(), "-f", "%M", "-o", rss.toString()));
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                    : ProcessBuilder.Redirect.from(stdin.toFile()));
            pb.environment().clear();
            pb.environment().putAll(env);
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds
                        + " s");
            }
            double millis = (System.nanoTime() - start) / 1e6;
            String output = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ":\n"
                        + output);
            }
            String r = Files.readString(rss).trim();
            long kb = Long.parseLong(r.substring(r.lastIndexOf('\n') + 1).trim());
            Files.delete(rss);
            Files.delete(out);
            return new Timed(millis, kb, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
