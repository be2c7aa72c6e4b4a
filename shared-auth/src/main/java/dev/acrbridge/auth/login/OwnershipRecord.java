package dev.acrbridge.auth.login;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * The bookkeeping behind {@link AuthFile}'s "remove only what we added": the record names each entry we wrote (by a
 * SHA-256 fingerprint, so an entry someone replaced later is recognised as theirs) and keeps what we displaced under
 * {@code removed}, for restoring.
 */
final class OwnershipRecord {
    static final String AUTHS = "auths";
    static final String CRED_HELPERS = "credHelpers";
    static final String CREDS_STORE = "credsStore";
    static final String REMOVED = "removed";

    private OwnershipRecord() {
    }

    /** Moves a config entry that is not ours aside into the record, and forgets any claim of ours on it. */
    static void rememberRemoved(ObjectNode config, ObjectNode rec, String section, String host) {
        JsonNode existing = config.path(section).get(host);
        boolean ours = rec.path(section).has(host);
        if (existing != null && !ours && !rec.path(REMOVED).path(section).has(host)) {
            rec.withObjectProperty(REMOVED).withObjectProperty(section).set(host, existing);
        }
        if (config.path(section) instanceof ObjectNode s) {
            s.remove(host);
        }
        if (rec.path(section) instanceof ObjectNode r) {
            r.remove(host);
        }
    }

    /** Removes a config entry if the record says we wrote it and it is still what we wrote; drops our claim. */
    static boolean removeIfOurs(ObjectNode config, ObjectNode rec, String section, String host) {
        JsonNode recorded = rec.path(section).get(host);
        if (recorded == null) {
            return false;
        }
        ((ObjectNode) rec.get(section)).remove(host);
        JsonNode current = config.path(section).get(host);
        boolean same = current != null && (section.equals(AUTHS)
                ? fingerprint(current).equals(recorded.asText()) : current.asText().equals(recorded.asText()));
        if (same) {
            ((ObjectNode) config.get(section)).remove(host);
        }
        return same;
    }

    /** Puts back what we displaced for a host, unless something else took its place meanwhile. */
    static void restore(ObjectNode config, ObjectNode dropped, String section, String host) {
        JsonNode value = dropped.path(section).get(host);
        if (value != null && !config.path(section).has(host)) {
            config.withObjectProperty(section).set(host, value);
        }
        if (dropped.get(section) instanceof ObjectNode s) {
            s.remove(host);
        }
    }

    /** Drops empty sections so an empty record means "nothing of ours here". */
    static void prune(ObjectNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            JsonNode value = it.next().getValue();
            if (value instanceof ObjectNode child) {
                prune(child);
                if (child.isEmpty()) {
                    it.remove();
                }
            }
        }
    }

    /** @return true while the record claims any entry */
    static boolean hasOurs(ObjectNode rec) {
        return rec.path(AUTHS).size() > 0 || rec.path(CRED_HELPERS).size() > 0;
    }

    /** @return SHA-256 of an entry's JSON: recognises our entry without keeping the token in the record */
    static String fingerprint(JsonNode entry) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(AuthFile.JSON.writeValueAsBytes(entry));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("SHA-256 of an auth entry", e);
        }
    }
}
