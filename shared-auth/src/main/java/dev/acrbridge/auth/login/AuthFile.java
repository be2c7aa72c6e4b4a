package dev.acrbridge.auth.login;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrbridge.auth.files.PrivateFiles;
import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/**
 * A docker-format auth file ({@code {"auths":{HOST:{"auth":...}}, "credHelpers":{...}}}), the shape docker, podman,
 * buildah, skopeo and helm all read. Every change is read-merge-write under {@link PrivateFiles#withLock}, so
 * entries of other registries and other settings survive, and concurrent writers never lose each other's entries.
 *
 * <p>What this class adds or removes is kept in a sidecar record ({@code .<name>.acr-login}, 0600) so that
 * {@link #remove} takes away only our entries (and restores a {@code credsStore} or {@code credHelpers} entry we
 * dropped), never one the user wrote later.
 */
public final class AuthFile {
    // trailing content after the object is refused like any other invalid JSON: parsing only the object and writing
    // it back would silently drop the rest of the user's file
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String AUTHS = OwnershipRecord.AUTHS;
    private static final String CRED_HELPERS = OwnershipRecord.CRED_HELPERS;
    private static final String CREDS_STORE = OwnershipRecord.CREDS_STORE;
    /** Record section: hosts whose login we put into the {@code credsStore} keychain. */
    private static final String STORED = "storedInCredsStore";

    private final Path file;
    private final Path record;

    /** @param file the auth file; it and its directory are created on first write (0600 / 0700) */
    public AuthFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.record = this.file.resolveSibling("." + this.file.getFileName() + ".acr-login");
    }

    /** @return the auth file */
    public Path path() {
        return file;
    }

    /**
     * Puts the credential's {@code auth} entry ({@code base64(user:password)}, the form every client accepts, also for
     * refresh tokens under the null-GUID username) and removes a {@code credHelpers} entry for that host, which would
     * otherwise win over it.
     *
     * @param credential   the credential
     * @param dropCredsStore also drop {@code credsStore} (docker: with it set, docker ignores {@code auths})
     * @throws IOException when the file cannot be read or written; it is then unchanged
     */
    public void putCredential(RegistryCredential credential, boolean dropCredsStore) throws IOException {
        String host = hostKey(credential.loginServer());
        ObjectNode entry = JSON.createObjectNode().put("auth", basicAuth(credential));
        update((config, rec) -> {
            setAside(config, rec, host, dropCredsStore);
            config.withObjectProperty(AUTHS).set(host, entry);
            rec.withObjectProperty(AUTHS).put(host, OwnershipRecord.fingerprint(entry));
        });
    }

    /**
     * Before a client writes its own login ({@code docker login}): sets aside, for {@link #remove} to restore, what
     * would shadow it: a {@code credHelpers} entry for the host, and {@code credsStore} when asked.
     *
     * @param loginServer    the registry host
     * @param dropCredsStore also drop {@code credsStore}
     * @throws IOException when the file cannot be read or written
     */
    public void setAside(String loginServer, boolean dropCredsStore) throws IOException {
        String host = hostKey(loginServer);
        update((config, rec) -> setAside(config, rec, host, dropCredsStore));
    }

    private static void setAside(ObjectNode config, ObjectNode rec, String host, boolean dropCredsStore) {
        OwnershipRecord.rememberRemoved(config, rec, CRED_HELPERS, host);
        if (dropCredsStore && config.has(CREDS_STORE)) {
            rec.withObjectProperty(OwnershipRecord.REMOVED).set(CREDS_STORE, config.remove(CREDS_STORE));
        }
    }

    /**
     * Routes a host to a docker credential helper: {@code credHelpers[host] = helper}, run as
     * {@code docker-credential-<helper>}; an {@code auths} entry for the host is removed (recorded for restore).
     *
     * @param loginServer the registry host
     * @param helper      helper name without the {@code docker-credential-} prefix
     * @throws IOException when the file cannot be read or written
     */
    public void putCredentialHelper(String loginServer, String helper) throws IOException {
        String host = hostKey(loginServer);
        if (helper == null || !helper.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("credential helper name: '" + helper
                    + "' is not a plain name; give the part after docker-credential-, e.g. acr-login");
        }
        update((config, rec) -> {
            OwnershipRecord.rememberRemoved(config, rec, AUTHS, host);
            config.withObjectProperty(CRED_HELPERS).put(host, helper);
            rec.withObjectProperty(CRED_HELPERS).put(host, helper);
        });
    }

    /**
     * Records an entry a client wrote itself (after {@code docker login}), so that {@link #remove} may take it away.
     *
     * @param loginServer the registry host
     * @return true when the file holds an entry for the host
     * @throws IOException when the file cannot be read or written
     */
    public boolean adoptEntry(String loginServer) throws IOException {
        String host = hostKey(loginServer);
        boolean[] found = {false};
        update((config, rec) -> {
            JsonNode entry = config.path(AUTHS).get(host);
            if (entry != null) {
                rec.withObjectProperty(AUTHS).put(host, OwnershipRecord.fingerprint(entry));
                found[0] = true;
            }
        });
        return found[0];
    }

    /**
     * Removes what this class added for a host, if it is still what we wrote, and puts back what we dropped for it.
     *
     * @param loginServer the registry host
     * @return true when an entry of ours was removed
     * @throws IOException when the file cannot be read or written
     */
    public boolean remove(String loginServer) throws IOException {
        String host = hostKey(loginServer);
        boolean[] removed = {false};
        update((config, rec) -> {
            removed[0] |= OwnershipRecord.removeIfOurs(config, rec, AUTHS, host);
            removed[0] |= OwnershipRecord.removeIfOurs(config, rec, CRED_HELPERS, host);
            ObjectNode dropped = rec.withObjectProperty(OwnershipRecord.REMOVED);
            OwnershipRecord.restore(config, dropped, AUTHS, host);
            OwnershipRecord.restore(config, dropped, CRED_HELPERS, host);
            if (!OwnershipRecord.hasOurs(rec) && dropped.has(CREDS_STORE)) {
                if (!config.has(CREDS_STORE)) {
                    config.set(CREDS_STORE, dropped.get(CREDS_STORE));
                }
                dropped.remove(CREDS_STORE);
            }
        });
        return removed[0];
    }

    /**
     * @return the {@code credsStore} the file names (docker keeps every login in that OS keychain), or null
     * @throws IOException when the file cannot be read
     */
    public String credsStore() throws IOException {
        JsonNode store = readObject(file, "auth file").get(CREDS_STORE);
        return store != null && store.isTextual() && !store.asText().isBlank() ? store.asText() : null;
    }

    /**
     * Records that a login for the host went into the {@code credsStore} keychain (so {@link #takeStored} lets
     * logout erase it), and sets aside a {@code credHelpers} entry for the host, which would win over the keychain.
     *
     * @param loginServer the registry host
     * @throws IOException when the file cannot be read or written
     */
    void recordStored(String loginServer) throws IOException {
        String host = hostKey(loginServer);
        update((config, rec) -> {
            OwnershipRecord.rememberRemoved(config, rec, CRED_HELPERS, host);
            rec.withObjectProperty(STORED).put(host, true);
        });
    }

    /**
     * @param loginServer the registry host
     * @return true when a keychain login of ours for the host was recorded (the record is then dropped, and a
     *         {@code credHelpers} entry set aside for it restored)
     * @throws IOException when the file cannot be read or written
     */
    boolean takeStored(String loginServer) throws IOException {
        String host = hostKey(loginServer);
        boolean[] ours = {false};
        update((config, rec) -> {
            if (rec.get(STORED) instanceof ObjectNode stored && stored.remove(host) != null) {
                ours[0] = true;
                OwnershipRecord.restore(config, rec.withObjectProperty(OwnershipRecord.REMOVED), CRED_HELPERS, host);
            }
        });
        return ours[0];
    }

    /**
     * @return the hosts this class has entries for (auth or helper), from the record
     * @throws IOException when the record cannot be read
     */
    public java.util.Set<String> ourHosts() throws IOException {
        ObjectNode rec = readObject(record, "record of entries written by acr-login");
        java.util.Set<String> hosts = new java.util.TreeSet<>();
        rec.path(AUTHS).fieldNames().forEachRemaining(hosts::add);
        rec.path(CRED_HELPERS).fieldNames().forEachRemaining(hosts::add);
        return hosts;
    }

    /**
     * @param loginServer a registry host
     * @return the {@code auths} entry for it, or null
     * @throws IOException when the file cannot be read
     */
    public JsonNode entry(String loginServer) throws IOException {
        return readObject(file, "auth file").path(AUTHS).get(hostKey(loginServer));
    }

    /** Seeds the file from another JSON object before any entry of ours is written (used for isolated configs). */
    void seed(ObjectNode initial) throws IOException {
        update((config, rec) -> {
            if (config.isEmpty()) {
                config.setAll(initial);
            }
        });
    }

    /**
     * Seeds an isolated file, when it does not exist yet, from the auth file a client used so far: every setting and
     * every other registry's {@code auths} / {@code credHelpers} entry is copied, {@code credsStore} never (an
     * isolated file must not route logins into an OS keychain). The seed file is only read.
     *
     * @param seedFrom the file to copy, or null; a missing file seeds nothing
     * @throws IOException when the seed is not a JSON object (nothing is then written)
     */
    void seedFrom(Path seedFrom) throws IOException {
        if (seedFrom == null) {
            return;
        }
        Path source = seedFrom.toAbsolutePath().normalize();
        if (source.equals(file) || Files.exists(file) || !Files.isRegularFile(source)) {
            return;
        }
        ObjectNode initial = readSeed(source);
        initial.remove(CREDS_STORE);
        update((config, rec) -> {
            if (config.isEmpty() && rec.isEmpty()) {
                config.setAll(initial);
            }
        });
    }

    /**
     * @param source a user's config or auth file
     * @return its content as an object
     * @throws IOException when it is not valid JSON or not an object; the message never quotes the content
     */
    static ObjectNode readSeed(Path source) throws IOException {
        return readObject(source, "auth file to copy logins from");
    }

    /**
     * The {@code auth} value: base64 of {@code user:password}.
     *
     * @param credential the credential
     * @return the value
     */
    public static String basicAuth(RegistryCredential credential) {
        String pair = credential.username() + ":" + credential.password().reveal();
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param loginServer a login server as users type it ({@code https://Contoso.azurecr.io/})
     * @return the key clients look up: host[:port] in lower case, no scheme
     * @throws IllegalArgumentException when it is not a host[:port] (a repository path is not a login server)
     */
    public static String hostKey(String loginServer) {
        if (loginServer == null || loginServer.isBlank()) {
            throw new IllegalArgumentException("registry: empty; give the login server, e.g. contoso.azurecr.io");
        }
        String host = loginServer.trim().toLowerCase(Locale.ROOT);
        host = host.replaceFirst("^[a-z][a-z0-9+.-]*://", "");
        host = host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
        if (!host.matches("[a-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9a-f:.]+](:[0-9]{1,5})?")) {
            throw new IllegalArgumentException("registry: '" + loginServer
                    + "' is not a host[:port]; give the login server, e.g. contoso.azurecr.io");
        }
        return host;
    }

    private interface Change {
        void apply(ObjectNode config, ObjectNode record);
    }

    private void update(Change change) throws IOException {
        PrivateFiles.withLock(file, () -> {
            ObjectNode config = readObject(file, "auth file");
            ObjectNode rec = readObject(record, "record of entries written by acr-login");
            change.apply(config, rec);
            // the record first: a crash between the two writes leaves at worst a record of an entry never written
            OwnershipRecord.prune(rec);
            if (!rec.isEmpty()) {
                PrivateFiles.writeAtomically(record, JSON.writeValueAsBytes(rec));
            } else {
                Files.deleteIfExists(record);
            }
            PrivateFiles.writeAtomically(file, JSON.writeValueAsBytes(config));
            return null;
        });
    }

    private static ObjectNode readObject(Path path, String what) throws IOException {
        if (!Files.exists(path)) {
            return JSON.createObjectNode();
        }
        byte[] bytes = Files.readAllBytes(path);
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node instanceof ObjectNode object) {
                for (String section : new String[] {AUTHS, CRED_HELPERS}) {
                    if (object.has(section) && !object.get(section).isObject()) {
                        throw new IOException(what + " " + path + ": \"" + section + "\" is not a JSON object; fix or "
                                + "remove it (the file was left unchanged)");
                    }
                }
                return object;
            }
        } catch (JsonProcessingException e) {
            // fall through: the message must not quote the content (it may hold credentials)
        }
        throw new IOException(what + " " + path + " is not a JSON object (or has more text after it); fix or remove "
                + "it (it was left unchanged)");
    }
}
