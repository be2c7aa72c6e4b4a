package dev.acrbridge.testsvc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Computes the granted access list: the intersection of requested scopes with what the caller may do. */
final class Grants {
    /** Who is asking: exactly one of principal objectId, admin, repository token or anonymous. */
    record Caller(String subject, String objectId, boolean admin, AcrRegistry.RepositoryToken token) {
        static Caller anonymous() {
            return new Caller("", null, false, null);
        }
    }

    private static final Map<String, String> SCOPE_MAP_ACTIONS = Map.of("content/read", "pull",
            "content/write", "push", "content/delete", "delete", "metadata/read", "metadata_read",
            "metadata/write", "metadata_write");

    private final AcrRegistry registry;

    Grants(AcrRegistry registry) {
        this.registry = registry;
    }

    /** Scopes from repeated and/or space-joined {@code scope} values, granted as far as allowed. */
    List<Map<String, Object>> grant(Caller caller, List<String> scopeValues) {
        Map<String, Map<String, Object>> byResource = new LinkedHashMap<>();
        for (String value : scopeValues) {
            for (String scope : value.trim().split("\\s+")) {
                int first = scope.indexOf(':');
                int last = scope.lastIndexOf(':');
                if (first < 0 || last == first) {
                    continue;
                }
                String type = scope.substring(0, first);
                String name = scope.substring(first + 1, last);
                List<String> granted = grantActions(caller, type, name, scope.substring(last + 1).split(","));
                if (granted.isEmpty()) {
                    continue;
                }
                Map<String, Object> entry = byResource.computeIfAbsent(type + ":" + name, k -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("type", type);
                    e.put("name", name);
                    e.put("actions", new ArrayList<String>());
                    return e;
                });
                @SuppressWarnings("unchecked")
                List<String> actions = (List<String>) entry.get("actions");
                granted.stream().filter(a -> !actions.contains(a)).forEach(actions::add);
            }
        }
        return new ArrayList<>(byResource.values());
    }

    private List<String> grantActions(Caller caller, String type, String name, String[] requested) {
        if (type.equals("registry")) {
            boolean ok = (name.equals("catalog") || name.equals("deleted_catalog")) && catalog(caller);
            return ok ? List.of("*") : List.of();
        }
        if (!type.equals("repository") && !type.equals("artifact-repository")) {
            return List.of();
        }
        if (caller.admin()) {
            return List.of(requested);
        }
        Set<String> allowed = repositoryActions(caller, name);
        Set<String> out = new LinkedHashSet<>();
        for (String action : requested) {
            if (action.equals("*")) {
                out.addAll(allowed);
            } else if (allowed.contains(action)) {
                out.add(action);
            }
        }
        return List.copyOf(out);
    }

    private Set<String> repositoryActions(Caller caller, String repository) {
        Set<String> out = new LinkedHashSet<>();
        if (caller.token() != null) {
            caller.token().scopeMap().forEach((pattern, actions) -> {
                if (matches(pattern, repository)) {
                    actions.forEach(a -> {
                        if (SCOPE_MAP_ACTIONS.containsKey(a)) {
                            out.add(SCOPE_MAP_ACTIONS.get(a));
                        }
                    });
                }
            });
        } else if (caller.objectId() != null) {
            RegistryMode mode = registry.mode();
            for (AcrRegistry.Assignment a : registry.assignments) {
                boolean honoured = mode == RegistryMode.RBAC || !a.role().legacy();
                if (a.objectId().equals(caller.objectId()) && honoured
                        && (a.repositoryCondition() == null || matches(a.repositoryCondition(), repository))) {
                    out.addAll(a.role().actions());
                }
            }
        } else if (registry.anonymousPull()) {
            out.add("pull");
        }
        return out;
    }

    private boolean catalog(Caller caller) {
        if (caller.admin()) {
            return true;
        }
        if (caller.objectId() == null) {
            return false;
        }
        RegistryMode mode = registry.mode();
        return registry.assignments.stream().anyMatch(a -> a.objectId().equals(caller.objectId())
                && a.role().grantsCatalog(mode));
    }

    /** Exact repository name, "prefix*" prefix match, or "*" for all. */
    static boolean matches(String pattern, String repository) {
        if (pattern.endsWith("*")) {
            return repository.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(repository);
    }
}
