package dev.acrbridge.testsvc;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Docker daemon (Debian's {@code docker.io}) with its socket, data and exec roots in a temp directory: no
 * networking of its own (no bridge, no iptables), so it only pulls and pushes. It treats 127.0.0.0/8 registries as
 * insecure (no certificate check), which is how it reaches the loopback stack. {@link #close()} stops it and deletes
 * the directory. Fails with a clear message when dockerd is missing.
 */
public final class Dockerd implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private final Path dir;
    private final ChildProcess process;
    private final Thread cleanup;

    private Dockerd() throws IOException {
        String bin = Executables.find("dockerd", "Debian: apt-get install docker.io");
        // short path: unix socket paths are limited to 108 bytes
        dir = Files.createTempDirectory(Path.of("/tmp"), "dkd-");
        cleanup = new Thread(this::stopAndDelete, "dockerd-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        process = ChildProcess.start("dockerd", List.of(bin,
                "--host", "unix://" + socket(),
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(),
                "--iptables=false", "--ip-masq=false", "--bridge=none",
                "--storage-driver=vfs"), dir.resolve("dockerd.log"));
        awaitSocket();
    }

    /** Starts a private daemon; fails (never skips) when dockerd is missing or does not come up in 30 s. */
    public static Dockerd start() {
        try {
            return new Dockerd();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start dockerd", e);
        }
    }

    /** @return the value for {@code DOCKER_HOST} */
    public String dockerHost() {
        return "unix://" + socket();
    }

    private Path socket() {
        return dir.resolve("docker.sock");
    }

    private void awaitSocket() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                stopAndDelete();
                throw new IOException("dockerd exited during start-up:\n" + process.logTail());
            }
            if (Files.exists(socket()) && pingOk()) {
                return;
            }
            sleep(200);
        }
        String tail = process.logTail();
        stopAndDelete();
        throw new IOException("dockerd did not answer within " + READY_TIMEOUT.toSeconds() + " s:\n" + tail);
    }

    private boolean pingOk() {
        try {
            Process p = new ProcessBuilder("docker", "--host", dockerHost(), "version", "--format", "{{.Server.Version}}")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void stopAndDelete() {
        if (process != null) {
            process.stop();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // best effort: the daemon may leave busy mounts behind for a moment
        }
    }

    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // JVM already shutting down
        }
    }
}
