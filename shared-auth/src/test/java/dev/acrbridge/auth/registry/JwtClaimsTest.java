package dev.acrbridge.auth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwtClaimsTest {
    private static String jwt(String payload) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void readsExpiryAndAccess() {
        JwtClaims c = JwtClaims.parse(jwt("{\"exp\":1800000000,\"iat\":1799990000,\"access\":[{\"type\":\"repository\","
                + "\"name\":\"app\",\"actions\":[\"pull\",\"push\"]},{\"type\":\"registry\",\"name\":\"catalog\","
                + "\"actions\":[\"*\"]}]}"), "access token");
        assertEquals(Instant.ofEpochSecond(1800000000), c.expiresAt());
        assertEquals(Instant.ofEpochSecond(1799990000), c.issuedAt());
        assertEquals(new AccessEntry("repository", "app", Set.of("pull", "push")), c.access().get(0));
        assertEquals("registry:catalog:*", c.access().get(1).toScope());
    }

    @Test
    void missingClaimsAreNullOrEmpty() {
        JwtClaims c = JwtClaims.parse(jwt("{}"), "refresh token");
        assertNull(c.expiresAt());
        assertEquals(0, c.access().size());
    }

    @Test
    void garbageIsRefusedWithoutQuotingIt() {
        for (String bad : new String[] {"", "a.b", "secret-not-a-jwt.x.y", jwt("[1]"), "a.%%%.c"}) {
            AcrAuthException e = assertThrows(AcrAuthException.class, () -> JwtClaims.parse(bad, "refresh token"));
            assertFalse(!bad.isEmpty() && e.getMessage().contains(bad), e.getMessage());
        }
    }
}
