package dev.acrbridge.testsvc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalStackMainTest {

    @Test
    void printsEndpointsServesSeededIdentitiesAndCleansUpWhenStdinCloses(@TempDir Path tmp) throws Exception {
        String tenant = UUID.randomUUID().toString();
        String app = UUID.randomUUID().toString();
        Path seed = Files.writeString(tmp.resolve("seed.json"), "{\"servicePrincipals\":[{\"tenantId\":\"" + tenant
                + "\",\"clientId\":\"" + app + "\",\"secret\":\"pw\",\"roles\":[{\"role\":\"ACR_PUSH\"}]}],"
                + "\"federated\":[{\"tenantId\":\"" + tenant + "\",\"clientId\":\"wi-app\",\"issuer\":\"kubernetes\","
                + "\"subject\":\"system:serviceaccount:ns:sa\"}]}");
        // in-process (a JVM per run would only re-generate keys); stdin and stdout are pipes
        PipedOutputStream stdin = new PipedOutputStream();
        PipedInputStream mainIn = new PipedInputStream(stdin);
        PipedInputStream stdout = new PipedInputStream(1 << 16);
        PrintStream mainOut = new PrintStream(new PipedOutputStream(stdout), true, StandardCharsets.UTF_8);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        Future<Integer> exit = runner.submit(() -> LocalStackMain.run(new String[] {"--seed", seed.toString()},
                mainIn, mainOut));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("{"), "first line: " + line);
            @SuppressWarnings("unchecked")
            Map<String, Object> endpoints = TestHttp.JSON.readValue(line, Map.class);
            Path ca = Path.of((String) endpoints.get("caCertificatePem"));
            @SuppressWarnings("unchecked")
            Path tokenFile = Path.of(((Map<String, String>) endpoints.get("federatedTokenFiles")).get("wi-app"));
            assertTrue(Files.isReadable(tokenFile));

            HttpClient http = HttpClient.newBuilder().sslContext(sslContextFor(ca))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(endpoints.get("authorityHost")
                    + "/" + tenant + "/oauth2/v2.0/token")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(TestHttp.form("grant_type", "client_credentials",
                            "client_id", app, "client_secret", "pw",
                            "scope", "https://containerregistry.azure.net/.default"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, token.statusCode(), token.body());
            String registry = (String) endpoints.get("registryHost");
            HttpResponse<String> exchange = http.send(HttpRequest.newBuilder(URI.create("https://" + registry
                    + "/oauth2/exchange")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(TestHttp.form("grant_type", "access_token",
                            "service", registry, "access_token", (String) TestHttp.json(token).get("access_token"))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, exchange.statusCode(), exchange.body());

            stdin.close();
            assertEquals(0, exit.get(20, TimeUnit.SECONDS), "returns 0 once stdin closes");
            assertFalse(Files.exists(ca), "temp dir removed");
            assertFalse(Files.exists(tokenFile));
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void badArgumentsGiveExitCode2() throws Exception {
        assertEquals(2, LocalStackMain.run(new String[] {"--duration", "soon"}, InputStream.nullInputStream(),
                System.out));
        assertEquals(2, LocalStackMain.run(new String[] {"--what"}, InputStream.nullInputStream(), System.out));
    }

    @Test
    void missingToolIsAClearFailureNotASkip() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Executables.find("no-such-registry-binary", "apt-get install docker-registry"));
        assertTrue(e.getMessage().contains("no-such-registry-binary") && e.getMessage().contains("apt-get install"),
                e.getMessage());
    }

    static javax.net.ssl.SSLContext sslContextFor(Path caPem) throws Exception {
        java.security.cert.Certificate ca;
        try (var in = Files.newInputStream(caPem)) {
            ca = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
