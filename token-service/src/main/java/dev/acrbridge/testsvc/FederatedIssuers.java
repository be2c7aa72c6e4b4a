package dev.acrbridge.testsvc;

import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The OIDC issuers the fake Entra trusts (a Kubernetes cluster, GitHub, any other): each has its own key. */
final class FederatedIssuers {
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final ServiceClock clock;

    FederatedIssuers(ServiceClock clock) {
        this.clock = clock;
    }

    /** Makes {@code issuer} known to fake Entra; its key is made on first use. */
    void register(String issuer) {
        registered.add(issuer);
    }

    KeyPair key(String issuer) {
        registered.add(issuer);
        return KeyPool.get("issuer:" + issuer);
    }

    boolean knows(String issuer) {
        return registered.contains(issuer);
    }

    String kid(String issuer) {
        return "kid-" + Integer.toHexString(issuer.hashCode());
    }

    String mint(String issuer, String subject, Object audience, Duration ttl, Map<String, Object> extraClaims) {
        long now = clock.epochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("aud", audience);
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + ttl.getSeconds());
        claims.putAll(extraClaims);
        return Jwts.signRs256(Map.of("kid", kid(issuer)), claims, key(issuer).getPrivate());
    }

    static List<String> audiences(Object aud) {
        if (aud instanceof String) {
            return List.of((String) aud);
        }
        if (aud instanceof List<?>) {
            return ((List<?>) aud).stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
