package dev.acrbridge.bench;

import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.CloudStack;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The local stack every benchmark runs against: the token service (Entra, ACR token endpoints, ARM and an ADFS
 * authority for the Azure CLI), a real docker-registry behind nginx, one service principal with AcrPush, and the
 * registry as an ARM resource whose login server is the stack's {@code 127.0.0.1:PORT}.
 */
final class BenchStack implements AutoCloseable {
    static final String REGISTRY_NAME = "benchregistry";
    /** The service principal every benchmark logs in as (AcrPush). */
    final CloudStack.ServicePrincipal sp;
    final LocalAzure svc;
    final Path dir;
    private final CloudStack stack;

    BenchStack() throws IOException {
        stack = CloudStack.start(LocalAzure.Options.defaults().threads(32));
        sp = stack.servicePrincipal(Role.ACR_PUSH, "bench-");
        svc = stack.svc();
        svc.arm().tenant(sp.tenant()).registry(REGISTRY_NAME, stack.host());
        dir = Files.createTempDirectory("bench-");
        Files.writeString(secretFile(), sp.clientSecret() + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secretFile(), PosixFilePermissions.fromString("rw-------"));
    }

    /** The registry's login server {@code 127.0.0.1:PORT}. */
    String host() {
        return stack.host();
    }

    /** A 0600 file holding the client secret (secrets never go on a command line). */
    Path secretFile() {
        return dir.resolve("client-secret");
    }

    /** The variables acr-login reads, every location under {@code home}. */
    Map<String, String> cliEnvironment(Path home) {
        return ClientEnvironment.servicePrincipal(home, svc, host(), sp.tenant(), sp.clientId());
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp directory; best effort
            }
        }
    }

    /** Starts the stack, prints its settings as shell variables and runs until stdin closes (manual runs). */
    public static void main(String[] args) throws Exception {
        try (BenchStack s = new BenchStack()) {
            System.out.println("AUTHORITY=" + s.svc.authorityHost());
            System.out.println("REGISTRY=" + s.host());
            System.out.println("CA=" + s.svc.caCertificatePem());
            System.out.println("TENANT=" + s.sp.tenant());
            System.out.println("CLIENT=" + s.sp.clientId());
            System.out.println("SECRET_FILE=" + s.secretFile());
            System.out.println("SUBSCRIPTION=" + s.svc.arm().subscriptionId());
            System.out.flush();
            while (System.in.read() >= 0) {
                // run until stdin closes
            }
        }
    }
}
