package dev.acrbridge.auth.identity;

import com.azure.core.credential.AccessToken;

/** One identity's way to an Entra access token. Built once per identity and reused. */
@FunctionalInterface
interface EntraCredential {
    /**
     * @param scope e.g. {@code https://containerregistry.azure.net/.default}
     * @return the access token (secret) and its expiry
     */
    AccessToken token(String scope);
}
