package dev.acrbridge.testsvc;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signs ACR refresh and access tokens the way docker-registry 2.8 accepts them: RS256, iss "Azure Container
 * Registry", aud = service (a single string), header {@code x5c} with the self-signed signing certificate that is
 * also the registry's rootcertbundle.
 */
final class AcrTokens {
    static final String ISSUER = "Azure Container Registry";
    private static volatile KeyAndCertificate sharedSigning;
    private final KeyAndCertificate signing = signingCertificate0();
    private final ServiceClock clock;

    AcrTokens(ServiceClock clock) {
        this.clock = clock;
    }

    private static synchronized KeyAndCertificate signingCertificate0() {
        if (sharedSigning == null) {
            sharedSigning = Certificates.selfSigned("CN=Azure Container Registry token signing");
        }
        return sharedSigning;
    }

    KeyAndCertificate signingCertificate() {
        return signing;
    }

    /** An issued token with its expiry. */
    record Issued(String token, long iat, long exp) {
    }

    Issued refreshToken(String subject, String tenant, String service, Duration lifetime) {
        Map<String, Object> c = base(subject, service, lifetime);
        c.put("grant_type", "refresh_token");
        c.put("tenant", tenant);
        c.put("permissions", Map.of("actions", List.of("*"), "notActions", List.of()));
        c.put("roles", List.of());
        return sign(c);
    }

    Issued accessToken(String subject, String service, List<Map<String, Object>> access, Duration lifetime) {
        Map<String, Object> c = base(subject, service, lifetime);
        c.put("access", access);
        c.put("roles", List.of());
        c.put("grant_type", "access_token");
        return sign(c);
    }

    /** The refresh token's claims when its signature, issuer, audience, type and time are valid, else null. */
    Jwts.Jwt verifyRefresh(String token, String service) {
        return verify(token, service, "refresh_token");
    }

    /** The access token's claims when valid for this service, else null. */
    Jwts.Jwt verifyAccess(String token, String service) {
        return verify(token, service, "access_token");
    }

    private Jwts.Jwt verify(String token, String service, String grantType) {
        try {
            Jwts.Jwt jwt = Jwts.parse(token);
            long now = clock.epochSecond();
            Long exp = jwt.epoch("exp");
            Long nbf = jwt.epoch("nbf");
            boolean ok = Jwts.verify(jwt, signing.certificate().getPublicKey())
                    && ISSUER.equals(jwt.claim("iss"))
                    && service != null && service.equalsIgnoreCase(jwt.claim("aud"))
                    && grantType.equals(jwt.claim("grant_type"))
                    && exp != null && now <= exp && (nbf == null || now >= nbf - 60);
            return ok ? jwt : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Map<String, Object> base(String subject, String service, Duration lifetime) {
        long now = clock.epochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("jti", UUID.randomUUID().toString());
        c.put("sub", subject);
        c.put("nbf", now);
        c.put("exp", now + lifetime.getSeconds());
        c.put("iat", now);
        c.put("iss", ISSUER);
        c.put("aud", service);
        c.put("version", "1.0");
        return c;
    }

    private Issued sign(Map<String, Object> claims) {
        Map<String, Object> header = Map.of("x5c", List.of(Base64.getEncoder().encodeToString(signing.der())));
        String jwt = Jwts.signRs256(header, claims, signing.privateKey());
        return new Issued(jwt, (Long) claims.get("iat"), (Long) claims.get("exp"));
    }

    static String rfc3339(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }
}
