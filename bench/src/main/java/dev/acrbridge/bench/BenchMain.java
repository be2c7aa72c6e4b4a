package dev.acrbridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * The one benchmark run (bench/run): on one local stack, the cold CLI login (service principal to refresh token
 * written) in several launcher configurations, the Azure CLI two-step and a JVM hello world as baselines, peak
 * memory, a class-loading timeline of the login, a 200-caller stampede and the JMH cached lookup. Prints a Markdown
 * report and writes it to the results file.
 *
 * <p>Arguments: {@code <acr-login.jar> <results.md> <runs> <bench classes dir>}.
 */
public final class BenchMain {
    static final double TARGET_VS_AZ = 0.25;
    static final double TARGET_VS_FLOOR = 8;
    static final double TARGET_LOOKUP_US = 10;

    private final Path jar;
    private final int runs;
    private final Path classes;
    private final Path scratch;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final List<String> log = new ArrayList<>();

    private BenchMain(Path jar, int runs, Path classes) throws IOException {
        this.jar = jar;
        this.runs = runs;
        this.classes = classes;
        this.scratch = Files.createTempDirectory("bench-run-");
    }

    public static void main(String[] args) throws Exception {
        BenchMain b = new BenchMain(Path.of(args[0]), Integer.parseInt(args[2]), Path.of(args[3]));
        String report = b.run();
        Files.createDirectories(Path.of(args[1]).toAbsolutePath().getParent());
        Files.writeString(Path.of(args[1]), report, StandardCharsets.UTF_8);
        System.out.println("\nwritten to " + args[1]);
        System.exit(0);
    }

    /** The measurements of one launch configuration. */
    record Series(String name, String flags, Stats wall, Stats rssKb) {
    }

    private String run() throws Exception {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        say("bench: " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + String.format("%.2f", load) + " (other builds running on this machine inflate every number "
                + "alike; ratios are measured within this run)");
        try (BenchStack stack = new BenchStack()) {
            Series hello = series("JVM hello world (floor)", List.of(), home -> List.of(java, "-cp",
                    classes.toString(), Hello.class.getName()), null);
            List<String> shipped = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
            List<Series> cli = new ArrayList<>();
            cli.add(cliSeries(stack, "java -jar (no flags)", java, List.of(), null));
            cli.add(cliSeries(stack, "as shipped: C1 + SerialGC", java, shipped, null));
            Path cds = scratch.resolve("acr-login.jsa");
            cli.add(cliSeries(stack, "C1 + SerialGC + AppCDS", java, with(shipped, "-XX:SharedArchiveFile=" + cds),
                    with(shipped, "-XX:ArchiveClassesAtExit=" + cds)));
            Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
            if (Files.isExecutable(jdk25)) {
                cli.add(cliSeries(stack, "JDK 25, C1 + SerialGC", jdk25.toString(), shipped, null));
                Path aot = scratch.resolve("acr-login.aot");
                cli.add(cliSeries(stack, "JDK 25, C1 + SerialGC + AOT cache", jdk25.toString(),
                        with(shipped, "-XX:AOTCache=" + aot), with(shipped, "-XX:AOTCacheOutput=" + aot)));
            }
            Path leanCds = scratch.resolve("lean.jsa");
            Path trainHome = Files.createDirectories(scratch.resolve("lean-train"));
            Timed.run(leanLogin(stack, with(shipped, "-XX:ArchiveClassesAtExit=" + leanCds), trainHome),
                    stack.cliEnvironment(trainHome), null, scratch, 120);
            List<String> leanCdsFlags = with(shipped, "-XX:SharedArchiveFile=" + leanCds);
            List<Series> lean = List.of(
                    series("prototype without azure-identity: C1 + SerialGC", shipped,
                            home -> leanLogin(stack, shipped, home), stack),
                    series("prototype without azure-identity: + AppCDS", leanCdsFlags,
                            home -> leanLogin(stack, leanCdsFlags, home), stack));
            Series az = azTwoStep(stack);
            String timeline = classLoadTimeline(stack, shipped);
            Stampede stampede = Stampede.run(stack.svc, stack.host(), 200);
            say(String.format("stampede: %d callers -> %d Entra call(s), %d challenge(s), %d exchange(s), %d distinct "
                            + "token(s), %d failure(s), %.0f ms", stampede.callers(), stampede.entraCalls(),
                    stampede.challenges(), stampede.exchanges(), stampede.distinct(), stampede.failures(),
                    stampede.millis()));
            Statistics one = jmh(1);
            Statistics two = jmh(2);
            return Report.markdown(hello, cli, lean, az, stampede, one, two, timeline, load, runs);
        }
    }

    private Series series(String name, List<String> flags, java.util.function.Function<Path, List<String>> command,
                          BenchStack stack) throws IOException {
        List<Double> wall = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            Path home = Files.createDirectories(scratch.resolve("home-" + System.nanoTime()));
            Map<String, String> env = stack == null ? Map.of("PATH", System.getenv("PATH")) : stack.cliEnvironment(home);
            Timed t = Timed.run(command.apply(home), env, null, scratch, 120);
            if (stack != null) {
                verifyLogin(stack, home);
            }
            if (i > 0) { // the first run warms the page cache
                wall.add(t.millis());
                rss.add((double) t.maxRssKb());
            }
        }
        Series s = new Series(name, String.join(" ", flags), Stats.of(wall), Stats.of(rss));
        say(String.format("%-45s median %6.0f ms (min %5.0f, max %5.0f)  max RSS %4.0f MB", name, s.wall().median(),
                s.wall().min(), s.wall().max(), s.rssKb().median() / 1024));
        return s;
    }

    /** A CLI series; {@code training} (when not null) are the flags of one login that writes the archive first. */
    private Series cliSeries(BenchStack stack, String name, String javaBin, List<String> flags, List<String> training)
            throws IOException {
        if (training != null) {
            Path home = Files.createDirectories(scratch.resolve("train-" + System.nanoTime()));
            Timed.run(cliLogin(stack, javaBin, training, home), stack.cliEnvironment(home), null, scratch, 180);
            say("trained for '" + name + "' with " + String.join(" ", training));
        }
        return series("acr-login login: " + name, flags, home -> cliLogin(stack, javaBin, flags, home), stack);
    }

    private static List<String> with(List<String> flags, String extra) {
        List<String> out = new ArrayList<>(flags);
        out.add(extra);
        return out;
    }

    private List<String> cliLogin(BenchStack stack, List<String> flags, Path home) {
        return cliLogin(stack, java, flags, home);
    }

    private List<String> cliLogin(BenchStack stack, String javaBin, List<String> flags, Path home) {
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        cmd.addAll(flags);
        cmd.addAll(List.of("-jar", jar.toString(), "login", stack.host(), "--tool", "podman", "--auth-file",
                home.resolve("auth.json").toString(), "--client-secret-file", stack.secretFile().toString()));
        return cmd;
    }

    private List<String> leanLogin(BenchStack stack, List<String> flags, Path home) {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LeanLogin.class.getName(), stack.host(),
                home.resolve("auth.json").toString(), stack.secretFile().toString()));
        return cmd;
    }

    /** Every measured login must have written the registry's refresh token. */
    private static void verifyLogin(BenchStack stack, Path home) throws IOException {
        Path auth = home.resolve("auth.json");
        if (!Files.isRegularFile(auth) || !Files.readString(auth).contains("\"" + stack.host() + "\"")) {
            throw new IllegalStateException("the login did not write " + auth);
        }
    }

    /** {@code az login --service-principal} then {@code az acr login --expose-token}, each from a fresh config. */
    private Series azTwoStep(BenchStack stack) throws IOException {
        Path az = Path.of("/usr/bin/az");
        if (!Files.isExecutable(az)) {
            throw new IllegalStateException("the Azure CLI is required (apt-get install azure-cli; bench/run does)");
        }
        Path template = scratch.resolve("az-template");
        Map<String, String> env = azEnvironment(stack, template);
        String a = stack.svc.authorityHost().toString();
        Timed.run(List.of(az.toString(), "cloud", "register", "-n", "BenchCloud", "--endpoint-active-directory",
                a + "/adfs", "--endpoint-resource-manager", a + "/", "--endpoint-active-directory-resource-id",
                "https://management.core.windows.net/", "--endpoint-active-directory-graph-resource-id",
                "https://graph.windows.net/", "--endpoint-management", "https://management.core.windows.net/",
                "--suffix-acr-login-server-endpoint", ".azurecr.io"), env, null, scratch, 120);
        Timed.run(List.of(az.toString(), "cloud", "set", "-n", "BenchCloud"), env, null, scratch, 60);
        Path secret = scratch.resolve("az-secret");
        Files.writeString(secret, stack.clientSecret, StandardCharsets.UTF_8); // az -p @file: no trailing newline
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        List<Double> wall = new ArrayList<>();
        List<Double> loginOnly = new ArrayList<>();
        List<Double> acrOnly = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            Path config = scratch.resolve("az-" + i);
            copy(template, config);
            Map<String, String> e = azEnvironment(stack, config);
            Timed login = Timed.run(List.of(az.toString(), "login", "--service-principal", "-u", stack.clientId,
                    "-p", "@" + secret, "--tenant", stack.tenant, "-o", "none"), e, null, scratch, 120);
            Timed acr = Timed.run(List.of(az.toString(), "acr", "login", "--name", BenchStack.REGISTRY_NAME,
                    "--expose-token", "-o", "json"), e, null, scratch, 120);
            if (!acr.output().contains("\"loginServer\": \"" + stack.host() + "\"")) {
                throw new IllegalStateException("az acr login gave no token for " + stack.host() + ":\n"
                        + acr.output().replaceAll("eyJ[\\w.-]+", "<token>"));
            }
            if (i > 0) {
                wall.add(login.millis() + acr.millis());
                loginOnly.add(login.millis());
                acrOnly.add(acr.millis());
                rss.add((double) Math.max(login.maxRssKb(), acr.maxRssKb()));
            }
        }
        Series s = new Series("az login + az acr login --expose-token", "", Stats.of(wall), Stats.of(rss));
        say(String.format("%-45s median %6.0f ms (az login %4.0f + acr login %4.0f)  max RSS %4.0f MB",
                s.name(), s.wall().median(), Stats.of(loginOnly).median(), Stats.of(acrOnly).median(),
                s.rssKb().median() / 1024));
        return s;
    }

    private static Map<String, String> azEnvironment(BenchStack stack, Path config) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", config.toString());
        env.put("AZURE_CONFIG_DIR", config.toString());
        // override (never append to) the machine-wide CA settings: az trusts exactly the local CA
        env.put("REQUESTS_CA_BUNDLE", stack.svc.caCertificatePem().toString());
        env.put("SSL_CERT_FILE", stack.svc.caCertificatePem().toString());
        env.put("AZURE_CORE_COLLECT_TELEMETRY", "0");
        env.put("AZURE_CORE_SURVEY_MESSAGE", "false");
        return env;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /**
     * One login with {@code -Xlog:class+load} and uptime stamps: when main starts, when azure-identity and msal4j are
     * first touched, when the client configuration is written, and how many classes each library loads.
     */
    private String classLoadTimeline(BenchStack stack, List<String> flags) throws IOException {
        Path logFile = scratch.resolve("classload.log");
        List<String> f = new ArrayList<>(flags);
        f.add("-Xlog:class+load=info:file=" + logFile + ":uptime");
        Path home = Files.createDirectories(scratch.resolve("timeline"));
        Timed t = Timed.run(cliLogin(stack, f, home), stack.cliEnvironment(home), null, scratch, 120);
        String timeline = ClassLoadTimeline.summarise(Files.readAllLines(logFile), t.millis());
        say(timeline);
        return timeline;
    }

    private Statistics jmh(int threads) throws Exception {
        Options options = new OptionsBuilder().include(CachedLookupBenchmark.class.getName())
                .forks(1).threads(threads)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .shouldFailOnError(true).build();
        RunResult result = new Runner(options).runSingle();
        Statistics s = result.getPrimaryResult().getStatistics();
        say(String.format("JMH cached lookup, %d thread(s): median %.3f us, p99 %.3f us, mean %.3f us (n=%d)",
                threads, s.getPercentile(50), s.getPercentile(99), s.getMean(), s.getN()));
        return s;
    }

    private void say(String line) {
        log.add(line);
        System.out.println(line);
        System.out.flush();
    }
}
