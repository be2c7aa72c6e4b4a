package dev.acrbridge.credhelper;

import dev.acrbridge.auth.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The answers the launcher ({@code bin/docker-credential-acr-login}) serves on a cache hit without starting Java:
 * per registry host, the exact reply {@code get} printed for that host, when it is due for renewal and which settings
 * file it was obtained with. Java writes one only after it answered that very request itself (every trust check
 * done, the identity taken from the registry's own settings file), so the shell can only repeat an answer Java gave.
 *
 * <p>File {@code CACHE/HOST.reply}, 0600 in the 0700 cache directory, three lines: the renewal time in epoch
 * seconds, the absolute path of the registry's settings file, the reply. Only plain {@code host[:port]} spellings
 * in lower case get one: that is what docker, podman and helm send, and the only form the shell accepts.
 */
public final class ReplyFiles {
    /** The only server URLs with a reply file: a lower-case host name or IPv4 address, an optional port. */
    public static final Pattern PLAIN_HOST = Pattern.compile("[a-z0-9][a-z0-9.-]*(:[0-9]{1,5})?");
    private static final String SUFFIX = ".reply";
    private final Path dir;

    /** @param cacheDir the credential cache directory (the same the launcher derives) */
    public ReplyFiles(Path cacheDir) {
        this.dir = cacheDir.toAbsolutePath().normalize();
    }

    /**
     * @param serverUrl what docker sent
     * @return the reply file for it, or null when that spelling never gets one
     */
    Path fileOf(String serverUrl) {
        return PLAIN_HOST.matcher(serverUrl).matches() ? dir.resolve(serverUrl + SUFFIX) : null;
    }

    /**
     * @param serverUrl    exactly what docker sent (a plain host, else nothing is written)
     * @param settingsFile the registry's settings file the credential was obtained with
     * @param renewAt      when the credential is due for renewal (nothing is written once it is)
     * @param reply        the reply, exactly as printed, without the line end
     * @throws IOException when it cannot be written
     */
    void write(String serverUrl, Path settingsFile, Instant renewAt, String reply) throws IOException {
        Path file = fileOf(serverUrl);
        String settings = settingsFile.toAbsolutePath().normalize().toString();
        if (file == null || !renewAt.isAfter(Instant.now()) || reply.contains("\n") || settings.contains("\n")) {
            return;
        }
        PrivateFiles.writeAtomically(file, (renewAt.getEpochSecond() + "\n" + settings + "\n" + reply + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param loginServer a registry host
     * @throws IOException when its reply file cannot be removed
     */
    void remove(String loginServer) throws IOException {
        Path file = fileOf(loginServer);
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
