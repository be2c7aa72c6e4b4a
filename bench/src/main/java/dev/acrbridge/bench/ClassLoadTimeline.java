package dev.acrbridge.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@code -Xlog:class+load:...:uptime} log into milestones and per-library class counts. */
final class ClassLoadTimeline {
    private static final Pattern LINE = 
            Pattern.compile("^\\[(\\d+\\.\\d+)s\\](?:\\[[^\\]]*\\])* (\\S+) source: (.*)$");
    private static final Map<String, String> MILESTONES = new LinkedHashMap<>();
    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        MILESTONES.put("dev.acrbridge.cli.AcrLogin", "main() starts");
        MILESTONES.put("dev.acrbridge.auth.Preload", "preload thread started (TLS, Jackson, msal4j)");
        MILESTONES.put("picocli.", "picocli builds the command tree");
        MILESTONES.put("dev.acrbridge.auth.settings.LoginSettings", "settings read, identity resolved");
        MILESTONES.put("dev.acrbridge.auth.AcrAuth", "auth core being built");
        MILESTONES.put("dev.acrbridge.auth.ParallelCall", "Entra token and registry challenge start in parallel");
        MILESTONES.put("sun.security.ssl.ClientHello", "first TLS handshake");
        MILESTONES.put("dev.acrbridge.auth.identity.ConfidentialClientCredential", "msal4j application built");
        MILESTONES.put("dev.acrbridge.auth.registry.AuthChallenge", "challenge parsed");
        MILESTONES.put("dev.acrbridge.auth.registry.JwtClaims", "exchange answered (refresh token parsed)");
        MILESTONES.put("dev.acrbridge.cli.Summary", "configuration written, summary printed");
        GROUPS.put("com.azure.", "azure-core + azure-json");
        GROUPS.put("com.microsoft.aad.msal4j.", "msal4j");
        GROUPS.put("reactor.", "reactor");
        GROUPS.put("com.fasterxml.jackson.", "jackson");
        GROUPS.put("picocli.", "picocli");
        GROUPS.put("dev.acrbridge.", "acr-login + shared-auth");
    }

    private ClassLoadTimeline() {
    }

    static String summarise(List<String> lines, double wallMillis) {
        Map<String, Double> first = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        int jdk = 0;
        int total = 0;
        int archived = 0;
        double last = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            double t = Double.parseDouble(m.group(1)) * 1000;
            String name = m.group(2);
            total++;
            last = t;
            if (m.group(3).contains("shared objects file")) {
                archived++;
            }
            for (String prefix : MILESTONES.keySet()) {
                if (name.startsWith(prefix)) {
                    first.putIfAbsent(prefix, t);
                }
            }
            boolean grouped = false;
            for (Map.Entry<String, String> g : GROUPS.entrySet()) {
                if (name.startsWith(g.getKey())) {
                    counts.merge(g.getValue(), 1, Integer::sum);
                    grouped = true;
                }
            }
            if (!grouped && (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                    || name.startsWith("sun.") || name.startsWith("com.sun."))) {
                jdk++;
            } else if (!grouped) {
                counts.merge("other", 1, Integer::sum);
            }
        }
        StringBuilder b = new StringBuilder("Class-loading timeline of one login (as shipped, JVM uptime ms):\n");
        MILESTONES.entrySet().stream().filter(m -> first.containsKey(m.getKey()))
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(first::get)))
                .forEach(m -> b.append(String.format("  %7.0f  %s%n", first.get(m.getKey()), m.getValue())));
        b.append(String.format("  %7.0f  last class loaded%n  %7.0f  process wall time (exit included)%n", last,
                wallMillis));
        b.append(String.format("Classes loaded: %d (%d from the CDS archive); JDK %d", total, archived, jdk));
        counts.forEach((k, v) -> b.append(", ").append(k).append(' ').append(v));
        return b.toString();
    }
}
