package dev.acrbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Fault;
import dev.acrbridge.testsvc.GitHubOidc;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.LoggedRequest;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every upstream endpoint times every fault, through the real auth core (and, for managed identity, in a child JVM
 * with the endpoint in its environment). Each cell must either recover within {@link #BOUND} with a credential the
 * registry accepts, or fail with an {@code AcrAuthException} that carries a fix and leaves the client configuration
 * byte-for-byte untouched. Secrets are looked for in every message, stack trace, output line and written file.
 */
class FaultMatrixTest {
    /** Upper bound of any cell, recovery or failure (timeouts of 2 s and retries included). */
    static final Duration BOUND = Duration.ofSeconds(12);
    static final List<Endpoint> ENDPOINTS = List.of(Endpoint.ENTRA_TOKEN, Endpoint.IMDS, Endpoint.APP_SERVICE,
            Endpoint.GITHUB_OIDC, Endpoint.ACR_CHALLENGE, Endpoint.ACR_EXCHANGE, Endpoint.ACR_TOKEN);

    /** The faults, each injected for one call (a transient upstream failure) unless it is a state (expiry, skew). */
    enum Kind {
        THROTTLED_RETRY_AFTER("429+RA"), THROTTLED("429"), ERROR_500("500"), UNAVAILABLE_503("503"),
        TIMEOUT("timeout"), RESET("reset"), MALFORMED_JSON("bad-json"), TRUNCATED("truncated"),
        EXPIRED_TOKEN("expired"), SKEW_AHEAD("skew+5m"), SKEW_BEHIND("skew-5m");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** What a cell did. */
    enum Outcome { RECOVERED, CLEAN_FAILURE, WRONG, NOT_APPLICABLE }

    record Cell(Endpoint endpoint, Kind kind, Outcome expected, Outcome actual, long millis, String detail,
                List<String> leaks) {
    }

    static LocalAzure svc;
    static HttpClient http;
    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        svc = LocalAzure.start(LocalAzure.Options.defaults().threads(24));
        http = HttpClient.newBuilder().sslContext(svc.sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (svc != null) {
            svc.close();
        }
    }

    /**
     * The expected outcome. Transient faults (throttling, 5xx, timeouts, resets, cut-off bodies) are retried and
     * must recover; a skew of 5 minutes must not matter. A 200 whose body is not JSON is not retried by either HTTP
     * stack, so it must fail cleanly. A body cut off after the headers is retried by our HTTP (registry, GitHub
     * OIDC and Entra token requests), but azure-core reads the body after its retry policy has returned, so on the
     * managed-identity endpoints it fails cleanly (marked transient). An endpoint that keeps issuing expired tokens
     * cannot be recovered from and must fail cleanly, except {@code /oauth2/token}, where an expired cached refresh
     * token is replaced by a new exchange.
     */
    static Outcome expected(Endpoint e, Kind k) {
        switch (k) {
            case MALFORMED_JSON:
                return Outcome.CLEAN_FAILURE;
            case TRUNCATED:
                return e == Endpoint.IMDS || e == Endpoint.APP_SERVICE ? Outcome.CLEAN_FAILURE : Outcome.RECOVERED;
            case EXPIRED_TOKEN:
                if (e == Endpoint.ACR_CHALLENGE) {
                    return Outcome.NOT_APPLICABLE;
                }
                return e == Endpoint.ACR_TOKEN ? Outcome.RECOVERED : Outcome.CLEAN_FAILURE;
            default:
                return Outcome.RECOVERED;
        }
    }

    @Test
    void everyEndpointTimesEveryFaultRecoversOrFailsCleanly() throws Exception {
        long started = System.nanoTime();
        List<Cell> cells = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            if (endpoint == Endpoint.IMDS || endpoint == Endpoint.APP_SERVICE) {
                cells.addAll(managedIdentityRow(endpoint));
            } else {
                for (Kind kind : Kind.values()) {
                    cells.add(inProcessCell(endpoint, kind));
                }
            }
        }
        String table = table(cells, Duration.ofNanos(System.nanoTime() - started));
        System.out.println(table);

        long wrong = cells.stream().filter(c -> c.actual == Outcome.WRONG).count();
        long leaked = cells.stream().mapToLong(c -> c.leaks.size()).sum();
        assertEquals(ENDPOINTS.size() * Kind.values().length, cells.size(), "one cell per endpoint and fault");
        assertEquals(0, wrong, "wrong results:\n" + details(cells, c -> c.actual == Outcome.WRONG));
        assertEquals(0, leaked, "secrets leaked:\n" + details(cells, c -> !c.leaks.isEmpty()));
        for (Cell c : cells) {
            assertEquals(c.expected, c.actual, c.endpoint + " x " + c.kind.label + ": " + c.detail);
        }
        assertTrue(cells.stream().filter(c -> c.actual == Outcome.RECOVERED).count() >= 60,
                "most faults are transient and must be survived");
    }

    // ---------------------------------------------------------------- in-process endpoints

    private Cell inProcessCell(Endpoint endpoint, Kind kind) throws Exception {
        if (expected(endpoint, kind) == Outcome.NOT_APPLICABLE) {
            return new Cell(endpoint, kind, Outcome.NOT_APPLICABLE, Outcome.NOT_APPLICABLE, 0,
                    "GET /v2/ is sent without credentials and issues none: no token can expire there", List.of());
        }
        Identity id = endpoint == Endpoint.GITHUB_OIDC ? gitHubIdentity() : servicePrincipal();
        Path dir = Files.createDirectories(work.resolve(endpoint + "-" + kind));
        ClientConfigs.seed(dir);
        Map<String, String> before = ClientConfigs.snapshot(dir);
        AcrAuth auth = LocalAuth.builder(svc.authorityHost(), Set.of(svc.registryHost()))
                .sslContext(svc.sslContext()).build();
        Attempt.Op op = endpoint == Endpoint.ACR_TOKEN ? Attempt.Op.TOKEN : Attempt.Op.LOGIN;
        if (endpoint == Endpoint.ACR_TOKEN && kind == Kind.EXPIRED_TOKEN) {
            // a refresh token cached earlier has expired by the time /oauth2/token sees it (the service is 4 h on)
            auth.credential(id.spec, svc.registryHost());
        }
        svc.clearRequests();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Attempt attempt;
        arm(endpoint, kind);
        try (PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            System.setErr(tee);
            attempt = Attempt.run(auth, id.spec, svc.registryHost(), dir, op);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        List<LoggedRequest> log = svc.requestsSettled();
        svc.faults().clear(); // the clock stays as the fault left it: the written token is checked in that world
        try {
            return judge(endpoint, kind, id, dir, before, attempt, log,
                    List.of(captured.toString(StandardCharsets.UTF_8)));
        } finally {
            disarm();
        }
    }

    // ---------------------------------------------------------------- managed identity (child JVM)

    private List<Cell> managedIdentityRow(Endpoint endpoint) throws Exception {
        Map<String, String> env = endpoint == Endpoint.IMDS
                ? Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", svc.imdsAuthorityHost())
                : Map.of("IDENTITY_ENDPOINT", svc.appServiceEndpoint(), "IDENTITY_HEADER", svc.appServiceHeader());
        List<Cell> row = new ArrayList<>();
        Path home = Files.createDirectories(work.resolve(endpoint + "-home"));
        try (ChildJvm child = new ChildJvm(env, home, svc.authorityHost().toString(), svc.registryHost(),
                svc.caCertificatePem().toString())) {
            for (Kind kind : Kind.values()) {
                String clientId = UUID.randomUUID().toString();
                Principal p = svc.entra().userAssignedIdentity(clientId, UUID.randomUUID().toString(), null);
                svc.acr().assign(p, Role.ACR_PUSH);
                Identity id = new Identity(null, p, List.of(svc.appServiceHeader()));
                Path dir = Files.createDirectories(work.resolve(endpoint + "-" + kind));
                ClientConfigs.seed(dir);
                Map<String, String> before = ClientConfigs.snapshot(dir);
                int linesBefore = child.logOutput().size();
                svc.clearRequests();
                arm(endpoint, kind);
                Attempt attempt = child.attempt(kind.name(), clientId, dir, Attempt.Op.LOGIN, BOUND.multipliedBy(3));
                List<LoggedRequest> log = svc.requestsSettled();
                svc.faults().clear();
                List<String> output = child.logOutput();
                try {
                    row.add(judge(endpoint, kind, id, dir, before, attempt, log,
                            output.subList(linesBefore, output.size())));
                } finally {
                    disarm();
                }
            }
        }
        return row;
    }

    // ---------------------------------------------------------------- faults

    private static void arm(Endpoint endpoint, Kind kind) {
        switch (kind) {
            case THROTTLED_RETRY_AFTER:
                svc.faults().inject(endpoint, Fault.status(429).retryAfter(Duration.ofSeconds(1)).once());
                break;
            case THROTTLED:
                svc.faults().inject(endpoint, Fault.status(429).once());
                break;
            case ERROR_500:
                svc.faults().inject(endpoint, Fault.status(500).once());
                break;
            case UNAVAILABLE_503:
                svc.faults().inject(endpoint, Fault.status(503).once());
                break;
            case TIMEOUT:
                svc.faults().inject(endpoint, Fault.delay(LocalAuth.TIMEOUT.plusMillis(1500)).once());
                break;
            case RESET:
                svc.faults().inject(endpoint, Fault.reset().once());
                break;
            case MALFORMED_JSON:
                svc.faults().inject(endpoint, Fault.malformedJson().once());
                break;
            case TRUNCATED:
                svc.faults().inject(endpoint, Fault.truncatedBody().once());
                break;
            case SKEW_AHEAD:
                svc.clock().skew(Duration.ofMinutes(5));
                break;
            case SKEW_BEHIND:
                svc.clock().skew(Duration.ofMinutes(-5));
                break;
            case EXPIRED_TOKEN:
            default:
                switch (endpoint) {
                    case ENTRA_TOKEN: case IMDS: case APP_SERVICE:
                        svc.entra().tokenLifetime(Duration.ofMinutes(-10));
                        break;
                    case GITHUB_OIDC:
                        svc.github().tokenLifetime(Duration.ofMinutes(-10));
                        break;
                    case ACR_EXCHANGE:
                        svc.acr().refreshTokenLifetime(Duration.ofMinutes(-10));
                        break;
                    case ACR_TOKEN:
                        svc.clock().skew(Duration.ofHours(4));
                        break;
                    default:
                        throw new IllegalArgumentException("no expired-token fault for " + endpoint);
                }
        }
    }

    private static void disarm() {
        svc.faults().clear();
        svc.clock().skew(Duration.ZERO);
        svc.entra().tokenLifetime(Duration.ofSeconds(3599));
        svc.github().tokenLifetime(Duration.ofMinutes(5));
        svc.acr().refreshTokenLifetime(Duration.ofHours(3));
    }

    // ---------------------------------------------------------------- judging

    private Cell judge(Endpoint endpoint, Kind kind, Identity id, Path dir, Map<String, String> before,
                       Attempt a, List<LoggedRequest> log, List<String> output) throws Exception {
        Set<String> secrets = new LinkedHashSet<>(Leaks.secretsIn(log));
        secrets.addAll(id.secrets);
        secrets.add(svc.githubOidcRequestToken());
        List<String> texts = new ArrayList<>(output);
        texts.add(a.message());
        texts.add(a.fix());
        texts.add(a.trace());
        List<String> leaks = new ArrayList<>(Leaks.findIn(secrets, texts));
        Set<String> notInFiles = new LinkedHashSet<>(secrets);
        if (a.ok() && a.token() != null) {
            notInFiles.remove(a.token()); // the written login carries it by design
        }
        Leaks.findIn(notInFiles, Leaks.filesUnder(dir)).forEach(s -> leaks.add("file: " + s));

        Outcome expected = expected(endpoint, kind);
        Outcome actual;
        String detail;
        if (a.millis() > BOUND.toMillis()) {
            actual = Outcome.WRONG;
            detail = "took " + a.millis() + " ms (bound " + BOUND.toMillis() + " ms); "
                    + (a.ok() ? "succeeded" : a.errorClass() + ": " + a.message());
        } else if (a.ok()) {
            String problem = endpoint == Endpoint.ACR_TOKEN ? checkAccessToken(a.token())
                    : checkLogin(a.token(), id.principal, dir);
            actual = problem == null ? Outcome.RECOVERED : Outcome.WRONG;
            detail = problem == null ? "recovered in " + a.millis() + " ms" : problem;
        } else if (!a.clearError()) {
            actual = Outcome.WRONG;
            detail = "not a clear error: " + a.errorClass() + ": " + a.message();
        } else if (!before.equals(ClientConfigs.snapshot(dir))) {
            actual = Outcome.WRONG;
            detail = "failed (" + a.message() + ") but the client configuration changed";
        } else {
            actual = Outcome.CLEAN_FAILURE;
            detail = a.errorClass() + ": " + a.message();
        }
        return new Cell(endpoint, kind, expected, actual, a.millis(), detail, leaks);
    }

    /** A login is right when both files carry the token and the registry accepts it for this identity. */
    private String checkLogin(String refreshToken, Principal principal, Path dir) throws Exception {
        JsonNode claims = Jwt.payload(refreshToken);
        if (!svc.registryHost().equals(claims.path("aud").asText())) {
            return "refresh token audience " + claims.path("aud") + " is not " + svc.registryHost();
        }
        if (!principal.objectId().equals(claims.path("sub").asText())) {
            return "refresh token is for " + claims.path("sub") + ", not the identity " + principal.objectId();
        }
        if (Instant.ofEpochSecond(claims.path("exp").asLong()).isBefore(Instant.now().plusSeconds(600))) {
            return "login succeeded with a refresh token that is expired or about to (exp "
                    + Instant.ofEpochSecond(claims.path("exp").asLong()) + ")";
        }
        for (Path f : List.of(Attempt.dockerDir(dir).resolve("config.json"), Attempt.authFile(dir))) {
            if (!refreshToken.equals(ClientConfigs.refreshTokenFor(f, svc.registryHost()))) {
                return f.getFileName() + " does not carry the token, or lost the earlier login";
            }
        }
        String form = "grant_type=refresh_token&service=" + enc(svc.registryHost()) + "&scope="
                + enc("repository:app/web:pull") + "&refresh_token=" + enc(refreshToken);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://" + svc.registryHost()
                        + "/oauth2/token")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? null : "the registry refuses the written refresh token: HTTP " + r.statusCode();
    }

    private String checkAccessToken(String accessToken) {
        JsonNode claims = Jwt.payload(accessToken);
        if (!svc.registryHost().equals(claims.path("aud").asText())) {
            return "access token audience " + claims.path("aud") + " is not " + svc.registryHost();
        }
        if (Instant.ofEpochSecond(claims.path("exp").asLong()).isBefore(Instant.now().plusSeconds(60))) {
            return "access token already expired";
        }
        for (JsonNode entry : claims.path("access")) {
            if ("app/web".equals(entry.path("name").asText())
                    && entry.path("actions").toString().contains("push")) {
                return null;
            }
        }
        return "access token does not grant push on app/web: " + claims.path("access");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- identities

    /** An identity of one cell: what it logs in with, the principal behind it, the secrets it holds. */
    record Identity(IdentitySpec spec, Principal principal, List<String> secrets) {
    }

    private static Identity servicePrincipal() {
        String tenant = UUID.randomUUID().toString();
        String client = UUID.randomUUID().toString();
        String secret = "sp~" + UUID.randomUUID() + "~secret";
        Principal p = svc.entra().servicePrincipal(tenant, client, secret);
        svc.acr().assign(p, Role.ACR_PUSH);
        return new Identity(new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of(secret)), p,
                List.of(secret));
    }

    private static Identity gitHubIdentity() {
        String tenant = UUID.randomUUID().toString();
        String client = UUID.randomUUID().toString();
        Principal p = svc.entra().federatedPrincipal(tenant, client, GitHubOidc.ISSUER, svc.github().subject(),
                IdentitySpec.GitHubOidc.DEFAULT_AUDIENCE);
        svc.acr().assign(p, Role.ACR_PUSH);
        return new Identity(new IdentitySpec.GitHubOidc(tenant, client, URI.create(svc.githubOidcRequestUrl()),
                Secret.of(svc.githubOidcRequestToken()), null), p, List.of(svc.githubOidcRequestToken()));
    }

    // ---------------------------------------------------------------- report

    static String table(List<Cell> cells, Duration took) {
        StringBuilder b = new StringBuilder("\nFAULT MATRIX  (R = recovered, C = clean failure with a fix and nothing "
                + "written, W = WRONG, n/a = not applicable; ms)\n");
        b.append(String.format("%-14s", "endpoint"));
        for (Kind k : Kind.values()) {
            b.append(String.format("%10s", k.label));
        }
        b.append('\n');
        Map<Endpoint, Map<Kind, Cell>> grid = new EnumMap<>(Endpoint.class);
        cells.forEach(c -> grid.computeIfAbsent(c.endpoint, e -> new EnumMap<>(Kind.class)).put(c.kind, c));
        for (Endpoint e : ENDPOINTS) {
            b.append(String.format("%-14s", e.name().toLowerCase()));
            for (Kind k : Kind.values()) {
                Cell c = grid.getOrDefault(e, Map.of()).get(k);
                String v = c == null ? "?" : c.actual == Outcome.NOT_APPLICABLE ? "n/a"
                        : c.actual.name().charAt(0) + " " + c.millis + (c.leaks.isEmpty() ? "" : " LEAK");
                b.append(String.format("%10s", v));
            }
            b.append('\n');
        }
        long injected = cells.stream().filter(c -> c.actual != Outcome.NOT_APPLICABLE).count();
        b.append(String.format("%nfaults injected %d | recovered %d | clean failures %d | wrong results %d | "
                        + "secrets leaked %d | not applicable %d | took %d s%n", injected,
                cells.stream().filter(c -> c.actual == Outcome.RECOVERED).count(),
                cells.stream().filter(c -> c.actual == Outcome.CLEAN_FAILURE).count(),
                cells.stream().filter(c -> c.actual == Outcome.WRONG).count(),
                cells.stream().mapToLong(c -> c.leaks.size()).sum(),
                cells.stream().filter(c -> c.actual == Outcome.NOT_APPLICABLE).count(), took.toSeconds()));
        b.append("clean failures:\n");
        cells.stream().filter(c -> c.actual == Outcome.CLEAN_FAILURE).forEach(c -> b.append("  ")
                .append(c.endpoint.name().toLowerCase()).append(" x ").append(c.kind.label).append(": ")
                .append(c.detail.length() > 200 ? c.detail.substring(0, 200) + "..." : c.detail).append('\n'));
        return b.toString();
    }

    private static String details(List<Cell> cells, java.util.function.Predicate<Cell> which) {
        StringBuilder b = new StringBuilder();
        cells.stream().filter(which).forEach(c -> b.append(c.endpoint).append(" x ").append(c.kind.label)
                .append(": ").append(c.detail).append(c.leaks.isEmpty() ? "" : " leaks " + c.leaks).append('\n'));
        return b.toString();
    }
}
