package dev.acrbridge.auth.diagnostics;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Granted versus needed registry actions, with the role to assign where they fall short.
 *
 * @param loginServer the registry
 * @param identity    a non-secret label of the identity checked
 * @param mode        the permission mode the advice was worded for
 * @param lines       one line per need
 */
public record PermissionReport(String loginServer, String identity, RegistryMode mode, List<Line> lines) {
    public PermissionReport {
        Objects.requireNonNull(loginServer, "loginServer");
        Objects.requireNonNull(mode, "mode");
        lines = List.copyOf(lines);
    }

    /**
     * One need and its outcome.
     *
     * @param need    the need
     * @param granted actions granted on that resource ({@code *} expanded to the needed ones)
     * @param missing needed actions not granted; empty when satisfied
     * @param advice  the role to assign, or null when satisfied
     */
    public record Line(PermissionNeed need, Set<String> granted, Set<String> missing, String advice) {
        public Line {
            granted = Set.copyOf(granted);
            missing = Set.copyOf(missing);
        }

        /** @return true when every needed action was granted */
        public boolean satisfied() {
            return missing.isEmpty();
        }
    }

    /** @return true when every need is satisfied */
    public boolean sufficient() {
        return lines.stream().allMatch(Line::satisfied);
    }

    /** @return a multi-line human summary: one line per need, then the roles to assign */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append("Permissions of ").append(identity).append(" on ").append(loginServer).append(':');
        for (Line l : lines) {
            b.append("\n  ").append(l.satisfied() ? "OK     " : "MISSING").append(' ').append(l.need().scope())
                    .append(" granted=").append(l.granted().isEmpty() ? "[]" : new java.util.TreeSet<>(l.granted()));
            if (!l.satisfied()) {
                b.append(" missing=").append(new java.util.TreeSet<>(l.missing()))
                        .append(" -> assign ").append(l.advice());
            }
        }
        return b.toString();
    }
}
