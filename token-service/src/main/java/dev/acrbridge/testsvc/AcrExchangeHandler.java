package dev.acrbridge.testsvc;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** ACR {@code POST /oauth2/exchange}: an Entra access token becomes an ACR refresh token. GET answers 404. */
final class AcrExchangeHandler implements Dispatcher.Handler {
    static final String ACR_AUDIENCE = "https://containerregistry.azure.net";
    static final Set<String> ARM_AUDIENCES = Set.of("https://management.azure.com", "https://management.azure.com/",
            "https://management.core.windows.net/", "https://management.core.windows.net",
            "https://management.chinacloudapi.cn", "https://management.usgovcloudapi.net");

    private final AcrRegistry registry;
    private final EntraDirectory directory;
    private final EntraTokens entraTokens;

    AcrExchangeHandler(AcrRegistry registry, EntraDirectory directory, EntraTokens entraTokens) {
        this.registry = registry;
        this.directory = directory;
        this.entraTokens = entraTokens;
    }

    @Override
    public void handle(Call c) throws IOException {
        if (!"POST".equals(c.method())) {
            // ACR answers a GET on the exchange endpoint with 404, not 405 (Azure/acr#166)
            c.send(404, "text/plain; charset=utf-8", "404 page not found\n".getBytes(), Map.of());
            return;
        }
        String service = Services.resolve(registry, c, c.formValue("service"));
        if (service == null) {
            c.json(400, ErrorBodies.acr("UNSUPPORTED", "service '" + c.formValue("service")
                    + "' is not this registry (" + c.host() + ")"));
            return;
        }
        String grant = c.formValue("grant_type");
        if (grant == null || !Set.of("access_token", "access_token_refresh_token", "refresh_token").contains(grant)) {
            c.json(400, ErrorBodies.acr("UNSUPPORTED", "grant_type must be access_token, was " + grant));
            return;
        }
        String accessToken = c.formValue("access_token");
        if (grant.equals("refresh_token") || accessToken == null || accessToken.isEmpty()) {
            unauthorized(c, grant.equals("refresh_token")
                    ? "Entra refresh tokens are not accepted here; send grant_type=access_token"
                    : "access_token is required for grant_type " + grant);
            return;
        }
        Jwts.Jwt jwt = entraTokens.verify(accessToken);
        if (jwt == null) {
            unauthorized(c, "the Entra access token is invalid or expired");
            return;
        }
        String aud = jwt.claim("aud");
        boolean audienceOk = ACR_AUDIENCE.equals(aud) || ACR_AUDIENCE.concat("/").equals(aud)
                || (ARM_AUDIENCES.contains(aud) && registry.armAudienceAllowed());
        if (!audienceOk) {
            unauthorized(c, "the Entra token audience '" + aud + "' is not accepted by this registry"
                    + (ARM_AUDIENCES.contains(aud) ? " (authentication-as-arm is disabled; request "
                    + ACR_AUDIENCE + "/.default)" : ""));
            return;
        }
        String tenant = c.formValue("tenant");
        String tid = jwt.claim("tid");
        if (tenant != null && !tenant.isEmpty() && !tenant.equalsIgnoreCase(tid)) {
            unauthorized(c, "the Entra token is from tenant '" + tid + "', not '" + tenant + "'");
            return;
        }
        String oid = jwt.claim("oid");
        if (oid == null || directory.byObjectId(oid).isEmpty() || !registry.hasAnyRole(oid)) {
            unauthorized(c, "the identity has no role assignment on this registry");
            return;
        }
        AcrTokens.Issued rt = registry.tokens().refreshToken(oid, tid, service, registry.refreshTokenLifetime());
        c.json(200, Map.of("refresh_token", registry.handOut(rt.token())));
    }

    private static void unauthorized(Call c, String why) throws IOException {
        c.json(401, ErrorBodies.acr("UNAUTHORIZED", why));
    }
}
