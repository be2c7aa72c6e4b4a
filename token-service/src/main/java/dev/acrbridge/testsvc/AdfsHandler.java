package dev.acrbridge.testsvc;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An ADFS-style authority at {@code /adfs} for the Azure CLI (an authority path ending in {@code /adfs} makes MSAL
 * skip instance discovery): its OpenID configuration and a client-credentials token endpoint backed by the same
 * directory and token signer as the Entra endpoint. Used only to run the Azure CLI as a benchmark peer.
 */
record AdfsHandler(String authority, EntraDirectory directory, EntraTokens tokens) implements Dispatcher.Handler {
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access");

    @Override
    public void handle(Call c) throws IOException {
        if (c.path().endsWith("/.well-known/openid-configuration")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("issuer", authority + "/adfs");
            m.put("authorization_endpoint", authority + "/adfs/oauth2/authorize/");
            m.put("token_endpoint", authority + "/adfs/oauth2/token/");
            m.put("jwks_uri", authority + "/adfs/discovery/keys");
            m.put("response_types_supported", List.of("code", "id_token", "code id_token", "token"));
            m.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
            m.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic",
                    "private_key_jwt"));
            m.put("access_token_issuer", authority + "/adfs/services/trust");
            c.json(200, m);
            return;
        }
        if (!"POST".equals(c.method()) || !c.path().startsWith("/adfs/oauth2/token")) {
            c.json(404, EntraError.invalidRequest(900561, "No ADFS route for " + c.method() + " " + c.path()).body());
            return;
        }
        String clientId = c.formValue("client_id");
        Optional<Application> app = clientId == null ? Optional.empty() : directory.applicationAnyTenant(clientId);
        if (app.isEmpty()) {
            c.json(400, EntraError.unknownClient(String.valueOf(clientId), "adfs").body());
            return;
        }
        if (!"client_credentials".equals(c.formValue("grant_type"))
                || !app.get().secrets.contains(String.valueOf(c.formValue("client_secret")))) {
            c.json(401, EntraError.badSecret(clientId).body());
            return;
        }
        String resource = resource(c);
        if (resource == null || !directory.knowsResource(resource)) {
            c.json(400, EntraError.invalidScope(c.formValue("scope")).body());
            return;
        }
        EntraTokens.Issued issued = tokens.issue(app.get().principal, resource);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.exp() - issued.iat());
        body.put("access_token", issued.token());
        c.json(200, body);
    }

    /** The resource of a v2 {@code scope} ({@code X/.default}, X may end in a slash) or a v1 {@code resource}. */
    private static String resource(Call c) {
        String scope = c.formValue("scope");
        if (scope == null) {
            return c.formValue("resource");
        }
        List<String> scopes = Arrays.stream(scope.trim().split("\\s+"))
                .filter(s -> !s.isEmpty() && !OIDC_SCOPES.contains(s)).toList();
        if (scopes.size() != 1 || !scopes.get(0).endsWith("/.default")) {
            return null;
        }
        return scopes.get(0).substring(0, scopes.get(0).length() - "/.default".length());
    }
}
