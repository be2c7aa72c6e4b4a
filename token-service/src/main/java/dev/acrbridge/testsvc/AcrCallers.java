package dev.acrbridge.testsvc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Resolves registry credentials (Basic pairs, ACR refresh tokens) to a {@link Grants.Caller}. */
final class AcrCallers {
    static final String NULL_GUID = "00000000-0000-0000-0000-000000000000";

    /** A refused credential with the ACR-style message. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final AcrRegistry registry;
    private final EntraDirectory directory;

    AcrCallers(AcrRegistry registry, EntraDirectory directory) {
        this.registry = registry;
        this.directory = directory;
    }

    /** The caller for a Basic header, null when there is none; throws {@link Refused} for bad credentials. */
    Grants.Caller fromAuthorization(String header, String service) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused("malformed Basic authorization header");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new Refused("malformed Basic authorization header");
        }
        return fromPassword(decoded.substring(0, colon), decoded.substring(colon + 1), service);
    }

    /** Username/password as ACR accepts them: null GUID + refresh token, admin, repository token, SP secret. */
    Grants.Caller fromPassword(String user, String password, String service) {
        if (NULL_GUID.equals(user)) {
            return fromRefreshToken(password, service);
        }
        if (registry.isAdmin(user, password)) {
            return new Grants.Caller(user, null, true, null);
        }
        AcrRegistry.RepositoryToken token = registry.repositoryTokens.get(user);
        if (token != null) {
            if (!token.password().equals(password)) {
                throw new Refused("invalid username or password for repository-scoped token '" + user + "'");
            }
            return new Grants.Caller(user, null, false, token);
        }
        Application app = directory.applicationAnyTenant(user)
                .orElseThrow(() -> new Refused("Application not registered with AAD."));
        if (!app.secrets.contains(password)) {
            // ACR checks the pair against the app's tenant: a wrong and an expired secret get the same answer
            throw new Refused("Invalid clientid or client secret.");
        }
        return new Grants.Caller(app.principal.objectId(), app.principal.objectId(), false, null);
    }

    /** The principal behind a valid ACR refresh token for this service. */
    Grants.Caller fromRefreshToken(String refreshToken, String service) {
        Jwts.Jwt jwt = registry.tokens().verifyRefresh(registry.resolveRefreshToken(refreshToken), service);
        if (jwt == null) {
            throw new Refused("The refresh token is invalid or expired, or was issued for another registry.");
        }
        String oid = jwt.claim("sub");
        if (directory.byObjectId(oid).isEmpty()) {
            throw new Refused("The identity of the refresh token no longer exists.");
        }
        return new Grants.Caller(oid, oid, false, null);
    }
}
