package dev.acrbridge.jenkins.binding;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.login.IsolatedClientDirectory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The {@code tools} parameter of {@code acrLogin}: which client families to log in. */
final class ClientTools {
    static final List<String> ALL = IsolatedClientDirectory.TOOLS;
    static final String DEFAULT = String.join(",", ALL);

    private ClientTools() {
    }

    /**
     * @param tools comma- or space-separated names; blank means all
     * @return the names, in the order given, without duplicates
     * @throws InvalidConfigurationException naming the unknown value and the allowed ones
     */
    static List<String> parse(String tools) {
        if (tools == null || tools.isBlank()) {
            return ALL;
        }
        Set<String> parsed = new LinkedHashSet<>();
        for (String t : tools.trim().split("[,\\s]+")) {
            String name = t.toLowerCase(Locale.ROOT);
            if (!ALL.contains(name)) {
                throw new InvalidConfigurationException("tools", "unknown client '" + t + "'",
                        "use any of " + String.join(", ", ALL) + " (comma-separated); podman also covers buildah and skopeo");
            }
            parsed.add(name);
        }
        return List.copyOf(parsed);
    }
}
