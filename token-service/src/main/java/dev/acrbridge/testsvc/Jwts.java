package dev.acrbridge.testsvc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tiny JWT encoder/decoder the fake needs (RS256/RS384/RS512/PS256). Test use only: it verifies signatures but
 * leaves every claim check to the caller.
 */
public final class Jwts {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DEC = Base64.getUrlDecoder();

    private Jwts() {
    }

    /** Signs {@code claims} with {@code key}; {@code header} gets {@code alg} RS256 and {@code typ} JWT added. */
    public static String signRs256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "RS256");
        h.put("typ", "JWT");
        h.putAll(header);
        String input = b64(json(h)) + "." + b64(json(claims));
        try {
            Signature s = signature("RS256");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64URL.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign JWT", e);
        }
    }

    /** Parses a compact JWS without verifying it; throws {@link IllegalArgumentException} when it is not one. */
    public static Jwt parse(String token) {
        if (token == null) {
            throw new IllegalArgumentException("no token");
        }
        String[] parts = token.trim().split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS (expected 3 dot-separated parts)");
        }
        try {
            Map<String, Object> header = JSON.readValue(B64URL_DEC.decode(parts[0]), new TypeReference<>() { });
            Map<String, Object> claims = JSON.readValue(B64URL_DEC.decode(parts[1]), new TypeReference<>() { });
            byte[] sig = B64URL_DEC.decode(parts[2]);
            return new Jwt(header, claims, parts[0] + "." + parts[1], sig);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed JWT: " + e.getMessage(), e);
        }
    }

    /** True when the JWS signature verifies with {@code key} under the token's own {@code alg} (RS*, PS256). */
    public static boolean verify(Jwt jwt, PublicKey key) {
        try {
            Signature s = signature(String.valueOf(jwt.header().get("alg")));
            s.initVerify(key);
            s.update(jwt.signingInput().getBytes(StandardCharsets.US_ASCII));
            return s.verify(jwt.signature());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Signature signature(String alg) throws GeneralSecurityException {
        switch (alg) {
            case "RS256": return Signature.getInstance("SHA256withRSA");
            case "RS384": return Signature.getInstance("SHA384withRSA");
            case "RS512": return Signature.getInstance("SHA512withRSA");
            case "PS256": {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                return s;
            }
            default: throw new IllegalArgumentException("unsupported alg " + alg);
        }
    }

    static String b64(byte[] data) {
        return B64URL.encodeToString(data);
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A parsed (not necessarily verified) JWT. */
    public record Jwt(Map<String, Object> header, Map<String, Object> claims, String signingInput, byte[] signature) {
        /** A string claim, or null. */
        public String claim(String name) {
            Object v = claims.get(name);
            return v instanceof String ? (String) v : null;
        }

        /** A numeric date claim in epoch seconds, or null. */
        public Long epoch(String name) {
            Object v = claims.get(name);
            return v instanceof Number ? ((Number) v).longValue() : null;
        }
    }
}
