package dev.acrbridge.auth.files;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.secret.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The one way every face reads a file the user named (federated token, certificate, CA bundle, secret file):
 * a regular file only (a FIFO, device or directory is refused before it is opened, so {@code /dev/zero} cannot
 * exhaust the heap and a FIFO without writer cannot block the thread), at most a fixed number of bytes, and
 * errors that name the field. Symbolic links are followed: Kubernetes projects its tokens through them.
 */
public final class InputFiles {
    /** A federated token is a JWT of a few KB (Kubernetes, GitHub, GitLab: 1-3 KB); 64 KiB leaves room. */
    public static final int FEDERATED_TOKEN_MAX_BYTES = 64 * 1024;
    /** A PEM or PKCS#12 with key and a long chain is well under 100 KB. */
    public static final int CERTIFICATE_MAX_BYTES = 1024 * 1024;
    /** A CA bundle: the whole Mozilla bundle is about 220 KB. */
    public static final int CA_BUNDLE_MAX_BYTES = 4 * 1024 * 1024;
    /** A file holding one secret (client secret, certificate password, registry password). */
    public static final int SECRET_MAX_BYTES = 64 * 1024;

    /** header.payload.signature, base64url without padding (RFC 7515 compact serialization). */
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private InputFiles() {
    }

    /**
     * @param file     the file the user named
     * @param field    the setting, flag or form field that named it (used in errors)
     * @param maxBytes the most the file may hold
     * @param what     what the file should be, for the fix ("the projected service account token file")
     * @return its bytes
     * @throws InvalidConfigurationException naming the field when the file is missing, not a regular file, too
     *                                       large or unreadable
     */
    public static byte[] read(Path file, String field, int maxBytes, String what) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException(field, "file " + file + " does not exist", "point it at " + what);
        } catch (IOException | SecurityException e) {
            throw new InvalidConfigurationException(field, "file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")", "point it at " + what);
        }
        if (!attributes.isRegularFile()) {
            throw new InvalidConfigurationException(field, file + " is not a regular file ("
                    + kind(attributes) + ")", "point it at " + what);
        }
        if (attributes.size() > maxBytes) {
            throw tooLarge(file, field, maxBytes, what);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1); // the file may have grown since it was measured
            if (bytes.length > maxBytes) {
                throw tooLarge(file, field, maxBytes, what);
            }
            return bytes;
        } catch (IOException | SecurityException e) {
            throw new InvalidConfigurationException(field, "file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")", "point it at " + what);
        }
    }

    /**
     * @param file  the file the user named
     * @param field    the setting that named it
     * @param maxBytes the most the file may hold
     * @param what     what the file should be
     * @return its content as UTF-8 text, trimmed
     */
    public static String readText(Path file, String field, int maxBytes, String what) {
        return new String(read(file, field, maxBytes, what), StandardCharsets.UTF_8).trim();
    }

    /**
     * Reads a federated token file (Kubernetes projected service account token, any CI's OIDC token) and checks it
     * looks like a JWT before anything is sent.
     *
     * @param file  the token file
     * @param field the setting that named it
     * @return the token
     */
    public static Secret federatedToken(Path file, String field) {
        String what = "the projected service account token (a JWT) of the workload identity";
        String token = readText(file, field, FEDERATED_TOKEN_MAX_BYTES, what);
        if (token.isEmpty()) {
            throw new InvalidConfigurationException(field, "file " + file + " is empty",
                    "check the projected service account token volume");
        }
        requireJwt(token, field, "file " + file);
        return Secret.of(token);
    }

    /**
     * A federated assertion must be a JWT: Entra accepts nothing else, and checking first means a mistaken
     * credential or file (a private key, a password) is never sent to the authority.
     *
     * @param assertion the token
     * @param field     the setting or field it came from
     * @param source    where it came from, for the message ("file /var/run/...", "credential 'oidc'")
     * @throws InvalidConfigurationException naming the field when it is not a JWT; the message never quotes it
     */
    public static void requireJwt(String assertion, String field, String source) {
        String token = assertion == null ? "" : assertion.trim();
        if (token.length() > FEDERATED_TOKEN_MAX_BYTES || !JWT.matcher(token).matches() || !jsonHeader(token)) {
            throw new InvalidConfigurationException(field, source + " does not hold a JWT (three base64url parts"
                    + " separated by dots, with a JSON header)", "use a federated (OIDC) token issued for the"
                    + " audience api://AzureADTokenExchange; nothing was sent to Entra");
        }
    }

    private static boolean jsonHeader(String token) {
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                    StandardCharsets.UTF_8).trim();
            return header.startsWith("{") && header.endsWith("}");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static InvalidConfigurationException tooLarge(Path file, String field, int maxBytes, String what) {
        return new InvalidConfigurationException(field, "file " + file + " is larger than " + maxBytes / 1024
                + " KiB", "point it at " + what);
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        return a.isOther() ? "a device, FIFO or socket" : "not a file";
    }
}
