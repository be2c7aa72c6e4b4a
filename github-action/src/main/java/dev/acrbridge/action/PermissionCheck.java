package dev.acrbridge.action;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.PermissionNeed;
import dev.acrbridge.auth.identity.IdentitySpec;
import java.util.List;

/** The {@code check-permissions} input: asks shared-auth which of the needed actions the identity holds. */
final class PermissionCheck {
    private final AcrAuth auth;
    private final WorkflowCommands log;

    PermissionCheck(AcrAuth auth, WorkflowCommands log) {
        this.auth = auth;
        this.log = log;
    }

    void verify(IdentitySpec identity, String loginServer, List<PermissionNeed> needs) {
        if (needs.isEmpty()) {
            return;
        }
        throw new UnsupportedOperationException("check-permissions: waiting for the shared-auth facade");
    }
}
