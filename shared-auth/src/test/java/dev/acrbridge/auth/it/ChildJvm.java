package dev.acrbridge.auth.it;

import dev.acrbridge.testsvc.LocalAzure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts {@link ChildProbe} in a fresh JVM with a controlled environment, for settings read from the real env. */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * @param svc   the service the child talks to
     * @param env   the child's whole environment besides PATH (given PATH entries win)
     * @param cases ChildProbe cases {@code name;KEY=VALUE;...}
     * @return the child's output lines
     */
    static List<String> run(LocalAzure svc, Map<String, String> env, String... cases)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-Djdk.net.hosts.file=" + System.getProperty("acr.test.hostsFile"), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ChildProbe.class.getName(),
                svc.authorityHost().toString(), svc.registryHost(), svc.caCertificatePem().toString()));
        command.addAll(List.of(cases));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes(); // bounded: every HTTP call in the child has a timeout and it exits by itself
        }
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 90 s");
        }
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }

    /** @return the RESULT line of one case */
    static String result(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith("RESULT " + name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT " + name + " in:\n" + String.join("\n", lines)));
    }
}
