package dev.acrbridge.testsvc;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for the cloud, on loopback only: one HTTPS port for Entra and the ACR token endpoints, one plain
 * HTTP port for IMDS, App Service managed identity and the GitHub OIDC request URL. Test and demo use only.
 * Everything it writes lives in a temp directory that {@link #close()} (or JVM exit) removes.
 */
public final class LocalAzure implements AutoCloseable {
    /**
     * Start options; each modifier returns a copy.
     *
     * @param httpsPort the HTTPS port (0 = random)
     * @param httpPort  the plain-HTTP port (0 = random)
     * @param threads   worker threads shared by both listeners
     */
    public record Options(int httpsPort, int httpPort, int threads) {

        /** Random ports, 16 worker threads. */
        public static Options defaults() {
            return new Options(0, 0, 16);
        }

        /** Fixed HTTPS port (0 = random). */
        public Options httpsPort(int port) {
            return new Options(port, httpPort, threads);
        }

        /** Fixed plain-HTTP port (0 = random). */
        public Options httpPort(int port) {
            return new Options(httpsPort, port, threads);
        }

        /** Worker threads shared by both listeners (a delayed fault holds one for its delay). */
        public Options threads(int n) {
            return new Options(httpsPort, httpPort, Math.max(2, n));
        }
    }

    /**
     * A domain no resolver knows (RFC 6761 reserves .test) that the HTTPS certificate covers with a wildcard: a test
     * proxy maps its names to 127.0.0.1, so a request to one of them can only succeed through that proxy.
     */
    public static final String PROXIED_DOMAIN = "proxied.test";

    private final Path dir;
    private final TlsMaterial tls = TlsMaterial.get();
    private final ExecutorService executor;
    private final HttpsServer https;
    private final HttpServer http;
    private final ServiceClock clock = new ServiceClock();
    private final RequestLog log = new RequestLog();
    private final Faults faults = new Faults();
    private final String appServiceHeader = UUID.randomUUID().toString();
    private final String githubRequestToken = UUID.randomUUID().toString();
    private final EntraDirectory entra;
    private final AcrRegistry acr;
    private final GitHubOidc github;
    private final AzureResourceManager arm = new AzureResourceManager();
    private final Thread cleanup;

    private LocalAzure(Options options) throws IOException {
        StaleDirs.reap("local-azure-");
        dir = Files.createTempDirectory("local-azure-");
        StaleDirs.markOwner(dir);
        cleanup = new Thread(() -> TempDirs.deleteRecursively(dir), "local-azure-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        Files.writeString(dir.resolve("ca.pem"), tls.ca.certificatePem(), StandardCharsets.US_ASCII);
        tls.writeTrustStore(dir.resolve("truststore.p12"));
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(options.threads, options.threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "local-azure-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        https = HttpsServer.create(new InetSocketAddress("127.0.0.1", options.httpsPort), 64);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", options.httpPort), 64);
        String authority = "https://127.0.0.1:" + https.getAddress().getPort();

        FederatedIssuers issuers = new FederatedIssuers(clock);
        EntraTokens entraTokens = new EntraTokens(clock, authority);
        entra = new EntraDirectory(issuers, entraTokens, authority);
        acr = new AcrRegistry(new AcrTokens(clock));
        acr.addService(registryHost());
        acr.addService("localhost:" + https.getAddress().getPort());
        github = new GitHubOidc(issuers, githubRequestToken);
        AcrCallers callers = new AcrCallers(acr, entra);
        ManagedIdentityTokens mi = new ManagedIdentityTokens(entra, entraTokens);

        https.createContext("/", new Dispatcher(Routes::https, Map.of(
                Endpoint.ENTRA_TOKEN, new EntraHandler(entra, entraTokens, clock),
                Endpoint.ENTRA_METADATA, new MetadataHandler(authority, entra, entraTokens),
                Endpoint.ACR_CHALLENGE, new AcrChallengeHandler(acr, callers),
                Endpoint.ACR_EXCHANGE, new AcrExchangeHandler(acr, entra, entraTokens),
                Endpoint.ACR_TOKEN, new AcrTokenHandler(acr, callers),
                Endpoint.ARM, new ArmHandler(arm, acr, entraTokens),
                Endpoint.ADFS, new AdfsHandler(authority, entra, entraTokens),
                Endpoint.GITHUB_OIDC, github), log, faults));
        http.createContext("/", new Dispatcher(Routes::http, Map.of(
                Endpoint.IMDS, new ImdsHandler(entra, mi),
                Endpoint.APP_SERVICE, new AppServiceHandler(entra, mi, appServiceHeader),
                Endpoint.GITHUB_OIDC, github), log, faults));
        https.setExecutor(executor);
        http.setExecutor(executor);
        https.start();
        http.start();
    }

    /** Starts with random loopback ports. */
    public static LocalAzure start() {
        return start(Options.defaults());
    }

    /** Starts with the given options. */
    public static LocalAzure start(Options options) {
        try {
            return new LocalAzure(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Azure service on 127.0.0.1", e);
        }
    }

    /** {@code https://127.0.0.1:PORT}: the authority host for azure-identity (Entra v2 paths under it). */
    public URI authorityHost() {
        return URI.create("https://127.0.0.1:" + https.getAddress().getPort());
    }

    /** {@code 127.0.0.1:PORT} of the ACR endpoints on the HTTPS port (with a RegistryStack use its host). */
    public String registryHost() {
        return "127.0.0.1:" + https.getAddress().getPort();
    }

    /**
     * Serves the ACR endpoints on the HTTPS port under another name too (the realm follows the Host header).
     *
     * @param name a host name such as {@code registry.proxied.test}
     * @return {@code name:PORT}, the registry's login server under that name
     */
    public String addRegistryName(String name) {
        String host = name + ":" + https.getAddress().getPort();
        acr.addService(host);
        return host;
    }

    /**
     * @param name a host name such as {@code entra.proxied.test}
     * @return {@code https://name:PORT}, the same HTTPS listener (Entra, ACR, GitHub OIDC) under that name
     */
    public URI httpsUnder(String name) {
        return URI.create("https://" + name + ":" + https.getAddress().getPort());
    }

    /** PEM file of the CA that signed the HTTPS certificate (and the RegistryStack's). */
    public Path caCertificatePem() {
        return dir.resolve("ca.pem");
    }

    /** PKCS#12 trust store holding the CA; password {@link #trustStorePassword()}. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** The trust store password (not a secret). */
    public String trustStorePassword() {
        return TlsMaterial.TRUST_STORE_PASSWORD;
    }

    /** An SSLContext that trusts exactly the CA. */
    public SSLContext sslContext() {
        return tls.clientContext();
    }

    /** {@code http://127.0.0.1:PORT}, the value for {@code AZURE_POD_IDENTITY_AUTHORITY_HOST}. */
    public String imdsAuthorityHost() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/msi/token}, the value for {@code IDENTITY_ENDPOINT}. */
    public String appServiceEndpoint() {
        return imdsAuthorityHost() + "/msi/token";
    }

    /** The value for {@code IDENTITY_HEADER}. */
    public String appServiceHeader() {
        return appServiceHeader;
    }

    /** The value for {@code ACTIONS_ID_TOKEN_REQUEST_URL} (already has a query; append {@code &audience=}). */
    public String githubOidcRequestUrl() {
        return imdsAuthorityHost() + "/github/oidc/token?api-version=2.0";
    }

    /** The value for {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}. */
    public String githubOidcRequestToken() {
        return githubRequestToken;
    }

    /** The Entra directory. */
    public EntraDirectory entra() {
        return entra;
    }

    /** The GitHub OIDC endpoint settings. */
    public GitHubOidc github() {
        return github;
    }

    /** The registry settings (roles, admin user, tokens, policies). */
    public AcrRegistry acr() {
        return acr;
    }

    /** ARM subscription and registry resources, for running the Azure CLI against this service (benchmarks). */
    public AzureResourceManager arm() {
        return arm;
    }

    /** Fault injection. */
    public Faults faults() {
        return faults;
    }

    /** The service clock (skew). */
    public ServiceClock clock() {
        return clock;
    }

    /** Every request received so far, in arrival order. */
    public List<LoggedRequest> requests() {
        return log.all();
    }

    /**
     * The service logs a request once its response is written, so a client can return before the entry exists.
     *
     * @return the request log once it has not grown for 150 ms (waiting at most 3 s)
     */
    public List<LoggedRequest> requestsSettled() {
        return requestsSettled(Duration.ofMillis(150), Duration.ofSeconds(3));
    }

    /**
     * @param quiet how long the log must not grow
     * @param max   the longest wait
     * @return the request log once it has not grown for {@code quiet} (or when {@code max} has passed)
     */
    public List<LoggedRequest> requestsSettled(Duration quiet, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        List<LoggedRequest> last = requests();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            List<LoggedRequest> now = requests();
            if (now.size() != last.size()) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > quiet.toNanos()) {
                break;
            }
        }
        return last;
    }

    /** Requests received so far by one endpoint. */
    public long count(Endpoint endpoint) {
        return log.count(endpoint);
    }

    /** Empties the request log. */
    public void clearRequests() {
        log.clear();
    }

    /** The temp directory this service owns. */
    public Path directory() {
        return dir;
    }

    TlsMaterial tls() {
        return tls;
    }

    /** Stops both listeners and deletes the temp directory. */
    @Override
    public void close() {
        https.stop(0);
        http.stop(0);
        executor.shutdownNow();
        TempDirs.deleteRecursively(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down: the hook does the same work
        }
    }
}
