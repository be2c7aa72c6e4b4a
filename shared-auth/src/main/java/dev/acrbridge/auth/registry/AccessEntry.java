package dev.acrbridge.auth.registry;

import java.util.Objects;
import java.util.Set;

/**
 * One entry of an ACR access token's {@code access} claim.
 *
 * @param type    {@code repository}, {@code registry} or {@code artifact-repository}
 * @param name    repository name, or {@code catalog}
 * @param actions granted actions ({@code pull}, {@code push}, {@code delete}, {@code *}...)
 */
record AccessEntry(String type, String name, Set<String> actions) {
    public AccessEntry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        actions = Set.copyOf(actions);
    }

    /** @return the entry as a scope string, {@code repository:app:pull,push} (actions sorted) */
    public String toScope() {
        return type + ":" + name + ":" + String.join(",", new java.util.TreeSet<>(actions));
    }
}
