package dev.acrbridge.auth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the claims of a registry JWT (refresh or access token) without verifying it: the registry verifies its own
 * tokens; we only need {@code exp} to know when to refresh and {@code access} to report what was granted.
 */
public final class JwtClaims {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode payload;

    private JwtClaims(JsonNode payload) {
        this.payload = payload;
    }

    /**
     * @param jwt  a compact JWS
     * @param what what the token is, for the error message ("refresh token")
     * @return its claims
     * @throws AcrAuthException when it is not a JWT with a JSON payload (the message never shows the token)
     */
    public static JwtClaims parse(String jwt, String what) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw malformed(what, null);
        }
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (node == null || !node.isObject()) {
                throw malformed(what, null);
            }
            return new JwtClaims(node);
        } catch (IOException | IllegalArgumentException e) {
            throw malformed(what, null);
        }
    }

    /**
     * @param token a token
     * @return true when it has the shape of a compact JWS whose payload is a JSON object
     */
    public static boolean isJwt(String token) {
        try {
            parse(token, "token");
            return true;
        } catch (AcrAuthException notJwt) {
            return false;
        }
    }

    /** @return {@code exp}, or null when absent */
    public Instant expiresAt() {
        JsonNode exp = payload.get("exp");
        return exp != null && exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
    }

    /** @return {@code iat} (or {@code nbf}), or null when absent */
    public Instant issuedAt() {
        JsonNode iat = payload.has("iat") ? payload.get("iat") : payload.get("nbf");
        return iat != null && iat.canConvertToLong() ? Instant.ofEpochSecond(iat.asLong()) : null;
    }

    /**
     * @param name a claim name
     * @return its text, or null
     */
    public String text(String name) {
        JsonNode n = payload.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** @return the {@code access} claim of an access token; empty when absent */
    List<AccessEntry> access() {
        List<AccessEntry> out = new ArrayList<>();
        JsonNode access = payload.get("access");
        if (access == null || !access.isArray()) {
            return out;
        }
        for (JsonNode e : access) {
            Set<String> actions = new HashSet<>();
            for (JsonNode a : e.path("actions")) {
                actions.add(a.asText());
            }
            out.add(new AccessEntry(e.path("type").asText(""), e.path("name").asText(""), actions));
        }
        return out;
    }

    private static AcrAuthException malformed(String what, Throwable cause) {
        return new AcrAuthException("The registry returned a " + what + " that is not a readable JWT.",
                "check that the host is an Azure Container Registry and no proxy rewrites its answers", false, cause);
    }
}
