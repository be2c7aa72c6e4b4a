package dev.acrbridge.testsvc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real registry in front of the local token service, laid out like ACR: Debian's {@code docker-registry} 2.8
 * with token auth behind nginx, which serves {@code /v2/} and {@code /oauth2/} on one TLS host:port (certificate
 * from the service's CA). Loopback only; everything lives in a temp directory; {@link #close()} (or JVM exit)
 * stops both processes and deletes it. Fails with a clear message when docker-registry or nginx is missing.
 */
public final class RegistryStack implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private final Path dir;
    private final int port;
    private final List<ChildProcess> processes = new ArrayList<>();
    private final Thread cleanup;

    private RegistryStack(LocalAzure svc) throws IOException {
        String registryBin = Executables.find("docker-registry", "Debian: apt-get install docker-registry");
        String nginxBin = Executables.find("nginx", "Debian: apt-get install nginx-light");
        StaleDirs.reap("registry-stack-");
        dir = Files.createTempDirectory("registry-stack-");
        StaleDirs.markOwner(dir);
        cleanup = new Thread(this::stopAndDelete, "registry-stack-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            writeTls(svc);
            Files.writeString(dir.resolve("token-signing.pem"), svc.acr().tokenSigningCertificatePem());
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("nginx-tmp"));
            int registryPort = freePort();
            port = freePort();
            String host = registryHost();
            svc.acr().addService(host);
            Path yaml = Files.writeString(dir.resolve("config.yml"),
                    StackConfig.registryYaml(dir, registryPort, host, UUID.randomUUID().toString()));
            start("docker-registry", List.of(registryBin, "serve", yaml.toString()), "registry.log",
                    HttpClient.newBuilder(), "http://127.0.0.1:" + registryPort + "/v2/");
            boolean root = "root".equals(System.getProperty("user.name"));
            Path conf = Files.writeString(dir.resolve("nginx.conf"), StackConfig.nginxConf(dir, port, registryPort,
                    svc.authorityHost().getPort(), root));
            start("nginx", List.of(nginxBin, "-p", dir.toString(), "-c", conf.toString(), "-e",
                    dir.resolve("nginx-error.log").toString(), "-g", "daemon off;"), "nginx.log",
                    HttpClient.newBuilder().sslContext(svc.sslContext()), "https://" + host + "/v2/");
        } catch (IOException | RuntimeException e) {
            stopAndDelete();
            removeHook();
            throw e;
        }
    }

    /** Starts docker-registry and nginx for {@code svc}; fails (never skips) when either is missing. */
    public static RegistryStack start(LocalAzure svc) {
        try {
            return new RegistryStack(svc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the registry stack", e);
        }
    }

    /** {@code 127.0.0.1:PORT}: the registry's login server, token service name and JWT audience. */
    public String registryHost() {
        return "127.0.0.1:" + port;
    }

    /** A directory holding {@code ca.crt}, for {@code --cert-dir}/{@code --dest-cert-dir} of containers tools. */
    public Path certDirectory() {
        return dir.resolve("certs");
    }

    /** The stack's temp directory (configs and logs: registry.log, nginx-error.log, nginx-access.log). */
    public Path directory() {
        return dir;
    }

    /** Stops nginx and the registry and deletes the temp directory. */
    @Override
    public void close() {
        stopAndDelete();
        removeHook();
    }

    private synchronized void stopAndDelete() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop();
        }
        processes.clear();
        TempDirs.deleteRecursively(dir);
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // JVM already exiting; the hook runs the same cleanup
        }
    }

    private void start(String name, List<String> command, String logName, HttpClient.Builder client, String ping) {
        ChildProcess p = ChildProcess.start(name, command, dir.resolve(logName));
        processes.add(p);
        try {
            StaleDirs.addChild(dir, p.pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient http = client.connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!p.alive()) {
                throw new IllegalStateException(name + " exited during start-up; its log:\n" + p.logTail()
                        + errorLog());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(ping)).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 401) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(50);
        }
        throw new IllegalStateException(name + " did not answer " + ping + " with 401 within " + READY_TIMEOUT
                + " (last: " + last + "); its log:\n" + p.logTail() + errorLog());
    }

    private String errorLog() {
        Path f = dir.resolve("nginx-error.log");
        try {
            return Files.exists(f) ? "\nnginx-error.log:\n" + Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void writeTls(LocalAzure svc) throws IOException {
        TlsMaterial tls = svc.tls();
        Path tlsDir = Files.createDirectories(dir.resolve("tls"));
        Files.writeString(tlsDir.resolve("server-chain.pem"), tls.server.certificatePem() + tls.ca.certificatePem(),
                StandardCharsets.US_ASCII);
        tls.server.writePrivateKeyPem(tlsDir.resolve("server.key"));
        Files.writeString(tlsDir.resolve("ca.pem"), tls.ca.certificatePem(), StandardCharsets.US_ASCII);
        Files.writeString(Files.createDirectories(dir.resolve("certs")).resolve("ca.crt"), tls.ca.certificatePem(),
                StandardCharsets.US_ASCII);
    }

    /** A free loopback port (shared by the stack fixtures of this package). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
