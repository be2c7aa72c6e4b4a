package dev.acrbridge.auth.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;

/** Shared helpers for the writer tests. */
final class LoginFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private LoginFixtures() {
    }

    static RegistryCredential refreshToken(String host, String token) {
        return new RegistryCredential(host, RegistryCredential.NULL_GUID, Secret.of(token),
                Instant.now().plusSeconds(3600), IdentityKind.SERVICE_PRINCIPAL_SECRET);
    }

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    static String decodeAuth(JsonNode entry) {
        return new String(Base64.getDecoder().decode(entry.get("auth").asText()), StandardCharsets.UTF_8);
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** @return names of leftover temp files of atomic writes in the directory */
    static long tempFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }
}
