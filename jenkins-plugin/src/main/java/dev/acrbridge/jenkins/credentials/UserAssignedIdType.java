package dev.acrbridge.jenkins.credentials;

import dev.acrbridge.auth.identity.IdentitySpec;
import org.jvnet.localizer.Localizable;

/** How a managed identity is chosen: the system-assigned one, or a user-assigned one named one of three ways. */
public enum UserAssignedIdType {
    /** The machine's system-assigned identity. */
    SYSTEM_ASSIGNED(Messages._UserAssignedIdType_SYSTEM_ASSIGNED(), null),
    /** A user-assigned identity by client id. */
    CLIENT_ID(Messages._UserAssignedIdType_CLIENT_ID(), IdentitySpec.UserAssignedId.Type.CLIENT_ID),
    /** A user-assigned identity by object (principal) id. */
    OBJECT_ID(Messages._UserAssignedIdType_OBJECT_ID(), IdentitySpec.UserAssignedId.Type.OBJECT_ID),
    /** A user-assigned identity by ARM resource id. */
    RESOURCE_ID(Messages._UserAssignedIdType_RESOURCE_ID(), IdentitySpec.UserAssignedId.Type.RESOURCE_ID);

    private final Localizable displayName;
    private final IdentitySpec.UserAssignedId.Type sharedType;

    UserAssignedIdType(Localizable displayName, IdentitySpec.UserAssignedId.Type sharedType) {
        this.displayName = displayName;
        this.sharedType = sharedType;
    }

    /** @return the label shown in the form */
    public String getDisplayName() {
        return displayName.toString();
    }

    /** @return the shared-auth type, or null for the system-assigned identity */
    public IdentitySpec.UserAssignedId.Type sharedType() {
        return sharedType;
    }
}
