package dev.acrbridge.testsvc;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ACR {@code GET|POST /oauth2/token}: GET with Basic (null GUID + refresh token, admin, repository token, SP
 * appId/secret) or anonymous; POST grant_type refresh_token or password. The grant is the intersection of the
 * requested scopes with the caller's rights, never an error for lack of rights.
 */
record AcrTokenHandler(AcrRegistry registry, AcrCallers callers, Grants grants) implements Dispatcher.Handler {
    AcrTokenHandler(AcrRegistry registry, AcrCallers callers) {
        this(registry, callers, new Grants(registry));
    }

    @Override
    public void handle(Call c) throws IOException {
        String requested = c.formValue("service") != null ? c.formValue("service") : c.queryParam("service");
        String service = Services.resolve(registry, c, requested);
        if (service == null) {
            c.json(400, ErrorBodies.acr("UNSUPPORTED", "service '" + requested + "' is not this registry ("
                    + c.host() + ")"));
            return;
        }
        Grants.Caller caller;
        try {
            caller = caller(c, service);
        } catch (AcrCallers.Refused e) {
            c.json(401, ErrorBodies.acr("UNAUTHORIZED", e.getMessage()));
            return;
        } catch (IllegalArgumentException e) {
            c.json(400, ErrorBodies.acr("UNSUPPORTED", e.getMessage()));
            return;
        }
        if (caller.subject().isEmpty() && !registry.anonymousPull()) {
            c.json(401, ErrorBodies.acr("UNAUTHORIZED",
                    "authentication required, visit https://aka.ms/acr/authorization for more information."));
            return;
        }
        List<Map<String, Object>> access = grants.grant(caller, c.values("scope"));
        AcrTokens.Issued at = registry.tokens().accessToken(caller.subject(), service, access,
                registry.accessTokenLifetime());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", at.token());
        body.put("token", at.token());
        body.put("expires_in", at.exp() - at.iat());
        body.put("issued_at", AcrTokens.rfc3339(at.iat()));
        c.json(200, body);
    }

    private Grants.Caller caller(Call c, String service) {
        if ("POST".equals(c.method()) && c.formValue("grant_type") != null) {
            String grant = c.formValue("grant_type");
            switch (grant) {
                case "refresh_token": {
                    String rt = c.formValue("refresh_token");
                    if (rt == null || rt.isEmpty()) {
                        throw new IllegalArgumentException("refresh_token is required for grant_type refresh_token");
                    }
                    return callers.fromRefreshToken(rt, service);
                }
                case "password": {
                    String user = c.formValue("username");
                    String password = c.formValue("password");
                    if ((user == null || user.isEmpty()) && (password == null || password.isEmpty())) {
                        return Grants.Caller.anonymous();
                    }
                    return callers.fromPassword(user == null ? "" : user, password == null ? "" : password, service);
                }
                default:
                    throw new IllegalArgumentException("unsupported grant_type " + grant);
            }
        }
        if (!"GET".equals(c.method()) && !"POST".equals(c.method())) {
            throw new IllegalArgumentException("method " + c.method() + " not supported");
        }
        Grants.Caller basic = callers.fromAuthorization(c.header("Authorization"), service);
        return basic != null ? basic : Grants.Caller.anonymous();
    }
}
