package dev.acrbridge.bench;

import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Fault;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The docker credential helper as docker runs it ({@code bin/docker-credential-acr-login get}, one process per
 * registry request) after {@code acr-login login --use-credential-helper}:
 * <ul>
 * <li>cache-hit latency, interleaved in one run: the launcher's shell fast path, the Java helper answering the same
 *     hit ({@code bin/acr-login credential-helper get}, with its class-data archive), and a JVM hello world;</li>
 * <li>stampedes of helper processes started together, counted in the token service's log: on success (cold cache),
 *     with Entra refusing, with Entra throttling (429, Retry-After 1) while a still-valid token is cached, and with
 *     nothing cached.</li>
 * </ul>
 */
final class HelperBench {
    private final BenchStack stack;
    private final Path bin;
    private final Path jar;
    private final Path scratch;
    private final Path classes;
    private final int runs;
    private final Path home;
    private final List<String> lines = new ArrayList<>();

    /**
     * @param bin a directory holding {@code acr-login} and {@code docker-credential-acr-login} (the launchers)
     */
    HelperBench(BenchStack stack, Path bin, Path jar, Path classes, Path scratch, int runs) throws IOException {
        this.stack = stack;
        this.bin = bin;
        this.jar = jar;
        this.classes = classes;
        this.scratch = scratch;
        this.runs = runs;
        this.home = Files.createDirectories(scratch.resolve("helper-home"));
    }

    /** What docker runs the helper with after the login: locations only, no identity. */
    private Map<String, String> helperEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("ACR_LOGIN_JAR", jar.toString());
        env.put("ACR_LOGIN_CDS_DIR", scratch.resolve("helper-cds").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /** @return the Markdown section */
    String run() throws Exception {
        Map<String, String> loginEnv = stack.cliEnvironment(home);
        loginEnv.put("ACR_LOGIN_JAR", jar.toString());
        loginEnv.put("ACR_LOGIN_CDS", "off");
        Timed.run(List.of(bin.resolve("acr-login").toString(), "login", stack.host(), "--tool", "docker",
                "--use-credential-helper", "--client-secret-file", stack.secretFile().toString()), loginEnv, null,
                scratch, 120);
        Path stdin = Files.writeString(scratch.resolve("helper-stdin"), stack.host(), StandardCharsets.UTF_8);
        // the Java helper's class-data archive, made once as users get it: the launcher trains only on a run that
        // reached the exchange, so one get with the cache emptied, then wait for the dump
        try (var files = Files.list(home.resolve(".cache/acr-login"))) {
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                Files.delete(f);
            }
        }
        Timed.run(List.of(bin.resolve("acr-login").toString(), "credential-helper", "get"), helperEnv(), stdin,
                scratch, 120);
        LauncherArchive.await(scratch.resolve("helper-cds"), 180);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("JVM hello world (floor)", List.of(java, "-cp", classes.toString(), Hello.class.getName()));
        commands.put("get, cache hit: bin/docker-credential-acr-login (shell fast path)",
                List.of(bin.resolve("docker-credential-acr-login").toString(), "get"));
        commands.put("get, cache hit: bin/acr-login credential-helper get (Java, class-data archive)",
                List.of(bin.resolve("acr-login").toString(), "credential-helper", "get"));
        commands.keySet().forEach(k -> series.put(k, new ArrayList<>()));
        int samples = Math.max(20, runs * 3);
        for (int round = 0; round <= samples; round++) {
            for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                Timed t = Timed.run(c.getValue(), helperEnv(), stdin, scratch, 60);
                if (c.getKey().startsWith("get") && !t.output().contains("\"Secret\":\"")) {
                    throw new IllegalStateException(c.getKey() + " gave no credential: " + t.output());
                }
                if (round > 0) {
                    series.get(c.getKey()).add(t.millis());
                }
            }
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Stats hello = Stats.of(series.get("JVM hello world (floor)"));
        lines.add("## Credential helper: a cache hit, and stampedes under failure\n");
        lines.add(String.format("`get` for a registry after `acr-login login --use-credential-helper`, %d interleaved "
                + "runs per series after one warm-up, load average %.2f at the end. Reproduce: `bench/run helper`.%n",
                samples, load));
        lines.add("| what | median ms | min-max ms | x JVM hello world |");
        lines.add("|---|---:|---:|---:|");
        series.forEach((name, values) -> {
            Stats s = Stats.of(values);
            lines.add(String.format("| %s | %.1f | %.1f-%.1f | %.2fx |", name, s.median(), s.min(), s.max(),
                    s.median() / hello.median()));
        });
        lines.add("");
        lines.add("Stampedes: N helper processes started together (JVM start-up included; a fresh cache unless said),"
                + " Entra token requests and registry exchanges counted by the local service:\n");
        lines.add("| stampede | answers | Entra calls | exchanges | wall ms (all N answered) |");
        lines.add("|---|---|---:|---:|---:|");
        stampede("50 gets, success, nothing cached", 50, null, false, stdin);
        stampede("50 gets, Entra refusing (401 AADSTS7000215)", 50, Fault.status(401).aadsts(7000215), false,
                stdin);
        stampede("20 gets, Entra throttling (429, Retry-After 1), a still-valid token cached (due for renewal)",
                20, Fault.status(429).retryAfter(Duration.ofSeconds(1)), true, stdin);
        stampede("20 gets, Entra throttling (429, Retry-After 1), nothing cached", 20,
                Fault.status(429).retryAfter(Duration.ofSeconds(1)), false, stdin);
        lines.add("");
        String section = String.join("\n", lines) + "\n";
        System.out.println(section);
        return section;
    }

    private void stampede(String name, int n, Fault entraFault, boolean dueTokenCached, Path stdin)
            throws Exception {
        Path cache = home.resolve(".cache/acr-login");
        try (var files = Files.list(cache)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                Files.delete(f);
            }
        }
        if (dueTokenCached) {
            // a successful get, then the stored entry aged by hand: 2 minutes left of 3 hours
            Timed.run(List.of(bin.resolve("docker-credential-acr-login").toString(), "get"), helperEnv(), stdin,
                    scratch, 120);
            try (var files = Files.list(cache)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".credential")).toList()) {
                    String text = Files.readString(f);
                    java.time.Instant now = java.time.Instant.now();
                    text = text.replaceAll("(?m)^expiresAt=.*$", "expiresAt=" + now.plus(Duration.ofMinutes(2))
                            .toString().replace(":", "\\\\:"));
                    text = text.replaceAll("(?m)^storedAt=.*$", "storedAt=" + now.minus(Duration.ofHours(3))
                            .toString().replace(":", "\\\\:"));
                    Files.writeString(f, text);
                }
                for (Path f : Files.list(cache).filter(f -> f.toString().endsWith(".reply")).toList()) {
                    Files.delete(f);
                }
            }
        }
        if (entraFault != null) {
            stack.svc.faults().inject(Endpoint.ENTRA_TOKEN, entraFault);
        }
        stack.svc.clearRequests();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<Integer>> exits = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            exits.add(pool.submit(() -> {
                ProcessBuilder pb = new ProcessBuilder(bin.resolve("docker-credential-acr-login").toString(), "get")
                        .redirectInput(stdin.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.environment().clear();
                pb.environment().putAll(helperEnv());
                Process p = pb.start();
                if (!p.waitFor(180, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return -1;
                }
                return p.exitValue();
            }));
        }
        int ok = 0;
        for (Future<Integer> e : exits) {
            ok += e.get(200, TimeUnit.SECONDS) == 0 ? 1 : 0;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        pool.shutdown();
        long entra = stack.svc.requestsSettled().stream().filter(r -> r.endpoint() == Endpoint.ENTRA_TOKEN).count();
        long exchanges = stack.svc.count(Endpoint.ACR_EXCHANGE);
        stack.svc.faults().clear();
        String row = String.format("| %s | %d of %d with a token | %d | %d | %d |", name, ok, n, entra, exchanges,
                millis);
        lines.add(row);
        System.out.println(row);
    }
}
