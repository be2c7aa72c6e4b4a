package dev.acrbridge.testsvc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultsAndLogTest {
    static LocalAzure svc;
    static TestHttp http;
    static final String TENANT = UUID.randomUUID().toString();
    static final String APP = UUID.randomUUID().toString();

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
        http = new TestHttp(svc);
        svc.entra().servicePrincipal(TENANT, APP, "pw");
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    @BeforeEach
    void reset() {
        svc.faults().clear();
        svc.clearRequests();
    }

    HttpResponse<String> token() throws Exception {
        return http.postForm(svc.authorityHost() + "/" + TENANT + "/oauth2/v2.0/token", TestHttp.form(
                "grant_type", "client_credentials", "client_id", APP, "client_secret", "pw",
                "scope", "https://containerregistry.azure.net/.default"));
    }

    @Test
    void statusWithRetryAfterAppliesToTheGivenCallWindow() throws Exception {
        svc.faults().inject(Endpoint.ENTRA_TOKEN,
                Fault.status(429).retryAfter(Duration.ofMillis(1500)).onCall(2).times(2));
        assertEquals(200, token().statusCode());
        HttpResponse<String> throttled = token();
        assertEquals(429, throttled.statusCode());
        assertEquals("2", throttled.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(TestHttp.json(throttled).containsKey("error_codes"), throttled.body());
        assertEquals(429, token().statusCode());
        assertEquals(200, token().statusCode());
        assertEquals(4, svc.count(Endpoint.ENTRA_TOKEN));
        assertEquals(List.of(200, 429, 429, 200), svc.requests().stream().map(LoggedRequest::status).toList());
    }

    @Test
    void aadstsFaultGivesEntraErrorBody() throws Exception {
        svc.faults().inject(Endpoint.ENTRA_TOKEN, Fault.status(400).aadsts(7000215).once());
        HttpResponse<String> r = token();
        assertEquals(400, r.statusCode());
        Map<String, Object> body = TestHttp.json(r);
        assertEquals(List.of(7000215), body.get("error_codes"));
        assertEquals("invalid_client", body.get("error"));
        assertEquals(200, token().statusCode());
    }

    @Test
    void resetTruncatedMalformedAndDelay() throws Exception {
        svc.faults().inject(Endpoint.ENTRA_TOKEN, Fault.reset().once());
        assertThrows(IOException.class, this::token);
        svc.faults().clear().inject(Endpoint.ENTRA_TOKEN, Fault.truncatedBody().once());
        assertThrows(IOException.class, this::token);
        svc.faults().clear().inject(Endpoint.ENTRA_TOKEN, Fault.malformedJson().once());
        HttpResponse<String> malformed = token();
        assertEquals(200, malformed.statusCode());
        assertThrows(IOException.class, () -> TestHttp.json(malformed));
        svc.faults().clear().inject(Endpoint.ENTRA_TOKEN, Fault.delay(Duration.ofMillis(700)).once());
        long t0 = System.nanoTime();
        assertEquals(200, token().statusCode());
        assertTrue(System.nanoTime() - t0 >= 650_000_000L);
        assertEquals(List.of(0, 200, 200, 200), svc.requests().stream().map(LoggedRequest::status).toList());
        assertEquals(200, token().statusCode());
    }

    @Test
    void faultsArePerEndpointWithEndpointShapedBodies() throws Exception {
        svc.faults().inject(Endpoint.ACR_CHALLENGE, Fault.status(503).once());
        HttpResponse<String> r = http.get("https://" + svc.registryHost() + "/v2/");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().startsWith("{\"errors\""), r.body());
        assertEquals(200, token().statusCode());
        assertEquals(401, http.get("https://" + svc.registryHost() + "/v2/").statusCode());
    }

    @Test
    void firewallDeniedAndPermissionDeniedDiffer() throws Exception {
        String exchange = "https://" + svc.registryHost() + "/oauth2/exchange";
        svc.faults().inject(Endpoint.ACR_EXCHANGE, Fault.firewallDenied().once());
        HttpResponse<String> firewall = http.postForm(exchange, "grant_type=access_token");
        assertEquals(403, firewall.statusCode());
        assertTrue(firewall.body().contains("aka.ms/acr/firewall") && firewall.body().contains("\"DENIED\""));
        svc.faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(403).once());
        HttpResponse<String> denied = http.postForm(exchange, "grant_type=access_token");
        assertEquals(403, denied.statusCode());
        assertTrue(denied.body().contains("requested access to the resource is denied"), denied.body());
        assertFalse(denied.body().contains("firewall"));
    }

    @Test
    void logRecordsHeadersFormAndQuery() throws Exception {
        token();
        http.get(svc.imdsAuthorityHost() + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=x",
                "Metadata", "true");
        LoggedRequest entra = svc.requests().get(0);
        assertEquals(Endpoint.ENTRA_TOKEN, entra.endpoint());
        assertEquals("POST", entra.method());
        assertEquals("/" + TENANT + "/oauth2/v2.0/token", entra.path());
        assertEquals(APP, entra.formValue("client_id"));
        assertEquals("application/x-www-form-urlencoded", entra.headers().get("content-type").get(0));
        assertEquals(svc.registryHost(), entra.host());
        LoggedRequest imds = svc.requests().get(1);
        assertEquals(Endpoint.IMDS, imds.endpoint());
        assertEquals("x", imds.queryParam("resource"));
        assertEquals("api-version=2018-02-01&resource=x", imds.query());
        assertEquals(1, svc.count(Endpoint.IMDS));
    }
}
