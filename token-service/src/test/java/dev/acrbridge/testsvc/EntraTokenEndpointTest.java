package dev.acrbridge.testsvc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntraTokenEndpointTest {
    static final String ACR_SCOPE = "https://containerregistry.azure.net/.default";
    static LocalAzure svc;
    static TestHttp http;
    static final String TENANT = UUID.randomUUID().toString();
    static final String SP = UUID.randomUUID().toString();
    static final String CERT_APP = UUID.randomUUID().toString();
    static final String FED_APP = UUID.randomUUID().toString();
    static KeyAndCertificate cert;
    static Principal sp;

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
        http = new TestHttp(svc);
        sp = svc.entra().servicePrincipal(TENANT, SP, "s3cret-value");
        cert = Certificates.selfSigned("CN=app");
        svc.entra().certificatePrincipal(TENANT, CERT_APP, cert.certificate());
        svc.entra().federatedPrincipal(TENANT, FED_APP, svc.entra().kubernetesIssuer(),
                "system:serviceaccount:ci:builder", EntraDirectory.TOKEN_EXCHANGE_AUDIENCE);
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    static String tokenUrl(String tenant) {
        return svc.authorityHost() + "/" + tenant + "/oauth2/v2.0/token";
    }

    static HttpResponse<String> post(String tenant, String... form) throws Exception {
        return http.postForm(tokenUrl(tenant), TestHttp.form(form));
    }

    @Test
    void secretGivesJwtForRequestedResourceIgnoringMsalOidcScopes() throws Exception {
        HttpResponse<String> r = post(TENANT, "grant_type", "client_credentials", "client_id", SP,
                "client_secret", "s3cret-value", "scope", "openid profile offline_access " + ACR_SCOPE,
                "client_info", "1");
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> body = TestHttp.json(r);
        assertEquals("Bearer", body.get("token_type"));
        assertTrue(((Number) body.get("expires_in")).intValue() > 3000);
        Map<String, Object> c = TestHttp.claims((String) body.get("access_token"));
        assertEquals("https://containerregistry.azure.net", c.get("aud"));
        assertEquals(TENANT, c.get("tid"));
        assertEquals(sp.objectId(), c.get("oid"));
        assertEquals(SP, c.get("appid"));
        assertTrue(((Number) c.get("exp")).longValue() > Instant.now().getEpochSecond() + 3000);
    }

    @Test
    void entraErrorsCarryAadstsCodesInEntraShape() throws Exception {
        assertError(post(TENANT, "grant_type", "client_credentials", "client_id", SP, "client_secret", "wrong",
                "scope", ACR_SCOPE), 401, "invalid_client", 7000215);
        assertError(post(TENANT, "grant_type", "client_credentials", "client_id", "nope", "client_secret", "x",
                "scope", ACR_SCOPE), 400, "unauthorized_client", 700016);
        assertError(post(UUID.randomUUID().toString(), "grant_type", "client_credentials", "client_id", SP,
                "client_secret", "s3cret-value", "scope", ACR_SCOPE), 400, "invalid_request", 90002);
        assertError(post(TENANT, "grant_type", "client_credentials", "client_id", SP,
                "client_secret", "s3cret-value", "scope", "https://containerregistry.azure.net"), 400,
                "invalid_scope", 70011);
    }

    static void assertError(HttpResponse<String> r, int status, String error, int code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        Map<String, Object> body = TestHttp.json(r);
        assertEquals(error, body.get("error"));
        assertEquals(List.of(code), body.get("error_codes"));
        String description = (String) body.get("error_description");
        assertTrue(description.startsWith("AADSTS" + code + ": "), description);
        assertTrue(description.contains("Trace ID: ") && description.contains("Correlation ID: "), description);
        for (String f : List.of("timestamp", "trace_id", "correlation_id", "error_uri")) {
            assertTrue(body.containsKey(f), f);
        }
    }

    @Test
    void certificateAssertionRs256AndPs256WithStandardBase64Thumbprint() throws Exception {
        for (String alg : List.of("RS256", "PS256")) {
            String assertion = certAssertion(cert, alg, tokenUrl(TENANT), Instant.now());
            HttpResponse<String> r = post(TENANT, "grant_type", "client_credentials", "client_id", CERT_APP,
                    "client_assertion_type", EntraHandler.JWT_BEARER, "client_assertion", assertion,
                    "scope", ACR_SCOPE);
            assertEquals(200, r.statusCode(), alg + ": " + r.body());
        }
    }

    @Test
    void certificateAssertionFailures() throws Exception {
        KeyAndCertificate other = Certificates.selfSigned("CN=other");
        assertError(postAssertion(CERT_APP, certAssertion(other, "RS256", tokenUrl(TENANT), Instant.now())),
                401, "invalid_client", 700027);
        // right thumbprint, wrong key
        String forged = certAssertion(new KeyAndCertificate(other.privateKey(), cert.certificate()), "RS256",
                tokenUrl(TENANT), Instant.now());
        assertError(postAssertion(CERT_APP, forged), 401, "invalid_client", 700027);
        assertEquals(401, postAssertion(CERT_APP, certAssertion(cert, "RS256", "https://elsewhere/token",
                Instant.now())).statusCode());
        assertError(postAssertion(CERT_APP, certAssertion(cert, "RS256", tokenUrl(TENANT),
                Instant.now().minus(Duration.ofMinutes(30)))), 400, "invalid_client", 700024);
    }

    @Test
    void federatedAssertionMatchesIssuerSubjectAudienceExactly() throws Exception {
        String iss = svc.entra().kubernetesIssuer();
        String good = svc.entra().mintFederatedToken(iss, "system:serviceaccount:ci:builder",
                EntraDirectory.TOKEN_EXCHANGE_AUDIENCE, Duration.ofMinutes(10));
        assertEquals(200, postAssertion(FED_APP, good).statusCode());

        HttpResponse<String> wrongSub = postAssertion(FED_APP, svc.entra().mintFederatedToken(iss,
                "system:serviceaccount:ci:other", EntraDirectory.TOKEN_EXCHANGE_AUDIENCE, Duration.ofMinutes(10)));
        assertError(wrongSub, 400, "invalid_client", 700213);
        assertTrue(wrongSub.body().contains("system:serviceaccount:ci:other"), wrongSub.body());
        assertError(postAssertion(FED_APP, svc.entra().mintFederatedToken(iss, "system:serviceaccount:ci:builder",
                "api://other", Duration.ofMinutes(10))), 400, "invalid_client", 700213);

        assertError(postAssertion(FED_APP, svc.entra().mintFederatedToken(iss, "system:serviceaccount:ci:builder",
                EntraDirectory.TOKEN_EXCHANGE_AUDIENCE, Duration.ofMinutes(-5))), 400, "invalid_client", 700024);

        // same claims signed by another issuer's key: signature check fails
        Jwts.Jwt real = Jwts.parse(good);
        String resigned = Jwts.signRs256(Map.of(), real.claims(),
                svc.entra().issuers().key(GitHubOidc.ISSUER).getPrivate());
        assertError(postAssertion(FED_APP, resigned), 401, "invalid_client", 700027);
    }

    @Test
    void metadataDocumentNamesTheTokenEndpoint() throws Exception {
        HttpResponse<String> r = http.get(svc.authorityHost() + "/" + TENANT + "/v2.0/.well-known/openid-configuration");
        assertEquals(200, r.statusCode());
        assertEquals(tokenUrl(TENANT), TestHttp.json(r).get("token_endpoint"));
        HttpResponse<String> k8s = http.get(svc.entra().kubernetesIssuer() + "/.well-known/openid-configuration");
        assertEquals(svc.entra().kubernetesIssuer(), TestHttp.json(k8s).get("issuer"));
    }

    static HttpResponse<String> postAssertion(String clientId, String assertion) throws Exception {
        return post(TENANT, "grant_type", "client_credentials", "client_id", clientId,
                "client_assertion_type", EntraHandler.JWT_BEARER, "client_assertion", assertion, "scope", ACR_SCOPE);
    }

    /** An assertion shaped like msal4j's: x5t#S256 in standard base64 with padding. */
    static String certAssertion(KeyAndCertificate kc, String alg, String aud, Instant now) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("x5t#S256", kc.x5tS256());
        header.put("typ", "JWT");
        header.put("alg", alg);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", aud);
        claims.put("iss", CERT_APP);
        claims.put("sub", CERT_APP);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 600);
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        String input = b.encodeToString(Jwts.json(header)) + "." + b.encodeToString(Jwts.json(claims));
        return input + "." + b.encodeToString(sign(alg, kc.privateKey(), input));
    }

    private static byte[] sign(String alg, PrivateKey key, String input) throws Exception {
        Signature s;
        if (alg.equals("PS256")) {
            s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        } else {
            s = Signature.getInstance("SHA256withRSA");
        }
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return s.sign();
    }
}
