package dev.acrbridge.testsvc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ManagedIdentityAndGitHubTest {
    static LocalAzure svc;
    static TestHttp http;
    static Principal system;
    static Principal uami;

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
        http = new TestHttp(svc);
        system = svc.entra().systemAssignedIdentity();
        uami = svc.entra().userAssignedIdentity(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1");
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    static String imds(String extra) {
        return svc.imdsAuthorityHost() + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                + TestHttp.enc("https://containerregistry.azure.net") + extra;
    }

    @Test
    void imdsNeedsMetadataHeaderAndSelectsIdentityByAnyId() throws Exception {
        assertEquals(400, http.get(imds("")).statusCode());
        HttpResponse<String> sys = http.get(imds(""), "Metadata", "true");
        assertEquals(200, sys.statusCode(), sys.body());
        Map<String, Object> body = TestHttp.json(sys);
        assertEquals(system.objectId(), TestHttp.claims((String) body.get("access_token")).get("oid"));
        assertEquals("https://containerregistry.azure.net",
                TestHttp.claims((String) body.get("access_token")).get("aud"));
        Long.parseLong((String) body.get("expires_on"));
        for (String sel : new String[] {"&client_id=" + uami.clientId(), "&object_id=" + uami.objectId(),
            "&msi_res_id=" + TestHttp.enc(uami.resourceId()), "&mi_res_id=" + TestHttp.enc(uami.resourceId())}) {
            HttpResponse<String> r = http.get(imds(sel), "Metadata", "true");
            assertEquals(uami.objectId(), TestHttp.claims((String) TestHttp.json(r).get("access_token")).get("oid"));
        }
        HttpResponse<String> unknown = http.get(imds("&client_id=nope"), "Metadata", "true");
        assertEquals(400, unknown.statusCode());
        assertEquals("Identity not found", TestHttp.json(unknown).get("error_description"));
    }

    @Test
    void appServiceNeedsIdentityHeader() throws Exception {
        String url = svc.appServiceEndpoint() + "?api-version=2019-08-01&resource="
                + TestHttp.enc("https://containerregistry.azure.net") + "&client_id=" + uami.clientId();
        assertEquals(401, http.get(url).statusCode());
        assertEquals(401, http.get(url, "X-IDENTITY-HEADER", "wrong").statusCode());
        HttpResponse<String> r = http.get(url, "X-IDENTITY-HEADER", svc.appServiceHeader());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> body = TestHttp.json(r);
        assertEquals(uami.clientId(), body.get("client_id"));
        assertEquals(uami.objectId(), TestHttp.claims((String) body.get("access_token")).get("oid"));
    }

    @Test
    void githubOidcMintsFreshTokensAcceptedByEntra() throws Exception {
        String url = svc.githubOidcRequestUrl() + "&audience=" + TestHttp.enc(EntraDirectory.TOKEN_EXCHANGE_AUDIENCE);
        assertEquals(401, http.get(url).statusCode());
        svc.github().subject("repo:octo/app:environment:prod").tokenLifetime(Duration.ofMinutes(2));
        String auth = "Bearer " + svc.githubOidcRequestToken();
        String first = (String) TestHttp.json(http.get(url, "Authorization", auth)).get("value");
        String second = (String) TestHttp.json(http.get(url, "Authorization", auth)).get("value");
        Map<String, Object> c = TestHttp.claims(first);
        assertEquals(GitHubOidc.ISSUER, c.get("iss"));
        assertEquals("repo:octo/app:environment:prod", c.get("sub"));
        assertEquals(EntraDirectory.TOKEN_EXCHANGE_AUDIENCE, c.get("aud"));
        assertEquals(120L, ((Number) c.get("exp")).longValue() - ((Number) c.get("iat")).longValue());
        assertNotEquals(c.get("jti"), TestHttp.claims(second).get("jti"));

        String tenant = UUID.randomUUID().toString();
        String app = UUID.randomUUID().toString();
        svc.entra().federatedPrincipal(tenant, app, svc.github().issuer(), "repo:octo/app:environment:prod",
                EntraDirectory.TOKEN_EXCHANGE_AUDIENCE);
        HttpResponse<String> r = http.postForm(svc.authorityHost() + "/" + tenant + "/oauth2/v2.0/token",
                TestHttp.form("grant_type", "client_credentials", "client_id", app, "client_assertion_type",
                        EntraHandler.JWT_BEARER, "client_assertion", second,
                        "scope", "https://containerregistry.azure.net/.default"));
        assertEquals(200, r.statusCode(), r.body());
    }
}
