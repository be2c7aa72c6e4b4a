package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.files.InputFiles;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Endpoint;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile file inputs through the real login path: each fails fast with an error naming the setting, and nothing
 * reaches Entra. Fast means well under a second here; the preemptive timeout turns a hang (FIFO) into a failure.
 */
class BoundedInputFilesTest {
    private static final Duration FAST = Duration.ofSeconds(5);
    private static final String TOKEN_FILE = "AZURE_FEDERATED_TOKEN_FILE";

    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    @TempDir
    Path dir;

    private InvalidConfigurationException workloadIdentityFails(Path tokenFile) {
        AcrAuth auth = LocalCloud.auth(cloud.svc()).build();
        IdentitySpec spec = new IdentitySpec.WorkloadIdentityFile(LocalCloud.guid(), LocalCloud.guid(), tokenFile);
        long start = System.nanoTime();
        InvalidConfigurationException e = assertTimeoutPreemptively(FAST, () -> assertThrows(
                InvalidConfigurationException.class, () -> auth.credential(spec, cloud.svc().registryHost())));
        long millis = (System.nanoTime() - start) / 1_000_000;
        long readerStart = System.nanoTime();
        assertThrows(InvalidConfigurationException.class, () -> InputFiles.federatedToken(tokenFile, TOKEN_FILE));
        long readerMicros = (System.nanoTime() - readerStart) / 1_000;
        System.out.println("[bounded reader] " + tokenFile.getFileName() + ": login failed in " + millis
                + " ms (reader alone " + readerMicros + " us): " + e.getMessage());
        assertEquals(TOKEN_FILE, e.field(), e.getMessage());
        assertEquals(0, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN), "nothing was sent to Entra");
        return e;
    }

    @Test
    void devZeroIsRefusedWithoutReading() {
        InvalidConfigurationException e = workloadIdentityFails(Path.of("/dev/zero"));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void fifoWithoutWriterDoesNotBlock() throws Exception {
        Path fifo = dir.resolve("token-fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        InvalidConfigurationException e = workloadIdentityFails(fifo);
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void directoryIsRefused() {
        InvalidConfigurationException e = workloadIdentityFails(dir);
        assertTrue(e.getMessage().contains("a directory"), e.getMessage());
    }

    @Test
    void tenMegabyteFileIsRefusedWithoutReadingIt() throws IOException {
        Path big = dir.resolve("big-token");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(10L * 1024 * 1024);
        }
        InvalidConfigurationException e = workloadIdentityFails(big);
        assertTrue(e.getMessage().contains("larger than 64 KiB"), e.getMessage());
    }

    @Test
    void tokenFileThatIsNotAJwtIsNeverSent() throws IOException {
        String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
        Path file = Files.writeString(dir.resolve("id_ed25519"), key, StandardCharsets.UTF_8);
        InvalidConfigurationException e = workloadIdentityFails(file);
        assertTrue(e.getMessage().contains("does not hold a JWT"), e.getMessage());
        assertFalse(e.getMessage().contains("b3BlbnNzaC1rZXktdjEAAAAA"), "the content is never quoted");
    }

    @Test
    void assertionThatIsNotAJwtIsNeverSent() {
        AcrAuth auth = LocalCloud.auth(cloud.svc()).build();
        IdentitySpec spec = new IdentitySpec.ClientAssertion(LocalCloud.guid(), LocalCloud.guid(),
                () -> Secret.of("hunter2-not-a-token"), "credential 'oidc'");
        InvalidConfigurationException e = assertTimeoutPreemptively(FAST, () -> assertThrows(
                InvalidConfigurationException.class, () -> auth.credential(spec, cloud.svc().registryHost())));
        assertEquals("client assertion", e.field(), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertEquals(0, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN), "nothing was sent to Entra");
    }

    @Test
    void certificateAndCaBundleGoThroughTheSameReader() throws Exception {
        Path fifo = dir.resolve("ca-fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        InvalidConfigurationException ca = assertTimeoutPreemptively(FAST, () -> assertThrows(
                InvalidConfigurationException.class, () -> AcrAuth.builder().trustedCertificates(fifo).build()));
        assertEquals("trusted certificates", ca.field(), ca.getMessage());

        AcrAuth auth = LocalCloud.auth(cloud.svc()).build();
        IdentitySpec cert = new IdentitySpec.ServicePrincipalCertificate(LocalCloud.guid(), LocalCloud.guid(),
                Path.of("/dev/zero"), null, false);
        InvalidConfigurationException e = assertTimeoutPreemptively(FAST, () -> assertThrows(
                InvalidConfigurationException.class, () -> auth.credential(cert, cloud.svc().registryHost())));
        assertEquals("AZURE_CLIENT_CERTIFICATE_PATH", e.field(), e.getMessage());
        assertEquals(0, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN));
    }

    @Test
    void aRealJwtPassesTheShapeCheck() {
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        InputFiles.requireJwt(header + ".eyJzdWIiOiJ4In0.c2ln", "f", "test");
        assertThrows(InvalidConfigurationException.class, () -> InputFiles.requireJwt("a.b.c", "f", "test"));
    }
}
