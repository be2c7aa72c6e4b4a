package dev.acrbridge.testsvc;

import java.io.IOException;
import java.util.Map;

/**
 * ACR {@code GET /v2/}: 401 with the Bearer challenge (realm and service from the Host header, so behind nginx it
 * names the public host:port); 200 for a valid access token or Basic credentials.
 */
record AcrChallengeHandler(AcrRegistry registry, AcrCallers callers) implements Dispatcher.Handler {
    static final String API_VERSION_HEADER = "Docker-Distribution-Api-Version";

    @Override
    public void handle(Call c) throws IOException {
        String service = c.host().toLowerCase();
        String auth = c.header("Authorization");
        boolean rejected = false;
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (registry.tokens().verifyAccess(auth.substring(7).trim(), service) != null) {
                ok(c);
                return;
            }
            rejected = true;
        } else if (auth != null) {
            try {
                if (callers.fromAuthorization(auth, service) != null) {
                    ok(c);
                    return;
                }
            } catch (AcrCallers.Refused e) {
                rejected = true;
            }
        }
        String challenge = "Bearer realm=\"https://" + service + "/oauth2/token\",service=\"" + service + "\""
                + (rejected ? ",error=\"invalid_token\"" : "");
        c.json(401, ErrorBodies.acr("UNAUTHORIZED",
                "authentication required, visit https://aka.ms/acr/authorization for more information."),
                Map.of("Www-Authenticate", challenge, API_VERSION_HEADER, "registry/2.0"));
    }

    private static void ok(Call c) throws IOException {
        c.json(200, Map.of(), Map.of(API_VERSION_HEADER, "registry/2.0"));
    }
}
