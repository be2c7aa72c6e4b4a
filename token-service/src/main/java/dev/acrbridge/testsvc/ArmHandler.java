package dev.acrbridge.testsvc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Azure Resource Manager, as far as {@code az login} and {@code az acr login} read it: {@code GET /subscriptions},
 * {@code GET /subscriptions/{sub}/resources?$filter=...} and {@code GET .../registries/{name}} (loginServer, sku and
 * the authentication-as-arm policy). Requires a valid fake-Entra token for the ARM audience.
 */
final class ArmHandler implements Dispatcher.Handler {
    private final AzureResourceManager arm;
    private final AcrRegistry acr;
    private final EntraTokens tokens;

    ArmHandler(AzureResourceManager arm, AcrRegistry acr, EntraTokens tokens) {
        this.arm = arm;
        this.acr = acr;
        this.tokens = tokens;
    }

    @Override
    public void handle(Call c) throws IOException {
        String auth = c.header("Authorization");
        Jwts.Jwt jwt = auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) ? null
                : tokens.verify(auth.substring(7).trim());
        if (jwt == null || !AcrExchangeHandler.ARM_AUDIENCES.contains(jwt.claim("aud"))) {
            c.json(401, armError("InvalidAuthenticationToken", "The access token is missing, invalid or not for ARM."));
            return;
        }
        String sub = "/subscriptions/" + arm.subscriptionId();
        String path = c.path();
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.equals("/subscriptions") || lower.equals("/subscriptions/")) {
            c.json(200, Map.of("value", List.of(subscription(arm.tenantOr(jwt.claim("tid"))))));
        } else if (lower.equals(sub + "/resources")) {
            List<Object> value = new ArrayList<>();
            arm.registries().keySet().forEach(name -> value.add(Map.of("id", arm.resourceId(name), "name", name,
                    "type", "Microsoft.ContainerRegistry/registries", "location", "westeurope")));
            c.json(200, Map.of("value", value));
        } else if (lower.startsWith((sub + "/resourceGroups/bench/providers/Microsoft.ContainerRegistry/registries/")
                .toLowerCase(Locale.ROOT))) {
            String name = lower.substring(lower.lastIndexOf('/') + 1);
            String loginServer = arm.registries().get(name);
            if (loginServer == null) {
                c.json(404, armError("ResourceNotFound", "The Resource '" + name + "' was not found."));
                return;
            }
            c.json(200, registry(name, loginServer));
        } else if (lower.startsWith(sub.toLowerCase(Locale.ROOT)) && lower.split("/").length == 3) {
            c.json(200, subscription(arm.tenantOr(jwt.claim("tid"))));
        } else {
            c.json(404, armError("NotFound", "No ARM route for " + path + " in the local service."));
        }
    }

    private Map<String, Object> subscription(String tenant) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", "/subscriptions/" + arm.subscriptionId());
        s.put("subscriptionId", arm.subscriptionId());
        s.put("tenantId", tenant);
        s.put("displayName", "bench");
        s.put("state", "Enabled");
        s.put("subscriptionPolicies", Map.of("locationPlacementId", "Public_2014-09-01", "quotaId", "bench",
                "spendingLimit", "Off"));
        s.put("authorizationSource", "RoleBased");
        return s;
    }

    private Map<String, Object> registry(String name, String loginServer) {
        Map<String, Object> policies = Map.of("azureADAuthenticationAsArmPolicy",
                Map.of("status", acr.armAudienceAllowed() ? "enabled" : "disabled"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("loginServer", loginServer);
        properties.put("adminUserEnabled", false);
        properties.put("provisioningState", "Succeeded");
        properties.put("policies", policies);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", arm.resourceId(name));
        r.put("name", name);
        r.put("type", "Microsoft.ContainerRegistry/registries");
        r.put("location", "westeurope");
        r.put("sku", Map.of("name", "Premium", "tier", "Premium"));
        r.put("properties", properties);
        return r;
    }

    private static Map<String, Object> armError(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }
}
