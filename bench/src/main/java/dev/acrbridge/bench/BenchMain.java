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
 * <p>Arguments: {@code <acr-login.jar> <results.md> <runs> <bench classes dir> <bin/acr-login launcher> [helper]}; with
 * {@code helper} only the credential-helper section ({@link HelperBench}) is measured.
 */
public final class BenchMain {
    static final double TARGET_VS_AZ = 0.25;
    static final double TARGET_VS_FLOOR = 8;
    static final double TARGET_LOOKUP_US = 10;

    private final Path jar;
    private final Path launcher;
    private final int runs;
    private final Path classes;
    private final Path scratch;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final List<String> log = new ArrayList<>();

    private BenchMain(Path jar, Path launcher, int runs, Path classes) throws IOException {
        this.jar = jar;
        this.launcher = launcher;
        this.runs = runs;
        this.classes = classes;
        this.scratch = Files.createTempDirectory("bench-run-");
    }

    public static void main(String[] args) throws Exception {
        BenchMain b = new BenchMain(Path.of(args[0]), Path.of(args[4]), Integer.parseInt(args[2]), Path.of(args[3]));
        String report = args.length > 5 && args[5].equals("helper") ? b.helperOnly() : b.run();
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
            List<String> shipped = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
            // the floor starts the JVM exactly as the launcher does (C1, serial GC, -Xshare:auto: the JDK's own
            // class-data archive), so the ratio is what acr-login adds, not what its JVM flags save
            List<String> launcherFlags = with(shipped, "-Xshare:auto");
            Subject hello = new Subject("JVM hello world, the launcher's JVM flags (floor)", String.join(" ",
                    launcherFlags), home -> Timed.run(with(with(List.of(java), launcherFlags), List.of("-cp",
                    classes.toString(), Hello.class.getName())), Map.of("PATH", System.getenv("PATH")), null,
                    scratch, 60));
            List<Subject> cli = new ArrayList<>();
            cli.add(cli(stack, "java -jar (no flags)", java, List.of(), null));
            cli.add(launcher(stack)); // index 1: the report's "as shipped"
            Subject token = launcherToken(stack); // after launcher(): the archive is trained
            cli.add(cli(stack, "C1 + SerialGC, no archive (a first run; what the GitHub Action starts)", java,
                    shipped, null));
            Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
            if (Files.isExecutable(jdk25)) {
                cli.add(cli(stack, "JDK 25, C1 + SerialGC", jdk25.toString(), shipped, null));
                Path aot = scratch.resolve("acr-login.aot");
                cli.add(cli(stack, "JDK 25, C1 + SerialGC + AOT cache", jdk25.toString(),
                        with(shipped, "-XX:AOTCache=" + aot), with(shipped, "-XX:AOTCacheOutput=" + aot)));
            }
            String v2 = "https://" + stack.host() + "/v2/";
            List<Subject> probes = List.of(
                    probe(stack, "probe: one GET /v2/, JDK HttpClient", shipped, "jdk", v2),
                    probe(stack, "probe: one GET /v2/, HttpsURLConnection", shipped, "urlconnection", v2));
            Subject az = azTwoStep(stack);
            List<Subject> all = new ArrayList<>(List.of(hello, token));
            all.addAll(cli);
            all.add(az);
            all.addAll(probes);
            Map<Subject, Series> measured = measureInterleaved(all);
            String timeline = classLoadTimeline(stack, shipped);
            Stampede stampede = Stampede.run(stack.svc, stack.host(), 200);
            say(String.format("stampede: %d callers -> %d Entra call(s), %d challenge(s), %d exchange(s), %d distinct "
                            + "token(s), %d failure(s), %.0f ms", stampede.callers(), stampede.entraCalls(),
                    stampede.challenges(), stampede.exchanges(), stampede.distinct(), stampede.failures(),
                    stampede.millis()));
            String helper = helper(stack);
            Statistics one = jmh(1);
            Statistics two = jmh(2);
            return Report.markdown(measured.get(hello), measured.get(token), cli.stream().map(measured::get).toList(),
                    probes.stream().map(measured::get).toList(),
                    measured.get(az), stampede, one, two, timeline, load, runs) + "\n" + helper;
        }
    }

    private String helperOnly() throws Exception {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        say("bench helper: " + Instant.now() + ", load average " + String.format("%.2f", load));
        try (BenchStack stack = new BenchStack()) {
            return "# Benchmark results: credential helper\n\nRun " + Instant.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name")
                    + " " + System.getProperty("java.runtime.version") + String.format(", load average at start "
                    + "%.2f.%n%n", load) + helper(stack);
        }
    }

    private String helper(BenchStack stack) throws Exception {
        return new HelperBench(stack, launcher.getParent(), jar, classes, scratch, runs).run();
    }

    /** One thing measured: each call runs it once from scratch (fresh HOME or config) and returns what it cost. */
    record Subject(String name, String flags, Run run) {
    }

    /** A single run of a subject. */
    @FunctionalInterface
    interface Run {
        Timed once(Path home) throws IOException;
    }

    /**
     * Round-robin: every round runs each subject once, so a change in machine load (other builds) hits every
     * series alike instead of whichever happened to run at that moment. Round 0 is a warm-up and is not counted.
     */
    private Map<Subject, Series> measureInterleaved(List<Subject> subjects) throws IOException {
        Map<Subject, List<Timed>> results = new LinkedHashMap<>();
        subjects.forEach(s -> results.put(s, new ArrayList<>()));
        for (int round = 0; round <= runs; round++) {
            for (Subject s : subjects) {
                Timed t = s.run().once(Files.createDirectories(scratch.resolve("home-" + System.nanoTime())));
                if (round > 0) {
                    results.get(s).add(t);
                }
            }
            say("round " + round + " of " + runs + " done, load average " + String.format("%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        }
        Map<Subject, Series> out = new LinkedHashMap<>();
        for (Subject s : subjects) {
            List<Timed> ts = results.get(s);
            Series series = new Series(s.name(), s.flags(), Stats.of(ts.stream().map(Timed::millis).toList()),
                    Stats.of(ts.stream().map(t -> (double) t.maxRssKb()).toList()));
            say(String.format("%-52s median %6.0f ms (min %5.0f, max %5.0f)  max RSS %4.0f MB", s.name(),
                    series.wall().median(), series.wall().min(), series.wall().max(), series.rssKb().median() / 1024));
            out.put(s, series);
        }
        return out;
    }

    /** A CLI launch; {@code training} (when not null) are the flags of one login that writes the archive first. */
    private Subject cli(BenchStack stack, String name, String javaBin, List<String> flags, List<String> training)
            throws IOException {
        if (training != null) {
            Path home = Files.createDirectories(scratch.resolve("train-" + System.nanoTime()));
            Timed.run(cliLogin(stack, javaBin, training, home), stack.cliEnvironment(home), null, scratch, 180);
            say("trained for '" + name + "' with " + String.join(" ", training));
        }
        return login(stack, "acr-login login: " + name, flags, home -> cliLogin(stack, javaBin, flags, home));
    }

    /**
     * {@code bin/acr-login login ...} as users run it, with the class-data archive the launcher made after one untimed
     * training login (its dump runs detached, so this waits for the archive before anything is measured).
     */
    private Subject launcher(BenchStack stack) throws IOException {
        Path cds = scratch.resolve("cds");
        Map<String, String> launcherEnv = Map.of("ACR_LOGIN_JAR", jar.toString(), "ACR_LOGIN_CDS_DIR", cds.toString(),
                "JAVA_HOME", System.getProperty("java.home"));
        java.util.function.Function<Path, List<String>> command = home -> with(List.of(launcher.toString()),
                loginArguments(stack, home));
        Path trainHome = Files.createDirectories(scratch.resolve("train-launcher"));
        Map<String, String> trainEnv = stack.cliEnvironment(trainHome);
        trainEnv.putAll(launcherEnv);
        Timed.run(command.apply(trainHome), trainEnv, null, scratch, 180);
        Path archive = LauncherArchive.await(cds, 180);
        say("trained bin/acr-login: " + archive.getFileName() + ", " + Files.size(archive) / (1024 * 1024) + " MB");
        return login(stack, "acr-login login: as shipped: bin/acr-login (C1 + SerialGC + class-data archive)",
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                        "-XX:SharedArchiveFile=$ACR_LOGIN_CDS_DIR/acr-login-KEY.jsa"), launcherEnv, command);
    }

    /**
     * {@code bin/acr-login token ...} as shipped, with the archive {@link #launcher} trained: the issue's measure of
     * start-up (a token and exit, no file written), against the floor started with the same JVM flags.
     */
    private Subject launcherToken(BenchStack stack) {
        Path cds = scratch.resolve("cds");
        Map<String, String> launcherEnv = Map.of("ACR_LOGIN_JAR", jar.toString(), "ACR_LOGIN_CDS_DIR", cds.toString(),
                "JAVA_HOME", System.getProperty("java.home"));
        return new Subject("acr-login token: as shipped: bin/acr-login (C1 + SerialGC + class-data archive)",
                "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -XX:SharedArchiveFile=...", home -> {
                    Map<String, String> env = stack.cliEnvironment(home);
                    env.putAll(launcherEnv);
                    Timed t = Timed.run(List.of(launcher.toString(), "token", stack.host(), "--client-secret-file",
                            stack.secretFile().toString()), env, null, scratch, 120);
                    if (!t.output().contains("\"accessToken\"")) {
                        throw new IllegalStateException("acr-login token printed no token: " + t.output());
                    }
                    return t;
                });
    }

    /** A login command that must write the registry's refresh token into HOME/auth.json. */
    private Subject login(BenchStack stack, String name, List<String> flags,
                          java.util.function.Function<Path, List<String>> command) {
        return login(stack, name, flags, Map.of(), command);
    }

    private Subject login(BenchStack stack, String name, List<String> flags, Map<String, String> extraEnv,
                          java.util.function.Function<Path, List<String>> command) {
        return new Subject(name, String.join(" ", flags), home -> {
            Map<String, String> env = stack.cliEnvironment(home);
            env.putAll(extraEnv);
            Timed t = Timed.run(command.apply(home), env, null, scratch, 120);
            verifyLogin(stack, home);
            return t;
        });
    }

    private Subject probe(BenchStack stack, String name, List<String> flags, String client, String url) {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OneRequest.class.getName(), client, url,
                stack.svc.caCertificatePem().toString()));
        return new Subject(name, String.join(" ", flags), home -> Timed.run(cmd, Map.of("PATH", System.getenv("PATH")),
                null, scratch, 60));
    }

    private static List<String> with(List<String> flags, String extra) {
        return with(flags, List.of(extra));
    }

    private static List<String> with(List<String> flags, List<String> extra) {
        List<String> out = new ArrayList<>(flags);
        out.addAll(extra);
        return out;
    }

    private List<String> cliLogin(BenchStack stack, String javaBin, List<String> flags, Path home) {
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        cmd.addAll(flags);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(loginArguments(stack, home));
        return cmd;
    }

    private static List<String> loginArguments(BenchStack stack, Path home) {
        return List.of("login", stack.host(), "--tool", "podman", "--auth-file", home.resolve("auth.json").toString(),
                "--client-secret-file", stack.secretFile().toString());
    }

    /** Every measured login must have written the registry's refresh token. */
    private static void verifyLogin(BenchStack stack, Path home) throws IOException {
        Path auth = home.resolve("auth.json");
        if (!Files.isRegularFile(auth) || !Files.readString(auth).contains("\"" + stack.host() + "\"")) {
            throw new IllegalStateException("the login did not write " + auth);
        }
    }

    /** {@code az login --service-principal} then {@code az acr login --expose-token}, each run from a fresh config. */
    private Subject azTwoStep(BenchStack stack) throws IOException {
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
        Files.writeString(secret, stack.sp.clientSecret(), StandardCharsets.UTF_8); // az -p @file: no trailing newline
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        return new Subject("az login + az acr login --expose-token", "", home -> {
            Path config = home.resolve("azure");
            copy(template, config);
            Map<String, String> e = azEnvironment(stack, config);
            Timed login = Timed.run(List.of(az.toString(), "login", "--service-principal", "-u", stack.sp.clientId(),
                    "-p", "@" + secret, "--tenant", stack.sp.tenant(), "-o", "none"), e, null, scratch, 120);
            Timed acr = Timed.run(List.of(az.toString(), "acr", "login", "--name", BenchStack.REGISTRY_NAME,
                    "--expose-token", "-o", "json"), e, null, scratch, 120);
            if (!acr.output().contains("\"loginServer\": \"" + stack.host() + "\"")) {
                throw new IllegalStateException("az acr login gave no token for " + stack.host() + ":\n"
                        + acr.output().replaceAll("eyJ[\\w.-]+", "<token>"));
            }
            return new Timed(login.millis() + acr.millis(), Math.max(login.maxRssKb(), acr.maxRssKb()), "");
        });
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
        Timed t = Timed.run(cliLogin(stack, java, f, home), stack.cliEnvironment(home), null, scratch, 120);
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
