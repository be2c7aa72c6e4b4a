package dev.acrbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Client configuration as a user already has it (a docker config and a containers auth file with a login for another
 * registry), a byte-exact snapshot of it, and a reader for the credential a login wrote.
 */
final class ClientConfigs {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OTHER_REGISTRY = "other.azurecr.io";
    private static final String EXISTING = "{\"auths\":{\"" + OTHER_REGISTRY + "\":{\"auth\":\""
            + Base64.getEncoder().encodeToString("someone:earlier-login".getBytes(StandardCharsets.UTF_8))
            + "\"}}}\n";

    private ClientConfigs() {
    }

    /** Writes the existing configuration into an attempt directory (see {@link Attempt}). */
    static void seed(Path dir) {
        try {
            Files.createDirectories(Attempt.dockerDir(dir));
            Files.writeString(Attempt.dockerDir(dir).resolve("config.json"), EXISTING);
            Files.createDirectories(Attempt.authFile(dir).getParent());
            Files.writeString(Attempt.authFile(dir), EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return path -> bytes (base64) of every file under dir, to compare before and after */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted().toList()) {
                out.put(dir.relativize(f).toString(), Files.isRegularFile(f)
                        ? Base64.getEncoder().encodeToString(Files.readAllBytes(f)) : "dir");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * @param file a docker-format auth file
     * @param host the registry
     * @return the password stored for host under the null-GUID username, or null; the other login must survive
     */
    static String refreshTokenFor(Path file, String host) {
        try {
            JsonNode auths = JSON.readTree(file.toFile()).path("auths");
            if (!auths.has(OTHER_REGISTRY)) {
                return null;
            }
            String auth = auths.path(host).path("auth").asText("");
            String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            return pair.startsWith(RegistryCredential.NULL_GUID + ":")
                    ? pair.substring(RegistryCredential.NULL_GUID.length() + 1) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
