package dev.acrbridge.testsvc;

import java.io.IOException;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discovery documents: Entra's openid-configuration, its JWKS, msal4j's instance discovery, and the fake
 * Kubernetes issuer's discovery document and keys. Nothing in azure-identity needs them with instance discovery
 * off; they are here for clients that look.
 */
record MetadataHandler(String authority, EntraDirectory directory, EntraTokens tokens) implements Dispatcher.Handler {
    @Override
    public void handle(Call c) throws IOException {
        String path = c.path();
        String k8s = directory.kubernetesIssuer().substring(authority.length());
        if (path.equals(k8s + "/.well-known/openid-configuration")) {
            c.json(200, Map.of("issuer", directory.kubernetesIssuer(),
                    "jwks_uri", directory.kubernetesIssuer() + "/openid/v1/jwks",
                    "response_types_supported", List.of("id_token"), "subject_types_supported", List.of("public"),
                    "id_token_signing_alg_values_supported", List.of("RS256")));
        } else if (path.equals(k8s + "/openid/v1/jwks")) {
            String issuer = directory.kubernetesIssuer();
            c.json(200, jwks(directory.issuers().kid(issuer),
                    (RSAPublicKey) directory.issuers().key(issuer).getPublic()));
        } else if (path.equals("/common/discovery/instance")) {
            String host = authority.substring("https://".length());
            c.json(200, Map.of("tenant_discovery_endpoint", authority + "/common/v2.0/.well-known/openid-configuration",
                    "api-version", "1.1", "metadata", List.of(Map.of("preferred_network", host,
                            "preferred_cache", host, "aliases", List.of(host)))));
        } else if (path.matches("/[^/]+/v2\\.0/\\.well-known/openid-configuration")) {
            String tenant = path.split("/")[1];
            if (!directory.knowsTenant(tenant) && !"common".equals(tenant) && !"organizations".equals(tenant)) {
                EntraError e = EntraError.unknownTenant(tenant);
                c.json(e.status(), e.body());
                return;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("issuer", tokens.issuer(tenant));
            m.put("token_endpoint", authority + "/" + tenant + "/oauth2/v2.0/token");
            m.put("authorization_endpoint", authority + "/" + tenant + "/oauth2/v2.0/authorize");
            m.put("jwks_uri", authority + "/" + tenant + "/discovery/v2.0/keys");
            m.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt"));
            m.put("response_types_supported", List.of("code", "id_token", "token"));
            m.put("subject_types_supported", List.of("pairwise"));
            m.put("id_token_signing_alg_values_supported", List.of("RS256"));
            m.put("tenant_region_scope", "NA");
            m.put("cloud_instance_name", "127.0.0.1");
            c.json(200, m);
        } else if (path.matches("/[^/]+/discovery/v2\\.0/keys")) {
            c.json(200, jwks(EntraTokens.KID, (RSAPublicKey) tokens.key().getPublic()));
        } else {
            c.json(404, EntraError.invalidRequest(90000, "No such metadata document " + path + ".").body());
        }
    }

    static Map<String, Object> jwks(String kid, RSAPublicKey key) {
        return Map.of("keys", List.of(Map.of("kty", "RSA", "use", "sig", "alg", "RS256", "kid", kid,
                "n", Jwts.b64(unsigned(key.getModulus())), "e", Jwts.b64(unsigned(key.getPublicExponent())))));
    }

    private static byte[] unsigned(BigInteger i) {
        byte[] b = i.toByteArray();
        return b[0] == 0 && b.length > 1 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
