package dev.acrbridge.auth.cache;

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

    /**
     * Returns the fresh stored credential, or, holding the lock for this identity and registry (across processes),
     * reads again and otherwise calls {@code fetch} and stores its result.
     *
     * @param identityKey the identity's cache key
     * @param loginServer the registry host
     * @param fetch       obtains a new credential (the expensive path)
     * @return a fresh credential
     * @throws IOException when the cache cannot be used
     */
    public RegistryCredential freshOrFetch(String identityKey, String loginServer,
                                           java.util.function.Supplier<RegistryCredential> fetch) throws IOException {
        Optional<RegistryCredential> hit = fresh(identityKey, loginServer);
        if (hit.isPresent()) {
            return hit.get();
        }
        checkDirectory(true);
        return PrivateFiles.withLock(fileOf(identityKey, loginServer), () -> {
            Optional<RegistryCredential> meanwhile = fresh(identityKey, loginServer);
            if (meanwhile.isPresent()) {
                return meanwhile.get();
            }
            RegistryCredential fetched = fetch.get();
            store(identityKey, fetched);
            return fetched;
        });
    }

    /** What names a stored credential: the identity's cache key (with a digest of its secret) and the registry. */
    public record Key(String identityKey, String loginServer) {
    }

    @Override
    public RegistryCredential get(Key key, java.util.function.Supplier<RegistryCredential> load) throws IOException {
        return freshOrFetch(key.identityKey(), key.loginServer(), load);
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
        return Files.deleteIfExists(fileOf(identityKey, loginServer));
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
