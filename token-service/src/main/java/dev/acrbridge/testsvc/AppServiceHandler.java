package dev.acrbridge.testsvc;

import java.io.IOException;
import java.util.Optional;

/** App Service / Container Apps managed identity {@code GET /msi/token}; requires {@code X-IDENTITY-HEADER}. */
final class AppServiceHandler implements Dispatcher.Handler {
    private final EntraDirectory directory;
    private final ManagedIdentityTokens tokens;
    private final String identityHeader;

    AppServiceHandler(EntraDirectory directory, ManagedIdentityTokens tokens, String identityHeader) {
        this.directory = directory;
        this.tokens = tokens;
        this.identityHeader = identityHeader;
    }

    @Override
    public void handle(Call c) throws IOException {
        if (!identityHeader.equals(c.header("X-IDENTITY-HEADER"))) {
            c.json(401, ManagedIdentityTokens.error("unauthorized",
                    "X-IDENTITY-HEADER is missing or does not match IDENTITY_HEADER"));
            return;
        }
        if (c.queryParam("api-version") == null) {
            c.json(400, ManagedIdentityTokens.error("invalid_request", "api-version is required"));
            return;
        }
        String resource = tokens.resource(c.queryParam("resource"));
        if (resource == null) {
            c.json(400, ManagedIdentityTokens.error("invalid_resource", "AADSTS500011: The resource principal named "
                    + c.queryParam("resource") + " was not found (or 'resource' is missing)."));
            return;
        }
        String objectId = c.queryParam("principal_id") != null ? c.queryParam("principal_id")
                : c.queryParam("object_id");
        String resId = c.queryParam("mi_res_id") != null ? c.queryParam("mi_res_id") : c.queryParam("msi_res_id");
        Optional<Principal> p = directory.managedIdentity(c.queryParam("client_id"), objectId, resId);
        if (p.isEmpty()) {
            c.json(400, ManagedIdentityTokens.error("invalid_request", "Identity not found"));
            return;
        }
        c.json(200, tokens.appServiceReply(p.get(), resource));
    }
}
