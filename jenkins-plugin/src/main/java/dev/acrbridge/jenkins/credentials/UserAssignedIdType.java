package dev.acrbridge.jenkins.credentials;

import dev.acrbridge.auth.identity.IdentitySpec;

/**
 * How a managed identity is chosen: the system-assigned one, or a user-assigned one named one of three ways. The
 * constants' names are the stored XML and JCasC values: never rename one.
 */
public enum UserAssignedIdType {
    /** The machine's system-assigned identity. */
    SYSTEM_ASSIGNED(null),
    /** A user-assigned identity by client id. */
    CLIENT_ID(IdentitySpec.UserAssignedId.Type.CLIENT_ID),
    /** A user-assigned identity by object (principal) id. */
    OBJECT_ID(IdentitySpec.UserAssignedId.Type.OBJECT_ID),
    /** A user-assigned identity by ARM resource id. */
    RESOURCE_ID(IdentitySpec.UserAssignedId.Type.RESOURCE_ID);

    private final IdentitySpec.UserAssignedId.Type sharedType;

    UserAssignedIdType(IdentitySpec.UserAssignedId.Type sharedType) {
        this.sharedType = sharedType;
    }

    /** @return the label shown in the form */
    public String getDisplayName() {
        return ChoiceLabels.of(this);
    }

    /** @return the shared-auth type, or null for the system-assigned identity */
    public IdentitySpec.UserAssignedId.Type sharedType() {
        return sharedType;
    }
}
