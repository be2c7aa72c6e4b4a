package dev.acrbridge.auth.registry;

import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.secret.Secret;
import java.time.Instant;
import java.util.Objects;

/**
 * What a client needs to log in to a registry: the third step of identity -> Entra token -> registry credential ->
 * client configuration.
 *
 * @param loginServer  the registry host (lower case, with a port when not 443), e.g. {@code contoso.azurecr.io}
 * @param username     {@link #NULL_GUID} for Entra-backed refresh tokens; the admin or token name otherwise
 * @param password     the ACR refresh token (or the admin / repository-token password)
 * @param expiresAt    when the password stops working ({@code exp} of the refresh token); null when unknown
 * @param identityKind which kind of identity produced it
 */
public record RegistryCredential(String loginServer, String username, Secret password, Instant expiresAt,
                                 IdentityKind identityKind) {

    /** The username that tells ACR the password is an ACR refresh token. */
    public static final String NULL_GUID = "00000000-0000-0000-0000-000000000000";

    public RegistryCredential {
        Objects.requireNonNull(loginServer, "loginServer");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(identityKind, "identityKind");
    }

    /** @return true when the password is an ACR refresh token (the null-GUID username) */
    public boolean isRefreshToken() {
        return NULL_GUID.equals(username);
    }
}
