package dev.acrbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.login.ContainersAuthWriter;
import dev.acrbridge.auth.login.DockerConfigWriter;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.registry.ScopedToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * One login attempt, as the CLI does it: registry credential, then the docker and containers configuration written
 * ({@link Op#LOGIN}); or a scoped access token with nothing written ({@link Op#TOKEN}, what {@code acr-login token}
 * and {@code check} do). Shared by the in-process cells and the managed-identity child JVM.
 *
 * @param ok         true when the operation returned
 * @param millis     wall time of the operation
 * @param token      the refresh token (LOGIN) or access token (TOKEN) on success
 * @param errorClass simple class name of the failure
 * @param acrAuthException true when the failure is an {@link AcrAuthException} (ours, with a cause and a fix)
 * @param message    the failure's message
 * @param fix        {@link AcrAuthException#fix()}, or null
 * @param trace      the whole stack trace text (every cause's message), for the leak scan
 */
record Attempt(boolean ok, long millis, String token, String errorClass, boolean acrAuthException, String message,
               String fix, String trace) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SCOPE = "repository:app/web:pull,push";

    /** What the attempt does. */
    enum Op { LOGIN, TOKEN }

    /** The docker config directory of an attempt's directory. */
    static Path dockerDir(Path dir) {
        return dir.resolve("docker");
    }

    /** The containers auth file of an attempt's directory. */
    static Path authFile(Path dir) {
        return dir.resolve("containers").resolve("auth.json");
    }

    static Attempt run(AcrAuth auth, IdentitySpec identity, String registry, Path dir, Op op) {
        long start = System.nanoTime();
        try {
            String token;
            if (op == Op.TOKEN) {
                ScopedToken t = auth.scopedToken(identity, registry, List.of(SCOPE));
                token = t.accessToken().reveal();
            } else {
                RegistryCredential c = auth.credential(identity, registry);
                DockerConfigWriter.isolated(dockerDir(dir), dir.resolve("no-user-config")).login(c);
                new ContainersAuthWriter(authFile(dir)).login(c);
                token = c.password().reveal();
            }
            return new Attempt(true, millis(start), token, null, false, null, null, null);
        } catch (RuntimeException | IOException | Error e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return new Attempt(false, millis(start), null, e.getClass().getSimpleName(), e instanceof AcrAuthException,
                    e.getMessage(), e instanceof AcrAuthException a ? a.fix() : null, trace.toString());
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** True for a failure that is one of ours and says what to do. */
    boolean clearError() {
        return !ok && acrAuthException && fix != null && !fix.isBlank();
    }

    String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("ok", ok).put("millis", millis).put("token", token).put("errorClass", errorClass)
                .put("acrAuthException", acrAuthException).put("message", message).put("fix", fix).put("trace", trace);
        return n.toString();
    }

    static Attempt fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new Attempt(n.path("ok").asBoolean(), n.path("millis").asLong(), text(n, "token"),
                    text(n, "errorClass"), n.path("acrAuthException").asBoolean(), text(n, "message"),
                    text(n, "fix"), text(n, "trace"));
        } catch (IOException e) {
            throw new AssertionError("not an attempt: " + json, e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
