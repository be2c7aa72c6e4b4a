package dev.acrbridge.testsvc;

import java.io.IOException;
import java.util.Optional;

/** IMDS {@code GET /metadata/identity/oauth2/token}; requires {@code Metadata: true}. */
record ImdsHandler(EntraDirectory directory, ManagedIdentityTokens tokens) implements Dispatcher.Handler {

    @Override
    public void handle(Call c) throws IOException {
        if (!"GET".equals(c.method())) {
            c.json(405, ManagedIdentityTokens.error("invalid_request", "IMDS token requests must use GET"));
            return;
        }
        if (!"true".equals(c.header("Metadata"))) {
            c.json(400, ManagedIdentityTokens.error("invalid_request", "Required metadata header not specified"));
            return;
        }
        if (c.header("X-Forwarded-For") != null) {
            c.json(400, ManagedIdentityTokens.error("invalid_request", "Request has X-Forwarded-For header"));
            return;
        }
        if (c.queryParam("api-version") == null) {
            c.json(400, ManagedIdentityTokens.error("invalid_request", "Required query variable 'api-version' is missing"));
            return;
        }
        String resource = tokens.resource(c.queryParam("resource"));
        if (resource == null) {
            c.json(400, ManagedIdentityTokens.error("invalid_resource", "AADSTS500011: The resource principal named "
                    + c.queryParam("resource") + " was not found (or the 'resource' query variable is missing)."));
            return;
        }
        String resId = c.queryParam("msi_res_id") != null ? c.queryParam("msi_res_id") : c.queryParam("mi_res_id");
        Optional<Principal> p = directory.managedIdentity(c.queryParam("client_id"), c.queryParam("object_id"), resId);
        if (p.isEmpty()) {
            c.json(400, ManagedIdentityTokens.error("invalid_request", "Identity not found"));
            return;
        }
        c.json(200, tokens.imdsReply(p.get(), resource));
    }
}
