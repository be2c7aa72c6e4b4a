package dev.acrbridge.auth.diagnostics;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a pipeline needs from a registry, written {@code repo:action[,action]} ({@code app:push},
 * {@code team/web:pull,push}) or {@code catalog}.
 *
 * @param text    the need as written
 * @param type    {@code repository} or {@code registry}
 * @param name    the repository name, or {@code catalog}
 * @param actions the actions needed
 */
public record PermissionNeed(String text, String type, String name, Set<String> actions) {
    /** Actions a repository need may name. */
    public static final Set<String> ACTIONS = Set.of("pull", "push", "delete", "metadata_read", "metadata_write");

    /**
     * @param need the written need
     * @return the parsed need
     * @throws InvalidConfigurationException naming the syntax and the allowed actions
     */
    public static PermissionNeed parse(String need) {
        String n = need == null ? "" : need.trim();
        if (n.equalsIgnoreCase("catalog") || n.equalsIgnoreCase("registry:catalog:*")) {
            return new PermissionNeed(n, "registry", "catalog", Set.of("*"));
        }
        int colon = n.lastIndexOf(':');
        if (colon <= 0 || colon == n.length() - 1) {
            throw bad(need, "expected repo:action[,action] or catalog");
        }
        String name = n.substring(0, colon).toLowerCase(Locale.ROOT);
        if (name.startsWith("repository:")) {
            name = name.substring("repository:".length());
        }
        if (!name.matches("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*")) {
            throw bad(need, "'" + name + "' is not a valid repository name (lower-case, digits, . _ - /)");
        }
        Set<String> actions = new LinkedHashSet<>();
        for (String a : n.substring(colon + 1).split(",")) {
            String action = a.trim().toLowerCase(Locale.ROOT);
            if (!ACTIONS.contains(action)) {
                throw bad(need, "unknown action '" + action + "'");
            }
            actions.add(action);
        }
        return new PermissionNeed(n, "repository", name, actions);
    }

    /** @return the scope to request, e.g. {@code repository:app:pull,push} or {@code registry:catalog:*} */
    public String scope() {
        return type + ":" + name + ":" + String.join(",", actions);
    }

    private static InvalidConfigurationException bad(String need, String problem) {
        return new InvalidConfigurationException("needs", "'" + need + "': " + problem,
                "write each need as repo:action[,action] (actions: " + String.join(", ", Arrays.asList(
                        "pull", "push", "delete", "metadata_read", "metadata_write")) + "), e.g. app:push, or catalog");
    }
}
