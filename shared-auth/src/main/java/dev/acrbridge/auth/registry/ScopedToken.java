package dev.acrbridge.auth.registry;

import dev.acrbridge.auth.secret.Secret;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A registry access token from {@code /oauth2/token} and what it actually grants. ACR grants the intersection of
 * the requested and the allowed actions and never fails for lack of rights, so {@link #granted()} may be partial
 * or empty.
 *
 * @param loginServer     registry host
 * @param accessToken     the access token (send as {@code Authorization: Bearer})
 * @param expiresAt       {@code exp} of the access token, or null when absent
 * @param requestedScopes the scopes asked for
 * @param granted         the {@code access} claim, decoded
 */
public record ScopedToken(String loginServer, Secret accessToken, Instant expiresAt, List<String> requestedScopes,
                          List<AccessEntry> granted) {
    public ScopedToken {
        Objects.requireNonNull(loginServer, "loginServer");
        Objects.requireNonNull(accessToken, "accessToken");
        requestedScopes = List.copyOf(requestedScopes);
        granted = List.copyOf(granted);
    }

    /**
     * @param type resource type ({@code repository})
     * @param name resource name
     * @return the actions granted on that resource; {@code *} stays as given
     */
    public Set<String> grantedActions(String type, String name) {
        Set<String> out = new HashSet<>();
        for (AccessEntry e : granted) {
            if (e.type().equals(type) && e.name().equals(name)) {
                out.addAll(e.actions());
            }
        }
        return out;
    }
}
