package dev.acrbridge.action;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.PermissionNeed;
import dev.acrbridge.auth.diagnostics.PermissionReport;
import dev.acrbridge.auth.identity.IdentitySpec;
import java.util.List;

/**
 * The {@code check-permissions} input: asks the registry (through shared-auth) which of the needed actions the
 * identity holds, logs the report and fails the step naming the role to assign when something is missing, so a
 * misconfigured role shows up at login instead of as a 403 at the end of a long build.
 */
final class PermissionCheck {
    private final AcrAuth auth;
    private final WorkflowCommands log;

    PermissionCheck(AcrAuth auth, WorkflowCommands log) {
        this.auth = auth;
        this.log = log;
    }

    /** @throws MissingPermissionException when a need is not satisfied */
    void verify(IdentitySpec identity, String loginServer, List<PermissionNeed> needs) {
        if (needs.isEmpty()) {
            return;
        }
        PermissionReport report = auth.checkPermissions(identity, loginServer,
                needs.stream().map(PermissionNeed::text).toList());
        log.info(report.summary());
        if (!report.sufficient()) {
            throw new MissingPermissionException(report.summary());
        }
    }

    /** The identity logged in but lacks a right the workflow declared it needs. */
    static final class MissingPermissionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingPermissionException(String summary) {
            super("check-permissions failed. " + summary);
        }
    }
}
