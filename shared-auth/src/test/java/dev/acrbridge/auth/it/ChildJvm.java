package dev.acrbridge.auth.it;

import dev.acrbridge.testsvc.ClientProcesses;
import dev.acrbridge.testsvc.LocalAzure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-Djdk.net.hosts.file=" + System.getProperty("acr.test.hostsFile"), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ChildProbe.class.getName(),
                svc.authorityHost().toString(), svc.registryHost(), svc.caCertificatePem().toString()));
        command.addAll(List.of(cases));
        Map<String, String> childEnv = new LinkedHashMap<>();
        childEnv.put("PATH", System.getenv("PATH"));
        childEnv.put("HOME", System.getProperty("java.io.tmpdir"));
        childEnv.putAll(env);
        ClientProcesses.Result r = ClientProcesses.run(command, childEnv, null, null, Duration.ofSeconds(90));
        return Stream.concat(r.stdout().lines(), r.stderr().lines()).toList();
    }

    /** @return the RESULT line of one case */
    static String result(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith("RESULT " + name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT " + name + " in:\n" + String.join("\n", lines)));
    }
}
