package dev.acrbridge.testsvc;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Entra v2 token endpoint ({@code POST /{tenant}/oauth2/v2.0/token}, client_credentials only). */
final class EntraHandler implements Dispatcher.Handler {
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access");
    private static final Set<String> NO_TENANT = Set.of("common", "organizations", "consumers");

    private final EntraDirectory directory;
    private final EntraTokens tokens;
    private final Assertions assertions;

    EntraHandler(EntraDirectory directory, EntraTokens tokens, ServiceClock clock) {
        this.directory = directory;
        this.tokens = tokens;
        this.assertions = new Assertions(directory, clock);
    }

    @Override
    public void handle(Call c) throws IOException {
        try {
            Principal p = authenticate(c);
            String resource = resource(c, p.tenantId());
            EntraTokens.Issued issued = tokens.issue(p, resource);
            long expiresIn = issued.exp() - issued.iat();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token_type", "Bearer");
            body.put("expires_in", expiresIn);
            body.put("ext_expires_in", expiresIn);
            body.put("access_token", issued.token());
            c.json(200, body);
        } catch (Rejected r) {
            c.json(r.error.status(), r.error.body());
        }
    }

    private Principal authenticate(Call c) {
        String tenant = c.path().split("/")[1];
        if (!"POST".equals(c.method())) {
            throw new Rejected(EntraError.invalidRequest(900561, "The endpoint only accepts POST requests."));
        }
        if (NO_TENANT.contains(tenant.toLowerCase())) {
            throw new Rejected(EntraError.invalidRequest(50059, "No tenant-identifying information found in either"
                    + " the request or implied by any provided credentials ('" + tenant + "' cannot be used with"
                    + " client credentials)."));
        }
        if (!directory.knowsTenant(tenant)) {
            throw new Rejected(EntraError.unknownTenant(tenant));
        }
        String grant = c.formValue("grant_type");
        if (!"client_credentials".equals(grant)) {
            throw new Rejected(new EntraError(400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + grant + "'."));
        }
        String clientId = c.formValue("client_id");
        if (clientId == null || clientId.isEmpty()) {
            throw new Rejected(EntraError.invalidRequest(900144,
                    "The request body must contain the following parameter: 'client_id'."));
        }
        Application app = directory.application(tenant, clientId)
                .orElseThrow(() -> new Rejected(EntraError.unknownClient(clientId, tenant)));
        String secret = c.formValue("client_secret");
        String assertion = c.formValue("client_assertion");
        if (secret != null) {
            if (app.expiredSecrets.contains(secret)) {
                throw new Rejected(EntraError.expiredSecret(clientId));
            }
            if (!app.secrets.contains(secret)) {
                throw new Rejected(EntraError.badSecret(clientId));
            }
            return app.principal;
        }
        if (assertion != null) {
            if (!JWT_BEARER.equals(c.formValue("client_assertion_type"))) {
                throw new Rejected(EntraError.invalidRequest(700025, "client_assertion_type must be "
                        + JWT_BEARER + "."));
            }
            String tokenEndpoint = "https://" + c.host() + "/" + tenant + "/oauth2/v2.0/token";
            assertions.check(app, assertion, tokenEndpoint);
            return app.principal;
        }
        throw new Rejected(EntraError.invalidClient(7000218, "The request body must contain the following parameter:"
                + " 'client_assertion' or 'client_secret'."));
    }

    /** One {@code <resource>/.default} scope after dropping the OIDC scopes msal4j adds. */
    private String resource(Call c, String tenant) {
        String raw = c.formValue("scope");
        List<String> scopes = raw == null ? List.of() : Arrays.stream(raw.trim().split("\\s+"))
                .filter(s -> !s.isEmpty() && !OIDC_SCOPES.contains(s)).toList();
        if (scopes.size() != 1 || !scopes.get(0).endsWith("/.default")) {
            throw new Rejected(EntraError.invalidScope(raw));
        }
        String resource = scopes.get(0).substring(0, scopes.get(0).length() - "/.default".length());
        if (!directory.knowsResource(resource)) {
            throw new Rejected(EntraError.unknownResource(resource, tenant));
        }
        return resource;
    }

    /** Carries an Entra error out of the checks. */
    static final class Rejected extends RuntimeException {
        final transient EntraError error;

        Rejected(EntraError error) {
            super("AADSTS" + error.code(), null, false, false);
            this.error = error;
        }
    }
}
