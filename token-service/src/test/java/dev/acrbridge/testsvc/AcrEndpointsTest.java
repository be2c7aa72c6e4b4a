package dev.acrbridge.testsvc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcrEndpointsTest {
    static final String NULL_GUID = "00000000-0000-0000-0000-000000000000";
    static LocalAzure svc;
    static TestHttp http;
    static String base;
    static String host;
    static final String TENANT = UUID.randomUUID().toString();
    Principal pusher;
    String pusherId;

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
        http = new TestHttp(svc);
        host = svc.registryHost();
        base = "https://" + host;
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    @BeforeEach
    void identity() {
        svc.acr().mode(RegistryMode.RBAC).armAudienceAllowed(true);
        svc.clock().skew(Duration.ZERO);
        pusherId = UUID.randomUUID().toString();
        pusher = svc.entra().servicePrincipal(TENANT, pusherId, "pw-" + pusherId);
    }

    String entraToken(String clientId, String scope) throws Exception {
        HttpResponse<String> r = http.postForm(svc.authorityHost() + "/" + TENANT + "/oauth2/v2.0/token",
                TestHttp.form("grant_type", "client_credentials", "client_id", clientId, "client_secret",
                        "pw-" + clientId, "scope", scope));
        assertEquals(200, r.statusCode(), r.body());
        return (String) TestHttp.json(r).get("access_token");
    }

    HttpResponse<String> exchange(String entraToken) throws Exception {
        return http.postForm(base + "/oauth2/exchange?api-version=2021-07-01", TestHttp.form("grant_type",
                "access_token", "service", host, "tenant", TENANT, "access_token", entraToken));
    }

    String refreshToken() throws Exception {
        HttpResponse<String> r = exchange(entraToken(pusherId, "https://containerregistry.azure.net/.default"));
        assertEquals(200, r.statusCode(), r.body());
        return (String) TestHttp.json(r).get("refresh_token");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> access(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return (List<Map<String, Object>>) TestHttp.claims((String) TestHttp.json(r).get("access_token")).get("access");
    }

    @Test
    void challengeNamesRealmAndService() throws Exception {
        HttpResponse<String> r = http.get(base + "/v2/");
        assertEquals(401, r.statusCode());
        assertEquals("Bearer realm=\"https://" + host + "/oauth2/token\",service=\"" + host + "\"",
                r.headers().firstValue("www-authenticate").orElseThrow());
        assertTrue(r.body().contains("\"UNAUTHORIZED\""));
    }

    @Test
    void exchangeIsPostOnlyAndGivesThreeHourRefreshToken() throws Exception {
        assertEquals(404, http.get(base + "/oauth2/exchange").statusCode());
        svc.acr().assign(pusher, Role.ACR_PUSH);
        Map<String, Object> c = TestHttp.claims(refreshToken());
        assertEquals("Azure Container Registry", c.get("iss"));
        assertEquals(host, c.get("aud"));
        assertEquals("refresh_token", c.get("grant_type"));
        assertEquals(TENANT, c.get("tenant"));
        long life = ((Number) c.get("exp")).longValue() - ((Number) c.get("iat")).longValue();
        assertEquals(Duration.ofHours(3).getSeconds(), life);
    }

    @Test
    void exchangeRefusesNoRoleArmWhenDisabledAndExpiredTokens() throws Exception {
        assertEquals(401, exchange(entraToken(pusherId, "https://containerregistry.azure.net/.default")).statusCode());
        svc.acr().assign(pusher, Role.ACR_PULL);
        String arm = entraToken(pusherId, "https://management.azure.com/.default");
        assertEquals(200, exchange(arm).statusCode());
        svc.acr().armAudienceAllowed(false);
        HttpResponse<String> refused = exchange(arm);
        assertEquals(401, refused.statusCode());
        assertTrue(refused.body().contains("UNAUTHORIZED"));
        String acr = entraToken(pusherId, "https://containerregistry.azure.net/.default");
        svc.clock().skew(Duration.ofHours(2));
        assertEquals(401, exchange(acr).statusCode());
    }

    @Test
    void tokenGrantIsIntersectionForRepeatedAndSpaceJoinedScopes() throws Exception {
        svc.acr().assign(pusher, Role.ACR_PULL);
        String rt = refreshToken();
        String repeated = TestHttp.form("grant_type", "refresh_token", "service", host, "refresh_token", rt,
                "scope", "repository:app/web:pull,push", "scope", "registry:catalog:*");
        List<Map<String, Object>> a = access(http.postForm(base + "/oauth2/token", repeated));
        assertEquals(List.of(Map.of("type", "repository", "name", "app/web", "actions", List.of("pull")),
                Map.of("type", "registry", "name", "catalog", "actions", List.of("*"))), a);
        String joined = TestHttp.form("grant_type", "refresh_token", "service", host, "refresh_token", rt,
                "client_id", "docker", "scope", "repository:app/web:pull repository:other:push");
        assertEquals(List.of(Map.of("type", "repository", "name", "app/web", "actions", List.of("pull"))),
                access(http.postForm(base + "/oauth2/token", joined)));
    }

    @Test
    void basicGetAcceptsNullGuidRefreshTokenAdminRepositoryTokenAndSecret() throws Exception {
        svc.acr().assign(pusher, Role.ACR_PUSH);
        String url = base + "/oauth2/token?service=" + TestHttp.enc(host) + "&scope="
                + TestHttp.enc("repository:app/web:pull,push");
        List<Map<String, Object>> pushPull = List.of(Map.of("type", "repository", "name", "app/web",
                "actions", List.of("pull", "push")));
        assertEquals(pushPull, access(http.get(url, "Authorization", TestHttp.basic(NULL_GUID, refreshToken()))));
        assertEquals(pushPull, access(http.get(url, "Authorization", TestHttp.basic(pusherId, "pw-" + pusherId))));
        svc.acr().adminUser("myregistry", "admin-pw");
        assertEquals(pushPull, access(http.get(url, "Authorization", TestHttp.basic("myregistry", "admin-pw"))));
        svc.acr().repositoryToken("ci-token", "tok-pw", Map.of("app/*", Set.of("content/read")));
        assertEquals(List.of(Map.of("type", "repository", "name", "app/web", "actions", List.of("pull"))),
                access(http.get(url, "Authorization", TestHttp.basic("ci-token", "tok-pw"))));
        assertEquals(401, http.get(url, "Authorization", TestHttp.basic("ci-token", "bad")).statusCode());
        assertEquals(401, http.get(url, "Authorization", TestHttp.basic(NULL_GUID, "not-a-token")).statusCode());
        assertEquals(401, http.get(url).statusCode());
        HttpResponse<String> password = http.postForm(base + "/oauth2/token", TestHttp.form("grant_type", "password",
                "service", host, "scope", "repository:app/web:pull", "username", "myregistry", "password", "admin-pw"));
        assertEquals(List.of(Map.of("type", "repository", "name", "app/web", "actions", List.of("pull"))),
                access(password));
    }

    @Test
    void servicePrincipalBasicLoginIsCheckedAgainstTheDirectoryAndRefusesAWrongOrExpiredSecret() throws Exception {
        svc.acr().assign(pusher, Role.ACR_PULL);
        String url = base + "/oauth2/token?service=" + TestHttp.enc(host) + "&scope="
                + TestHttp.enc("repository:app/web:pull");
        assertEquals(List.of(Map.of("type", "repository", "name", "app/web", "actions", List.of("pull"))),
                access(http.get(url, "Authorization", TestHttp.basic(pusherId, "pw-" + pusherId))));
        HttpResponse<String> containerd = http.postForm(base + "/oauth2/token", TestHttp.form("grant_type",
                "password", "service", host, "scope", "repository:app/web:pull", "username", pusherId, "password",
                "pw-" + pusherId));
        assertEquals(200, containerd.statusCode(), "the kubelet's containerd POSTs the pair: " + containerd.body());

        HttpResponse<String> wrong = http.get(url, "Authorization", TestHttp.basic(pusherId, "not-the-secret"));
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("Invalid clientid or client secret."), wrong.body());
        HttpResponse<String> unknown = http.get(url, "Authorization",
                TestHttp.basic(UUID.randomUUID().toString(), "pw"));
        assertTrue(unknown.body().contains("Application not registered with AAD."), unknown.body());

        svc.entra().expireSecret(TENANT, pusherId, "pw-" + pusherId);
        HttpResponse<String> expired = http.get(url, "Authorization", TestHttp.basic(pusherId, "pw-" + pusherId));
        assertEquals(401, expired.statusCode());
        assertTrue(expired.body().contains("Invalid clientid or client secret."), expired.body());
        HttpResponse<String> entra = http.postForm(svc.authorityHost() + "/" + TENANT + "/oauth2/v2.0/token",
                TestHttp.form("grant_type", "client_credentials", "client_id", pusherId, "client_secret",
                        "pw-" + pusherId, "scope", "https://containerregistry.azure.net/.default"));
        assertEquals(401, entra.statusCode());
        assertTrue(entra.body().contains("AADSTS7000222"), entra.body());
    }

    @Test
    void abacModeIgnoresLegacyRolesAndHonoursConditions() throws Exception {
        svc.acr().mode(RegistryMode.ABAC);
        svc.acr().assign(pusher, Role.ACR_PUSH);
        svc.acr().assign(pusher, Role.REPOSITORY_WRITER, "app/*");
        String rt = refreshToken();
        String scopes = TestHttp.form("grant_type", "refresh_token", "service", host, "refresh_token", rt,
                "scope", "repository:app/web:pull,push,delete", "scope", "repository:lib/x:pull",
                "scope", "registry:catalog:*");
        assertEquals(List.of(Map.of("type", "repository", "name", "app/web", "actions", List.of("pull", "push"))),
                access(http.postForm(base + "/oauth2/token", scopes)));
        svc.acr().assign(pusher, Role.CATALOG_LISTER);
        assertEquals(2, access(http.postForm(base + "/oauth2/token", scopes)).size());
    }

    @Test
    void hundredConcurrentTokenRequestsAreAllAnswered() throws Exception {
        svc.acr().assign(pusher, Role.ACR_PULL);
        String form = TestHttp.form("grant_type", "refresh_token", "service", host, "refresh_token", refreshToken(),
                "scope", "repository:app/web:pull");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(100);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                // HTTP/1.1 and no idle connection to reuse: the shared client opens one connection per caller
                results.add(pool.submit(() -> http.postForm(base + "/oauth2/token", form).statusCode()));
            }
            for (java.util.concurrent.Future<Integer> f : results) {
                assertEquals(200, f.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clockSkewMakesFreshAssertionsLookExpired() throws Exception {
        String tenant = UUID.randomUUID().toString();
        String app = UUID.randomUUID().toString();
        svc.entra().federatedPrincipal(tenant, app, svc.entra().kubernetesIssuer(), "sub", "api://AzureADTokenExchange");
        String assertion = svc.entra().mintFederatedToken(svc.entra().kubernetesIssuer(), "sub",
                "api://AzureADTokenExchange", Duration.ofMinutes(10));
        svc.clock().skew(Duration.ofMinutes(15));
        HttpResponse<String> r = http.postForm(svc.authorityHost() + "/" + tenant + "/oauth2/v2.0/token",
                TestHttp.form("grant_type", "client_credentials", "client_id", app, "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion,
                        "scope", "https://containerregistry.azure.net/.default"));
        assertEquals(400, r.statusCode());
        assertEquals(List.of(700024), TestHttp.json(r).get("error_codes"));
    }

    @Test
    void chunkedPostBodyIsReadWhole() throws Exception {
        svc.acr().assign(pusher, Role.ACR_PULL);
        byte[] form = TestHttp.form("grant_type", "refresh_token", "service", host, "refresh_token", refreshToken(),
                "scope", "repository:app/web:pull").getBytes(StandardCharsets.UTF_8);
        // ofInputStream has unknown length: the JDK client sends Transfer-Encoding: chunked
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form)))
                .version(java.net.http.HttpClient.Version.HTTP_1_1);
        svc.clearRequests();
        assertEquals(1, access(http.send(b)).size());
        LoggedRequest logged = svc.requests().get(0);
        assertEquals("chunked", logged.header("Transfer-Encoding"));
        assertEquals("refresh_token", logged.formValue("grant_type"));
    }

    @Test
    void curlChunkedPost() throws Exception {
        svc.acr().assign(pusher, Role.ACR_PULL);
        String rt = refreshToken();
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "10", "--cacert",
                svc.caCertificatePem().toString(), "-H", "Transfer-Encoding: chunked", "--data-binary", "@-",
                base + "/oauth2/token").redirectErrorStream(true).start();
        try (var out = p.getOutputStream()) {
            out.write(TestHttp.form("grant_type", "refresh_token", "service", host, "refresh_token", rt,
                    "scope", "repository:app/web:pull").getBytes(StandardCharsets.UTF_8));
        }
        String body = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), body);
        assertTrue(body.contains("\"access_token\""), body);
        LoggedRequest last = svc.requests().get(svc.requests().size() - 1);
        assertEquals(Endpoint.ACR_TOKEN, last.endpoint());
        assertEquals("chunked", last.header("transfer-encoding"));
        assertEquals(200, last.status());
    }
}
