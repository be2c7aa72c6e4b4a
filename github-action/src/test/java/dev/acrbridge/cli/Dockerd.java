package dev.acrbridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A real Docker daemon (Debian's docker.io) on a unix socket in a temp directory, with the registry's CA installed in
 * {@code /etc/docker/certs.d/HOST:PORT/ca.crt} (dockerd reads only that place) for the life of the daemon.
 */
final class Dockerd implements AutoCloseable {
    private final Path dir;
    private final Path certsD;
    private final Process process;

    Dockerd(Path dir, String registryHost, Path caCertificate) throws IOException {
        this.dir = Files.createDirectories(dir);
        certsD = Path.of("/etc/docker/certs.d", registryHost);
        Files.createDirectories(certsD);
        Files.copy(caCertificate, certsD.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> cmd = List.of("dockerd", "--host", "unix://" + socket(), "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("pid").toString(),
                "--iptables=false", "--ip-masq=false", "--bridge=none", "--storage-driver", "vfs");
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        } catch (IOException missing) {
            deleteCerts();
            throw new AssertionError("dockerd is required (apt-get install docker.io): " + missing.getMessage());
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (docker(Map.of(), "version", "--format", "{{.Server.Version}}").timeout(Duration.ofSeconds(10)).go()
                .exit() != 0) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                close();
                throw new AssertionError("dockerd did not start; see " + dir.resolve("dockerd.log"));
            }
            sleep(300);
        }
    }

    Path socket() {
        return dir.resolve("docker.sock");
    }

    /** The docker CLI talking to this daemon, with extra environment (DOCKER_CONFIG...). */
    Run docker(Map<String, String> env, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return Run.of(cmd).timeout(Duration.ofSeconds(120)).env("HOME", dir.toString())
                .env("DOCKER_HOST", "unix://" + socket()).env(env);
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        deleteCerts();
    }

    private void deleteCerts() {
        try {
            Files.deleteIfExists(certsD.resolve("ca.crt"));
            Files.deleteIfExists(certsD);
        } catch (IOException ignored) {
            // best effort: a leftover CA for a closed loopback port trusts nothing
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
