package dev.acrbridge.bench;

import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.RegistryStack;
import dev.acrbridge.testsvc.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;

/**
 * The local stack every benchmark runs against: the token service (Entra, ACR token endpoints, ARM and an ADFS
 * authority for the Azure CLI), a real docker-registry behind nginx, one service principal with AcrPush, and the
 * registry as an ARM resource whose login server is the stack's {@code 127.0.0.1:PORT}.
 */
final class BenchStack implements AutoCloseable {
    static final String REGISTRY_NAME = "benchregistry";
    final String tenant = UUID.randomUUID().toString();
    final String clientId = UUID.randomUUID().toString();
    final String clientSecret = "bench-" + UUID.randomUUID();
    final LocalAzure svc;
    final RegistryStack registry;
    final Principal principal;
    final Path dir;

    BenchStack() throws IOException {
        svc = LocalAzure.start(LocalAzure.Options.defaults().threads(32));
        try {
            registry = RegistryStack.start(svc);
        } catch (RuntimeException e) {
            svc.close();
            throw e;
        }
        principal = svc.entra().servicePrincipal(tenant, clientId, clientSecret);
        svc.acr().assign(principal, Role.ACR_PUSH);
        svc.arm().tenant(tenant).registry(REGISTRY_NAME, registry.registryHost());
        dir = Files.createTempDirectory("bench-");
        Files.writeString(secretFile(), clientSecret + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secretFile(), PosixFilePermissions.fromString("rw-------"));
    }

    /** The registry's login server {@code 127.0.0.1:PORT}. */
    String host() {
        return registry.registryHost();
    }

    /** A 0600 file holding the client secret (secrets never go on a command line). */
    Path secretFile() {
        return dir.resolve("client-secret");
    }

    /** The variables acr-login reads, every location under {@code home}. */
    Map<String, String> cliEnvironment(Path home) {
        return ClientEnvironment.servicePrincipal(home, svc, host(), tenant, clientId);
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            svc.close();
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
            System.out.println("TENANT=" + s.tenant);
            System.out.println("CLIENT=" + s.clientId);
            System.out.println("SECRET_FILE=" + s.secretFile());
            System.out.println("SUBSCRIPTION=" + s.svc.arm().subscriptionId());
            System.out.flush();
            while (System.in.read() >= 0) {
                // run until stdin closes
            }
        }
    }
}
