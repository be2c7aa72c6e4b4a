package dev.acrbridge.testsvc;

/** Which endpoint a request path belongs to, per listener. */
final class Routes {
    private Routes() {
    }

    /** The HTTPS listener: Entra token and metadata, ACR challenge, exchange and token, GitHub OIDC. */
    static Endpoint https(String path) {
        if (path.endsWith("/oauth2/v2.0/token")) {
            return Endpoint.ENTRA_TOKEN;
        }
        if (path.startsWith("/adfs/") || path.startsWith("/subscriptions")) {
            return path.startsWith("/adfs/") ? Endpoint.ADFS : Endpoint.ARM; // the Azure CLI peer of the benchmark
        }
        switch (path) {
            case "/v2/": case "/v2": return Endpoint.ACR_CHALLENGE;
            case "/oauth2/exchange": return Endpoint.ACR_EXCHANGE;
            case "/oauth2/token": return Endpoint.ACR_TOKEN;
            case "/github/oidc/token": return Endpoint.GITHUB_OIDC; // GitHub's real endpoint is https
            default:
                return path.contains("/.well-known/") || path.contains("/discovery/") || path.startsWith("/kubernetes/")
                        ? Endpoint.ENTRA_METADATA : Endpoint.OTHER;
        }
    }

    /** The plain-HTTP listener: IMDS, App Service, GitHub OIDC. */
    static Endpoint http(String path) {
        switch (path) {
            case "/metadata/identity/oauth2/token": return Endpoint.IMDS;
            case "/msi/token": return Endpoint.APP_SERVICE;
            case "/github/oidc/token": return Endpoint.GITHUB_OIDC;
            default: return Endpoint.OTHER;
        }
    }
}
