package dev.acrbridge.testsvc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real HTTP proxy (Debian's squid) on a loopback port, for tests: CONNECT tunnels, optional Basic authentication
 * (squid's own basic_ncsa_auth against an htpasswd file), and names under {@link LocalAzure#PROXIED_DOMAIN} that
 * only the proxy resolves (to 127.0.0.1). Its access log is the evidence of which requests went through it. Test and
 * demo use only; {@link #close()} stops it and removes its directory.
 */
public final class SquidProxy implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final String NCSA_AUTH = "/usr/lib/squid/basic_ncsa_auth";
    private static final String CERTGEN = "/usr/lib/squid/security_file_certgen";

    /** One access-log line. */
    public record Entry(String method, String target, int status, String user) {
        /** @return true for a CONNECT tunnel to {@code hostPort} that the proxy opened (status 200) */
        public boolean tunnelTo(String hostPort) {
            return method.equals("CONNECT") && target.equalsIgnoreCase(hostPort) && status == 200;
        }
    }

    private final Path dir;
    private final int port;
    private final String user;
    private final ChildProcess squid;
    private final Thread cleanup;

    private SquidProxy(String user, String password, Path upstreamCa, List<String> names) throws IOException {
        String bin = Executables.find("squid", "Debian: apt-get install squid-openssl (.ci/install-packages)");
        StaleDirs.reap("squid-proxy-");
        dir = Files.createTempDirectory("squid-proxy-");
        StaleDirs.markOwner(dir);
        this.user = user;
        port = RegistryStack.freePort();
        Files.writeString(dir.resolve("hosts"), "127.0.0.1 " + String.join(" ", names) + "\n");
        StringBuilder conf = new StringBuilder().append("http_port 127.0.0.1:").append(port);
        if (upstreamCa != null) {
            // TLS inspection as corporate proxies do it: squid ends the client's TLS with a certificate it mints
            // from its own CA, and verifies the real server against upstreamCa
            openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                    "-keyout", dir.resolve("inspection-ca.key").toString(), "-out", inspectionCa().toString(),
                    "-subj", "/CN=ACR Credential Bridge test TLS-inspecting proxy CA",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            run(List.of(CERTGEN, "-c", "-s", dir.resolve("ssl_db").toString(), "-M", "4MB"), null);
            conf.append(" ssl-bump tls-cert=").append(inspectionCa()).append(" tls-key=")
                    .append(dir.resolve("inspection-ca.key"))
                    .append(" generate-host-certificates=on dynamic_cert_mem_cache_size=4MB\n")
                    .append("sslcrtd_program ").append(CERTGEN).append(" -s ").append(dir.resolve("ssl_db"))
                    .append(" -M 4MB\nsslcrtd_children 2 startup=1 idle=1\nssl_bump bump all\n")
                    .append("tls_outgoing_options cafile=").append(dir.resolve("upstream-ca.pem")).append('\n');
            Files.copy(upstreamCa, dir.resolve("upstream-ca.pem")); // squid's own user cannot read the original
        }
        conf.append("\npinger_enable off\n")
                .append("pid_filename ").append(dir.resolve("squid.pid")).append('\n')
                .append("access_log stdio:").append(dir.resolve("access.log")).append('\n')
                .append("cache_log ").append(dir.resolve("cache.log")).append('\n')
                .append("cache_store_log none\ncache deny all\ncache_mem 8 MB\n")
                .append("hosts_file ").append(dir.resolve("hosts")).append('\n')
                // nothing answers DNS on loopback: a name outside the hosts file fails at once, never leaves
                .append("dns_nameservers 127.0.0.1\nshutdown_lifetime 0 seconds\n");
        if (user != null) {
            Files.writeString(dir.resolve("passwd"), user + ":" + apr1(password) + "\n");
            conf.append("auth_param basic program ").append(NCSA_AUTH).append(' ').append(dir.resolve("passwd"))
                    .append("\nauth_param basic children 2 startup=1\nauth_param basic realm acr-test-proxy\n")
                    .append("acl authenticated proxy_auth REQUIRED\nhttp_access allow authenticated\n")
                    .append("http_access deny all\n");
        } else {
            conf.append("http_access allow all\n");
        }
        Files.writeString(dir.resolve("squid.conf"), conf);
        if ("root".equals(System.getProperty("user.name"))) {
            // squid started as root switches to its cache_effective_user (Debian: proxy), which must write here
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.toList()) {
                    Files.setOwner(f, users.lookupPrincipalByName("proxy"));
                }
            }
        }
        squid = ChildProcess.start("squid", List.of(bin, "-N", "-f", dir.resolve("squid.conf").toString()),
                dir.resolve("squid.out"));
        StaleDirs.addChild(dir, squid.pid());
        cleanup = new Thread(this::stopAndDelete, "squid-proxy-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        awaitReady();
    }

    /**
     * @param names host names the proxy resolves to 127.0.0.1 (use names under {@link LocalAzure#PROXIED_DOMAIN})
     * @return an open proxy
     */
    public static SquidProxy open(String... names) {
        return start(null, null, null, names);
    }

    /**
     * @param upstreamCa PEM of the CA the real servers' certificates chain to (the squid checks them against it)
     * @param names      host names the proxy resolves to 127.0.0.1
     * @return a TLS-inspecting proxy: every https request is decrypted and re-encrypted with a certificate from
     *         {@link #inspectionCa()}; its access log then shows each request's method and URL
     */
    public static SquidProxy inspectingTls(Path upstreamCa, String... names) {
        return start(null, null, upstreamCa, names);
    }

    /** @return the PEM of the CA a TLS-inspecting proxy signs its certificates with */
    public Path inspectionCa() {
        return dir.resolve("inspection-ca.pem");
    }

    /**
     * @param user     the proxy user
     * @param password its password
     * @param names    host names the proxy resolves to 127.0.0.1
     * @return a proxy that answers 407 until Basic credentials of that user are given
     */
    public static SquidProxy withBasicAuth(String user, String password, String... names) {
        return start(user, password, null, names);
    }

    private static SquidProxy start(String user, String password, Path upstreamCa, String... names) {
        try {
            return new SquidProxy(user, password, upstreamCa, List.of(names));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start squid", e);
        }
    }

    /** @return the proxy's port on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return {@code http://127.0.0.1:PORT} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * @param password the password to put in the URL (the right one or a wrong one)
     * @return {@code http://USER:PASSWORD@127.0.0.1:PORT}
     */
    public String urlWith(String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + port;
    }

    /**
     * The access log. Squid writes a line when a transaction ends: a CONNECT tunnel's line appears once the client
     * closes it, so read after the client process ended, or use {@link #awaitEntries}.
     *
     * @return every line so far, parsed
     */
    public List<Entry> accessLog() {
        Path log = dir.resolve("access.log");
        List<Entry> out = new ArrayList<>();
        try {
            if (!Files.exists(log)) {
                return out;
            }
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 8) {
                    String code = f[3].substring(f[3].indexOf('/') + 1);
                    out.add(new Entry(f[5], f[6], code.matches("\\d+") ? Integer.parseInt(code) : 0,
                            f[7].equals("-") ? null : f[7]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Waits until the log holds lines matching {@code done} (tunnels are logged when they close).
     *
     * @param done    what the log must satisfy
     * @param timeout how long to wait at most
     * @return the log at that point (the caller asserts on it; a timeout returns it anyway)
     */
    public List<Entry> awaitEntries(Predicate<List<Entry>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Entry> log = accessLog();
        while (!done.test(log) && System.nanoTime() < deadline) {
            RegistryStack.sleep(100);
            log = accessLog();
        }
        return log;
    }

    /** @return the raw access log, for assertion messages */
    public String rawAccessLog() {
        try {
            Path log = dir.resolve("access.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // JVM already exiting; the hook runs the same cleanup
        }
        stopAndDelete();
    }

    private void stopAndDelete() {
        squid.stop();
        TempDirs.deleteRecursively(dir);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!squid.alive()) {
                throw new IllegalStateException("squid exited during start-up; its output:\n" + squid.logTail()
                        + "\ncache.log:\n" + cacheLog());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                last = e.toString();
            }
            RegistryStack.sleep(50);
        }
        stopAndDelete();
        throw new IllegalStateException("squid did not listen on 127.0.0.1:" + port + " within " + READY_TIMEOUT
                + " (" + last + "); cache.log:\n" + cacheLog());
    }

    private String cacheLog() {
        try {
            Path f = dir.resolve("cache.log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** htpasswd's Apache MD5 form, made by openssl with the password on stdin (never on a command line). */
    private static String apr1(String password) throws IOException {
        String hash = run(List.of(Executables.find("openssl", "Debian: apt-get install openssl"), "passwd", "-apr1",
                "-stdin"), password + "\n").trim();
        if (!hash.startsWith("$apr1$")) {
            throw new IOException("openssl passwd -apr1 failed: " + hash);
        }
        return hash;
    }

    private static String openssl(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Executables.find("openssl", "Debian: apt-get install openssl"));
        command.addAll(List.of(args));
        return run(command, null);
    }

    /** Runs a helper to completion (stdin closed, or {@code stdin} written); its output, or an error with it. */
    private static String run(List<String> command, String stdin) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

}
