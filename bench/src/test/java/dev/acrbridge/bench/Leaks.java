package dev.acrbridge.bench;

import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.auth.secret.SecretForms;
import dev.acrbridge.testsvc.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Finds secrets (in every form a log or file could carry them) in texts and files. */
final class Leaks {
    private static final List<String> SECRET_FIELDS =
            List.of("client_secret", "client_assertion", "access_token", "refresh_token", "password");
    private static final List<String> SECRET_HEADERS = List.of("Authorization", "X-IDENTITY-HEADER");

    private Leaks() {
    }

    /**
     * Every secret that travelled in the given requests: form secrets (client secret, assertions, Entra and ACR
     * tokens, passwords) and secret headers (Basic/Bearer values, the App Service identity header).
     */
    static Set<String> secretsIn(Collection<LoggedRequest> requests) {
        Set<String> out = new LinkedHashSet<>();
        for (LoggedRequest r : requests) {
            for (String field : SECRET_FIELDS) {
                r.form().getOrDefault(field, List.of()).forEach(out::add);
            }
            for (String header : SECRET_HEADERS) {
                String v = r.header(header);
                if (v != null) {
                    out.add(v.replaceFirst("^(?i)(basic|bearer) ", ""));
                }
            }
        }
        out.removeIf(s -> s.length() < 8); // "true", empty fields: not secrets
        return out;
    }

    /** @return the secrets (or their base64, JSON or URL forms) found in any of the texts */
    static List<String> findIn(Collection<String> secrets, Collection<String> texts) {
        List<String> found = new ArrayList<>();
        for (String secret : secrets) {
            for (String form : SecretForms.of(Secret.of(secret), null)) {
                if (texts.stream().anyMatch(t -> t != null && t.contains(form))) {
                    found.add(preview(secret));
                    break;
                }
            }
        }
        return found;
    }

    /** @return the contents of every regular file under {@code dir} */
    static List<String> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.add(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first characters of a secret: enough to recognise it in a report, too little to use it. */
    static String preview(String secret) {
        return secret.substring(0, Math.min(6, secret.length())) + "...";
    }
}
