package dev.acrbridge.bench;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jmh.util.Statistics;

/** The Markdown report of one benchmark run: raw figures, ratios against this run's baselines, and the verdicts. */
final class Report {
    private Report() {
    }

    static String markdown(BenchMain.Series hello, BenchMain.Series token, List<BenchMain.Series> cli,
                           List<BenchMain.Series> probes, BenchMain.Series az, Stampede stampede,
                           Statistics oneThread, Statistics twoThreads, String timeline, double load, int runs) {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmark results\n\n");
        b.append(String.format("Run %s on %s, %d cores, %s, load average at start %.2f; %d measured runs per "
                        + "series after one warm-up run. Reproduce: `bench/run`.%n%n", Instant.now(),
                machine(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"), load, runs));
        b.append("## Cold login: service principal to refresh token written\n\n");
        b.append("| launch | median ms | min-max ms | x JVM floor | x az two-step | max RSS MB |\n");
        b.append("|---|---:|---:|---:|---:|---:|\n");
        row(b, hello, hello, az);
        row(b, token, hello, az);
        for (BenchMain.Series s : cli) {
            row(b, s, hello, az);
        }
        row(b, az, hello, az);
        for (BenchMain.Series s : probes) {
            row(b, s, hello, az);
        }
        BenchMain.Series best = cli.stream().min(Comparator.comparingDouble(s -> s.wall().median())).orElseThrow();
        BenchMain.Series shipped = cli.get(1);
        b.append(String.format("%nFlags: as shipped = `github-action/bin/acr-login`, which runs `java %s`: the "
                + "class-data archive the launcher dumped in the background after one untimed training login (class "
                + "list of that run, static `-Xshare:dump`); the other CLI rows start `java` directly. The JDK 25 AOT "
                + "cache (JEP 483/514) adds `-XX:AOTCache` "
                + "of a cache written once with `-XX:AOTCacheOutput`. The probe rows send one cold HTTPS `GET /v2/` and exit (OneRequest.java): the "
                + "difference between them is what the JDK HttpClient costs a short-lived process.%n%n",
                shipped.flags()));
        b.append("```\n").append(timeline).append("\n```\n\n");
        b.append("## Cached lookup (JMH, `AcrAuth.credential` on a cache hit)\n\n");
        b.append("| threads | median us | p99 us | mean us | samples |\n|---:|---:|---:|---:|---:|\n");
        jmhRow(b, 1, oneThread);
        jmhRow(b, 2, twoThreads);
        b.append(String.format("%n## Stampede%n%n%d concurrent `credential()` calls for one identity and registry on a "
                        + "cold AcrAuth: **%d Entra call, %d exchange** (%d `GET /v2/`), %d distinct token(s), "
                        + "%d failure(s), %.0f ms until the last caller had its credential.%n%n",
                stampede.callers(), stampede.entraCalls(), stampede.exchanges(), stampede.challenges(),
                stampede.distinct(), stampede.failures(), stampede.millis()));
        b.append("## Targets\n\n| target | measured | verdict |\n|---|---|---|\n");
        double tokenFloor = token.wall().median() / hello.wall().median();
        b.append(String.format("| cold `acr-login token` as shipped <= %.0fx a JVM hello world with the same flags | "
                        + "%.1fx (%.0f ms vs floor %.0f ms) | %s |%n", BenchMain.TARGET_VS_FLOOR, tokenFloor,
                token.wall().median(), hello.wall().median(), tokenFloor <= BenchMain.TARGET_VS_FLOOR ? "met" : "MISSED"));
        for (BenchMain.Series s : best == shipped ? List.of(shipped) : List.of(shipped, best)) {
            double az2 = s.wall().median() / az.wall().median();
            double floor = s.wall().median() / hello.wall().median();
            b.append(String.format("| cold login <= %.2fx az two-step | %.2fx (%s) | %s |%n", BenchMain.TARGET_VS_AZ,
                    az2, s.name(), az2 <= BenchMain.TARGET_VS_AZ ? "met" : "MISSED"));
            b.append(String.format("| cold login <= %.0fx JVM floor | %.1fx (%s) | %s |%n", BenchMain.TARGET_VS_FLOOR,
                    floor, s.name(), floor <= BenchMain.TARGET_VS_FLOOR ? "met" : "MISSED"));
        }
        b.append(String.format("| cached lookup <= %.0f us median | %.3f us | %s |%n", BenchMain.TARGET_LOOKUP_US,
                oneThread.getPercentile(50), oneThread.getPercentile(50) <= BenchMain.TARGET_LOOKUP_US ? "met"
                        : "MISSED"));
        boolean exact = stampede.entraCalls() == 1 && stampede.exchanges() == 1 && stampede.failures() == 0;
        b.append(String.format("| stampede: exactly 1 Entra call + 1 exchange | %d + %d | %s |%n",
                stampede.entraCalls(), stampede.exchanges(), exact ? "met" : "MISSED"));
        return b.toString();
    }

    private static void row(StringBuilder b, BenchMain.Series s, BenchMain.Series hello, BenchMain.Series az) {
        b.append(String.format("| %s | %.0f | %.0f-%.0f | %.1f | %.2f | %.0f |%n", s.name(), s.wall().median(),
                s.wall().min(), s.wall().max(), s.wall().median() / hello.wall().median(),
                s.wall().median() / az.wall().median(), s.rssKb().median() / 1024));
    }

    private static void jmhRow(StringBuilder b, int threads, Statistics s) {
        b.append(String.format("| %d | %.3f | %.3f | %.3f | %d |%n", threads, s.getPercentile(50),
                s.getPercentile(99), s.getMean(), s.getN()));
    }

    private static String machine() {
        try {
            String model = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1)
                            .trim()).orElse("unknown CPU");
            return model + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
        } catch (java.io.IOException e) {
            return "unknown machine";
        }
    }
}
