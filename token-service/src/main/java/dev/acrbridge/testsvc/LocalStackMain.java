package dev.acrbridge.testsvc;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the local service (and by default the registry stack) for the demo and manual runs. Prints one line of JSON
 * with every endpoint on stdout, then runs until stdin closes or the given duration passes.
 *
 * <pre>java -cp ... dev.acrbridge.testsvc.LocalStackMain [--seed FILE] [--no-registry] [--duration PT30M]</pre>
 */
public final class LocalStackMain {
    private LocalStackMain() {
    }

    /** Entry point; exit code 2 for bad arguments. */
    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.in, System.out));
    }

    /** Runs until {@code in} reaches EOF (or the duration passes); returns the exit code. */
    static int run(String[] args, InputStream in, PrintStream out) throws IOException, InterruptedException {
        Path seed = null;
        boolean registry = true;
        Duration duration = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seed" -> seed = Path.of(value(args, ++i, "--seed"));
                    case "--no-registry" -> registry = false;
                    case "--duration" -> duration = Duration.parse(value(args, ++i, "--duration"));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            System.err.println(e.getMessage()
                    + "\nusage: LocalStackMain [--seed FILE] [--no-registry] [--duration PT30M]");
            return 2;
        }
        try (LocalAzure svc = LocalAzure.start();
             RegistryStack stack = registry ? RegistryStack.start(svc) : null) {
            Map<String, Path> tokenFiles = seed == null ? Map.of() : StackSeed.read(seed).apply(svc);
            out.println(Jwts.JSON.writeValueAsString(endpoints(svc, stack, tokenFiles)));
            out.flush();
            waitForEnd(in, duration);
        }
        return 0;
    }

    static Map<String, Object> endpoints(LocalAzure svc, RegistryStack stack, Map<String, Path> tokenFiles) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("authorityHost", svc.authorityHost().toString());
        m.put("registryHost", stack != null ? stack.registryHost() : svc.registryHost());
        m.put("tokenServiceHost", svc.registryHost());
        m.put("caCertificatePem", svc.caCertificatePem().toString());
        if (stack != null) {
            m.put("certDirectory", stack.certDirectory().toString());
        }
        m.put("trustStore", svc.trustStore().toString());
        m.put("trustStorePassword", svc.trustStorePassword());
        m.put("defaultTenantId", svc.entra().defaultTenantId());
        m.put("kubernetesIssuer", svc.entra().kubernetesIssuer());
        m.put("imdsAuthorityHost", svc.imdsAuthorityHost());
        m.put("appServiceEndpoint", svc.appServiceEndpoint());
        m.put("appServiceHeader", svc.appServiceHeader());
        m.put("githubOidcRequestUrl", svc.githubOidcRequestUrl());
        m.put("githubOidcRequestToken", svc.githubOidcRequestToken());
        Map<String, String> files = new LinkedHashMap<>();
        tokenFiles.forEach((k, v) -> files.put(k, v.toString()));
        m.put("federatedTokenFiles", files);
        return m;
    }

    private static void waitForEnd(InputStream in, Duration duration) throws IOException, InterruptedException {
        if (duration != null) {
            Thread.sleep(duration.toMillis());
            return;
        }
        byte[] buf = new byte[256];
        while (in.read(buf) >= 0) {
            // input is ignored; only EOF matters
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
