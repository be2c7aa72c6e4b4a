package dev.acrbridge.testsvc;

/** Every endpoint family the local service answers; faults and the request log are keyed by it. */
public enum Endpoint {
    /** Entra v2 token endpoint {@code POST /{tenant}/oauth2/v2.0/token}. */
    ENTRA_TOKEN,
    /** Entra metadata: openid-configuration, keys, instance discovery. */
    ENTRA_METADATA,
    /** IMDS {@code GET /metadata/identity/oauth2/token}. */
    IMDS,
    /** App Service managed identity {@code GET /msi/token}. */
    APP_SERVICE,
    /** GitHub Actions OIDC request URL. */
    GITHUB_OIDC,
    /** ACR {@code GET /v2/}. */
    ACR_CHALLENGE,
    /** ACR {@code POST /oauth2/exchange}. */
    ACR_EXCHANGE,
    /** ACR {@code GET|POST /oauth2/token}. */
    ACR_TOKEN,
    /** Azure Resource Manager subscriptions and registries (only for the Azure CLI as a benchmark peer). */
    ARM,
    /** ADFS-style authority {@code /adfs/...} (only for the Azure CLI as a benchmark peer). */
    ADFS,
    /** Anything else (answered 404). */
    OTHER
}
