package dev.acrbridge.testsvc;

import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Issues and checks the fake Entra's access tokens (RS256 JWTs with aud, tid, oid, appid, exp). */
final class EntraTokens {
    static final String KID = "fake-entra-key";
    private final KeyPair key = KeyPool.get("entra");
    private final ServiceClock clock;
    private final String authority;
    private volatile Duration lifetime = Duration.ofSeconds(3599);

    EntraTokens(ServiceClock clock, String authority) {
        this.clock = clock;
        this.authority = authority;
    }

    void lifetime(Duration d) {
        this.lifetime = d;
    }

    Duration lifetime() {
        return lifetime;
    }

    KeyPair key() {
        return key;
    }

    String issuer(String tenant) {
        return authority + "/" + tenant + "/v2.0";
    }

    /** An issued token and its expiry (epoch seconds). */
    record Issued(String token, long iat, long exp) {
    }

    Issued issue(Principal p, String resource) {
        long now = clock.epochSecond();
        long exp = now + lifetime.getSeconds();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("aud", resource);
        c.put("iss", issuer(p.tenantId()));
        c.put("iat", now);
        c.put("nbf", now);
        c.put("exp", exp);
        c.put("appid", p.clientId());
        c.put("azp", p.clientId());
        c.put("idtyp", "app");
        c.put("oid", p.objectId());
        c.put("sub", p.objectId());
        c.put("tid", p.tenantId());
        c.put("uti", UUID.randomUUID().toString());
        c.put("ver", "2.0");
        if (p.resourceId() != null) {
            c.put("xms_mirid", p.resourceId());
        }
        return new Issued(Jwts.signRs256(Map.of("kid", KID), c, key.getPrivate()), now, exp);
    }

    /** Verifies signature and time window; returns the token or null when it is not a valid fake-Entra token. */
    Jwts.Jwt verify(String token) {
        try {
            Jwts.Jwt jwt = Jwts.parse(token);
            if (!KID.equals(jwt.header().get("kid")) || !Jwts.verify(jwt, key.getPublic())) {
                return null;
            }
            long now = clock.epochSecond();
            Long exp = jwt.epoch("exp");
            Long nbf = jwt.epoch("nbf");
            if (exp == null || now > exp + 60 || (nbf != null && now < nbf - 60)) {
                return null;
            }
            return jwt;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
