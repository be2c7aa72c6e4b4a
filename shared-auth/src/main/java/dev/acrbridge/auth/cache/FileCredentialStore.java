package dev.acrbridge.auth.cache;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.files.OwnerOnlyAccess;
import dev.acrbridge.auth.files.PrivateFiles;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Registry credentials on disk, one owner-only file per identity and registry, so that short-lived processes (the
 * docker credential helper runs once per registry request) reuse a token instead of going to Entra each time.
 *
 * <p>The read path touches only the JDK and the plain value types ({@link RegistryCredential}, {@link Secret}); it
 * never loads azure-identity or Jackson, which keeps a cache hit at JVM start-up cost. Files are written atomically
 * (0600 in a 0700 directory), and {@link #freshOrFetch} serializes refreshes across processes with a file lock, so
 * a burst of parallel helpers costs one exchange.
 */
public final class FileCredentialStore implements CredentialCache<FileCredentialStore.Key> {
    /** Overrides the cache directory. */
    public static final String DIR_VARIABLE = "ACR_LOGIN_CACHE_DIR";
    /** The one refresh rule, the same as in memory. */
    private static final RefreshPolicy REFRESH = RefreshPolicy.DEFAULT;
    private static final String SUFFIX = ".credential";

    private final Path dir;
    private final Clock clock;
    private java.util.function.Consumer<IOException> writeFailures = ignored -> { };

    /**
     * @param dir   the cache directory (created 0700 on first write)
     * @param clock the clock freshness is judged by
     */
    public FileCredentialStore(Path dir, Clock clock) {
        this.dir = dir.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /**
     * @param env the process environment
     * @return {@code $ACR_LOGIN_CACHE_DIR}, else {@code $XDG_CACHE_HOME/acr-login}, else {@code ~/.cache/acr-login}
     */
    public static Path defaultDirectory(Map<String, String> env) {
        String configured = env.get(DIR_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
        return base.resolve("acr-login");
    }

    /** @return the cache directory */
    public Path directory() {
        return dir;
    }

    /**
     * @param identityKey {@link dev.acrbridge.auth.identity.IdentitySpec#cacheKey()} of the identity
     * @param loginServer the registry host
     * @return the stored credential while it is fresh (see {@link RefreshPolicy}), else empty
     * @throws IOException when the directory is unsafe (writable or readable by others) or a file is unreadable
     */
    public Optional<RegistryCredential> fresh(String identityKey, String loginServer) throws IOException {
        return read(fileOf(identityKey, loginServer)).filter(stored -> stored.isFresh(clock.instant()))
                .map(Stored::credential);
    }

    /**
     * Stores a credential (replacing the previous one). Credentials without an expiry are not stored.
     *
     * @param identityKey the identity's cache key
     * @param credential  the credential
     * @throws IOException when the directory is unsafe or the file cannot be written
     */
    public void store(String identityKey, RegistryCredential credential) throws IOException {
        if (credential.expiresAt() == null) {
            return;
        }
        checkDirectory(true);
        Properties p = new Properties();
        p.setProperty("identity", identityKey);
        p.setProperty("loginServer", credential.loginServer());
        p.setProperty("username", credential.username());
        p.setProperty("password", credential.password().reveal());
        p.setProperty("expiresAt", credential.expiresAt().toString());
        p.setProperty("storedAt", clock.instant().toString());
        p.setProperty("identityKind", credential.identityKind().name());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, null);
        PrivateFiles.writeAtomically(fileOf(identityKey, credential.loginServer()), out.toByteArray());
    }

    /** Obtains a new credential: the expensive path (Entra, the registry). */
    @FunctionalInterface
    public interface Fetch {
        /**
         * @param stillValidHeld true when a cached credential that has not expired yet is held (only due for
         *                       renewal): a transient failure then costs nothing, so one attempt is enough
         * @return the new credential
         * @throws AcrAuthException when Entra or the registry refuses or fails
         */
        RegistryCredential fetch(boolean stillValidHeld);
    }

    /**
     * Returns the fresh stored credential; otherwise one process at a time (file lock per identity and registry)
     * fetches a new one and stores it, and a failure is shared ({@link SharedFailure}): every process that waited for
     * that attempt, and every one arriving while the failure is remembered, gets the same answer without calling
     * Entra again. While a credential that is due for renewal has not expired yet, it is served at once to everyone
     * but the one process renewing it, and to that one too when the renewal fails transiently.
     *
     * @param identityKey the identity's cache key
     * @param loginServer the registry host
     * @param fetch       obtains a new credential (the expensive path)
     * @return a fresh credential, or a still-valid one when its renewal is under way or failed transiently
     * @throws IOException when the cache cannot be used (nothing was fetched then)
     * @throws AcrAuthException the failure of this attempt, or the one shared by another process
     */
    public RegistryCredential freshOrFetch(String identityKey, String loginServer, Fetch fetch) throws IOException {
        Path file = fileOf(identityKey, loginServer);
        Instant now = clock.instant();
        Optional<Stored> stored = read(file);
        if (stored.isPresent() && stored.get().isFresh(now)) {
            return stored.get().credential();
        }
        Optional<RegistryCredential> valid = stillValid(stored, now);
        Optional<SharedFailure> failed = SharedFailure.read(failureOf(file));
        if (failed.isPresent() && failed.get().activeAt(now)) {
            return answer(failed.get(), valid);
        }
        checkDirectory(true);
        Instant waitingSince = clock.instant();
        if (valid.isPresent()) {
            // someone else renewing: serve the still-valid credential now rather than wait for them
            return PrivateFiles.tryWithLock(file, () -> renew(identityKey, file, fetch, waitingSince))
                    .orElse(valid.get());
        }
        return PrivateFiles.withLock(file, () -> renew(identityKey, file, fetch, waitingSince));
    }

    /** Under the lock: what another process stored or met while we waited, else one attempt of our own. */
    private RegistryCredential renew(String identityKey, Path file, Fetch fetch, Instant waitingSince)
            throws IOException {
        Instant now = clock.instant();
        Optional<Stored> stored = read(file);
        if (stored.isPresent() && stored.get().isFresh(now)) {
            return stored.get().credential();
        }
        Optional<RegistryCredential> valid = stillValid(stored, now);
        Path failureFile = failureOf(file);
        Optional<SharedFailure> failed = SharedFailure.read(failureFile);
        if (failed.isPresent() && (failed.get().activeAt(now) || !failed.get().at().isBefore(waitingSince))) {
            return answer(failed.get(), valid);
        }
        RegistryCredential fetched;
        try {
            fetched = fetch.fetch(valid.isPresent());
        } catch (AcrAuthException e) {
            try {
                SharedFailure.of(e, clock.instant()).write(failureFile);
            } catch (IOException notShared) {
                writeFailures.accept(notShared);
            }
            if (e.isTransient() && valid.isPresent()) {
                return valid.get();
            }
            throw e;
        }
        try {
            store(identityKey, fetched);
            Files.deleteIfExists(failureFile);
        } catch (IOException notStored) {
            writeFailures.accept(notStored); // the caller still gets the credential it paid for
        }
        return fetched;
    }

    private static RegistryCredential answer(SharedFailure failure, Optional<RegistryCredential> valid) {
        if (failure.transientFailure() && valid.isPresent()) {
            return valid.get();
        }
        throw failure.toException();
    }

    private static Optional<RegistryCredential> stillValid(Optional<Stored> stored, Instant now) {
        return stored.map(Stored::credential).filter(c -> c.expiresAt().isAfter(now));
    }

    /**
     * @param listener told when a credential or failure obtained inside {@link #freshOrFetch} could not be written
     *                 (the credential is still returned)
     * @return this store
     */
    public FileCredentialStore onWriteFailure(java.util.function.Consumer<IOException> listener) {
        this.writeFailures = listener;
        return this;
    }

    /**
     * @param identityKey the identity's cache key
     * @param loginServer the registry host
     * @return when the stored credential is due for renewal, if one is stored
     * @throws IOException when the directory is unsafe or the file unreadable
     */
    public Optional<Instant> renewalTime(String identityKey, String loginServer) throws IOException {
        return read(fileOf(identityKey, loginServer)).map(Stored::renewAt);
    }

    /** What names a stored credential: the identity's cache key (with a digest of its secret) and the registry. */
    public record Key(String identityKey, String loginServer) {
    }

    @Override
    public RegistryCredential get(Key key, java.util.function.Supplier<RegistryCredential> load) throws IOException {
        return freshOrFetch(key.identityKey(), key.loginServer(), stillValidHeld -> load.get());
    }

    @Override
    public void invalidate(Key key) throws IOException {
        remove(key.identityKey(), key.loginServer());
    }

    /**
     * @param identityKey the identity's cache key
     * @param loginServer the registry host
     * @return true when a stored credential was removed
     * @throws IOException when the file cannot be removed
     */
    public boolean remove(String identityKey, String loginServer) throws IOException {
        Path file = fileOf(identityKey, loginServer);
        Files.deleteIfExists(failureOf(file));
        return Files.deleteIfExists(file);
    }

    /** A stored credential without its secret, for listings. */
    public record Entry(String identityKey, String loginServer, String username, Instant expiresAt) {
    }

    /**
     * @return every stored credential that has not expired, without secrets
     * @throws IOException when the directory is unsafe or cannot be listed
     */
    public List<Entry> list() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        checkDirectory(false);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                read(file).filter(s -> s.credential().expiresAt().isAfter(clock.instant())).ifPresent(s ->
                        entries.add(new Entry(s.identityKey(), s.credential().loginServer(),
                                s.credential().username(), s.credential().expiresAt())));
            }
        }
        return entries;
    }

    private record Stored(String identityKey, RegistryCredential credential, Instant storedAt) {
        boolean isFresh(Instant now) {
            return now.isBefore(renewAt());
        }

        Instant renewAt() {
            return REFRESH.renewAt(storedAt, credential.expiresAt());
        }
    }

    /** The failure shared by the processes fetching for this entry ({@link SharedFailure}). */
    private static Path failureOf(Path file) {
        String name = file.getFileName().toString();
        return file.resolveSibling(name.substring(0, name.length() - SUFFIX.length()) + ".failure");
    }

    private Optional<Stored> read(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        checkDirectory(false);
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            p.load(in);
            RegistryCredential credential = new RegistryCredential(p.getProperty("loginServer"),
                    p.getProperty("username"), Secret.of(p.getProperty("password")),
                    Instant.parse(p.getProperty("expiresAt")), IdentityKind.valueOf(p.getProperty("identityKind")));
            return Optional.of(new Stored(p.getProperty("identity"), credential,
                    Instant.parse(p.getProperty("storedAt"))));
        } catch (RuntimeException damaged) {
            // an old or damaged entry is a cache miss; the next store replaces it
            return Optional.empty();
        }
    }

    private void checkDirectory(boolean create) throws IOException {
        if (create) {
            PrivateFiles.createPrivateDirectories(dir);
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String exposure = OwnerOnlyAccess.exposure(dir);
        String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        // on an ACL file system (Windows) the owner may be a group (Administrators) or domain-qualified: an
        // owner-only ACL is the check there, and a directory owned by someone else would not even be readable
        boolean foreign = OwnerOnlyAccess.modelOf(dir) == OwnerOnlyAccess.Model.POSIX
                && !owner.equals(System.getProperty("user.name"));
        if (exposure != null || foreign) {
            throw new IOException("credential cache directory " + dir + " is not private (owner " + owner
                    + (exposure != null ? ", " + exposure : "") + "); run chmod 700 on it as its owner (on Windows:"
                    + " remove every ACL entry but the owner's), or set " + DIR_VARIABLE + " to a private directory");
        }
    }

    private Path fileOf(String identityKey, String loginServer) {
        String host = loginServer.toLowerCase(Locale.ROOT);
        if (!host.matches("[a-z0-9.:\\[\\]-]+")) {
            throw new IllegalArgumentException("registry: '" + loginServer + "' is not a host[:port]");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((identityKey + "\n" + host).getBytes(StandardCharsets.UTF_8));
            return dir.resolve(host.replaceAll("[:\\[\\]]", "_") + "-"
                    + HexFormat.of().formatHex(digest, 0, 12) + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256", e);
        }
    }
}
