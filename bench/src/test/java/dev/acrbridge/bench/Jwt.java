package dev.acrbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads the payload of a compact JWT (no verification: the service that issued it verifies). */
final class Jwt {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jwt() {
    }

    /** @return the payload, or a missing node when the text is not a JWT */
    static JsonNode payload(String jwt) {
        try {
            String[] parts = jwt.split("\\.");
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return JSON.missingNode();
        }
    }
}
