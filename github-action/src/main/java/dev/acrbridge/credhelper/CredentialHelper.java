package dev.acrbridge.credhelper;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The docker credential-helper protocol ({@code docker-credential-acr-login get|store|erase|list|version}): the
 * request on stdin, the answer on stdout, and on error the message on stdout with exit code 1. Docker, podman,
 * buildah and skopeo run it for every registry operation, so {@code get} always answers with a fresh token.
 */
public final class CredentialHelper {
    /** The message docker reads as "no credentials for this server" (it then goes on without). */
    public static final String NOT_FOUND = "credentials not found in native keychain";
    /** Name of the helper as used in {@code credHelpers}: docker runs {@code docker-credential-acr-login}. */
    public static final String NAME = "acr-login";
    private static final JsonFactory JSON = new JsonFactory();
    private final CredentialSource source;
    private final String version;

    /**
     * @param source  where credentials come from
     * @param version printed by {@code version}
     */
    public CredentialHelper(CredentialSource source, String version) {
        this.source = source;
        this.version = version;
    }

    /**
     * Runs one protocol action.
     *
     * @param action {@code get}, {@code store}, {@code erase}, {@code list} or {@code version}
     * @param in     the request
     * @param out    the answer (or the error message)
     * @return the exit code: 0, or 1 on any error
     */
    public int run(String action, InputStream in, PrintStream out) {
        try {
            switch (action) {
                case "get":
                    return get(readServerUrl(in), out);
                case "store":
                    in.readAllBytes();
                    out.println("acr-login does not store credentials: it mints a fresh registry token for every"
                            + " request; log in with 'acr-login login' or route the registry to this helper");
                    return 1;
                case "erase":
                    source.erase(readServerUrl(in));
                    return 0;
                case "list":
                    out.println(toJson(source.list()));
                    return 0;
                case "version":
                    out.println("docker-credential-" + NAME + " " + version);
                    return 0;
                default:
                    out.println("unknown credential helper action '" + action
                            + "'; use get, store, erase, list or version");
                    return 1;
            }
        } catch (AcrAuthException e) {
            out.println(e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            out.println("acr-login credential helper: " + e.getMessage());
            return 1;
        }
    }

    private int get(String serverUrl, PrintStream out) throws IOException {
        Optional<RegistryCredential> credential = source.get(serverUrl);
        if (credential.isEmpty()) {
            out.println(NOT_FOUND);
            return 1;
        }
        String reply = reply(serverUrl, credential.get());
        out.println(reply);
        source.answered(serverUrl, credential.get(), reply);
        return 0;
    }

    /**
     * @param serverUrl  the server URL as docker sent it
     * @param credential the credential
     * @return the {@code get} reply, one line of JSON without the line end
     * @throws IOException never in practice (in-memory)
     */
    public static String reply(String serverUrl, RegistryCredential credential) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("ServerURL", serverUrl);
            g.writeStringField("Username", credential.username());
            g.writeStringField("Secret", credential.password().reveal());
            g.writeEndObject();
        }
        return text.toString();
    }

    private static String toJson(Map<String, String> map) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : map.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        return text.toString();
    }

    private static String readServerUrl(InputStream in) throws IOException {
        // docker writes the URL without a newline and closes stdin; bound the read against a stuck writer
        byte[] bytes = in.readNBytes(4096);
        String url = new String(bytes, StandardCharsets.UTF_8).strip();
        if (url.isEmpty()) {
            throw new IllegalArgumentException("no server URL on stdin; docker writes it there, e.g."
                    + " echo contoso.azurecr.io | docker-credential-acr-login get");
        }
        return url;
    }
}
