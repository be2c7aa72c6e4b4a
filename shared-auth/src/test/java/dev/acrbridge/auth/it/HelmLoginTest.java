package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.login.ClientCommand;
import dev.acrbridge.auth.login.ClientLoginException;
import dev.acrbridge.auth.login.HelmRegistryWriter;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Helm;
import dev.acrbridge.testsvc.LoggedRequest;
import dev.acrbridge.testsvc.RegistryStack;
import dev.acrbridge.testsvc.Role;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HelmRegistryWriter} with the real helm 4: {@code helm registry login --password-stdin} against the real
 * registry behind the token service, then {@code helm push} / {@code helm pull} with what helm stored.
 */
class HelmLoginTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    static RegistryStack stack;
    static Helm helm;
    static RegistryCredential credential;
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        stack = RegistryStack.start(cloud.svc());
        helm = new Helm(shared.resolve("helm"));
        IdentitySpec sp = cloud.servicePrincipal(LocalCloud.guid(), LocalCloud.guid(), "helm-sp-secret", Role.ACR_PUSH);
        credential = LocalCloud.auth(cloud.svc()).allowRegistryHosts(Set.of(stack.registryHost())).build()
                .credential(sp, stack.registryHost());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private Map<String, String> helmEnv(Path config) {
        Map<String, String> env = ClientEnvironment.privateHome(tmp.resolve("home"));
        env.put(HelmRegistryWriter.CONFIG_VARIABLE, config.toString());
        return env;
    }

    @Test
    void realHelmLogsInWithTheTokenOnStdinThenPushesAndPullsTheChart() throws Exception {
        Path config = tmp.resolve("helm/registry/config.json");
        Path helmBinary = Path.of(helm.binary());
        HelmRegistryWriter writer = new HelmRegistryWriter(config, helmBinary, cloud.svc().caCertificatePem(),
                Duration.ofSeconds(60));
        cloud.svc().clearRequests();

        writer.login(credential);

        JsonNode entry = LocalCloud.JSON.readTree(config.toFile()).path("auths").path(stack.registryHost());
        assertEquals(RegistryCredential.NULL_GUID + ":" + credential.password().reveal(),
                new String(Base64.getDecoder().decode(entry.path("auth").asText()), StandardCharsets.UTF_8),
                "helm itself wrote the null-GUID + refresh token pair");
        List<LoggedRequest> tokenCalls = LocalCloud.requests(cloud.svc(), Endpoint.ACR_TOKEN);
        assertFalse(tokenCalls.isEmpty(), "helm registry login checked the credential at the token endpoint");
        assertTrue(tokenCalls.stream().allMatch(r -> r.status() == 200), tokenCalls.toString());

        Path chart = helm.packageChart("writer", "0.1.0", "helm registry login");
        Helm.Transfer pushed = helm.push(chart, stack.registryHost(), helmEnv(config), cloud.svc().caCertificatePem());
        Helm.Transfer pulled = helm.pull(stack.registryHost(), "writer", "0.1.0", helmEnv(config),
                cloud.svc().caCertificatePem());
        assertEquals(stack.registryHost() + "/charts/writer:0.1.0", pushed.reference());
        assertEquals(pushed.digest(), pulled.digest());
        assertEquals(Helm.sha256(chart), Helm.sha256(helm.pulledArchive("writer", "0.1.0")));

        assertTrue(writer.logout(stack.registryHost()), "helm's own entry is recorded as ours");
        assertFalse(LocalCloud.JSON.readTree(config.toFile()).path("auths").has(stack.registryHost()));
        assertTrue(helm.run(helmEnv(config), "pull", "oci://" + stack.registryHost() + "/charts/writer", "--version",
                "0.1.0", "--ca-file", cloud.svc().caCertificatePem().toString(), "--destination",
                tmp.toString()).exitCode() != 0, "logged out: the private chart is out of reach");
    }

    @Test
    void aRefusedLoginIsReportedWithTheSecretMaskedAndNothingWritten() throws IOException {
        Path config = tmp.resolve("refused/config.json");
        String wrong = "not-a-refresh-token-" + LocalCloud.guid();
        HelmRegistryWriter writer = new HelmRegistryWriter(config, Path.of(helm.binary()),
                cloud.svc().caCertificatePem(), Duration.ofSeconds(60));

        ClientLoginException e = assertThrows(ClientLoginException.class, () -> writer.login(
                new RegistryCredential(stack.registryHost(), RegistryCredential.NULL_GUID, Secret.of(wrong), null,
                        IdentityKind.SERVICE_PRINCIPAL_SECRET)));

        assertTrue(e.getMessage().contains("helm registry login " + stack.registryHost() + " failed (exit 1)"),
                e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        assertFalse(Files.exists(config) && Files.readString(config).contains(stack.registryHost()),
                "no entry for the registry");
    }

    @Test
    void aRegistryThatNeverAnswersIsCutOffByTheTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            accept.setDaemon(true);
            accept.start();
            String host = "127.0.0.1:" + silent.getLocalPort();
            HelmRegistryWriter writer = new HelmRegistryWriter(tmp.resolve("silent.json"), Path.of(helm.binary()),
                    null, Duration.ofSeconds(2));
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> writer.login(new RegistryCredential(host,
                    RegistryCredential.NULL_GUID, Secret.of("rt"), null, IdentityKind.SERVICE_PRINCIPAL_SECRET)));
            assertTrue(e.getMessage().contains("did not finish within 2 s"), e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void helmIsFoundOnlyWhereItIs() {
        Path helmBinary = Path.of(helm.binary());
        assertEquals(helmBinary, ClientCommand.findOnPath("helm", "/nonexistent:" + helmBinary.getParent())
                .orElseThrow());
        assertTrue(ClientCommand.findOnPath("helm", tmp.resolve("nothing").toString()).isEmpty());
    }
}
