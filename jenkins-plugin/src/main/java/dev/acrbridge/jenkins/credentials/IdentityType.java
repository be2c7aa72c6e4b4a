package dev.acrbridge.jenkins.credentials;

import dev.acrbridge.auth.identity.IdentityKind;
import org.jvnet.localizer.Localizable;

/** The Entra identities an {@link AcrEntraCredentials} can hold; each maps to one shared-auth identity spec. */
public enum IdentityType {
    /** Service principal with a client secret. */
    SERVICE_PRINCIPAL_SECRET(Messages._IdentityType_SERVICE_PRINCIPAL_SECRET(),
            Messages._IdentityType_SERVICE_PRINCIPAL_SECRET_short(), IdentityKind.SERVICE_PRINCIPAL_SECRET),
    /** Service principal with a certificate taken from a Jenkins certificate credential. */
    SERVICE_PRINCIPAL_CERTIFICATE(Messages._IdentityType_SERVICE_PRINCIPAL_CERTIFICATE(),
            Messages._IdentityType_SERVICE_PRINCIPAL_CERTIFICATE_short(), IdentityKind.SERVICE_PRINCIPAL_CERTIFICATE),
    /** Managed identity of the machine (system- or user-assigned). */
    MANAGED_IDENTITY(Messages._IdentityType_MANAGED_IDENTITY(), Messages._IdentityType_MANAGED_IDENTITY_short(),
            IdentityKind.MANAGED_IDENTITY),
    /** Workload identity federation with a projected token file (AKS workload identity). */
    WORKLOAD_IDENTITY(Messages._IdentityType_WORKLOAD_IDENTITY(), Messages._IdentityType_WORKLOAD_IDENTITY_short(),
            IdentityKind.WORKLOAD_IDENTITY),
    /** Workload identity federation with a token taken from another Jenkins credential (secret text). */
    FEDERATED_TOKEN(Messages._IdentityType_FEDERATED_TOKEN(), Messages._IdentityType_FEDERATED_TOKEN_short(),
            IdentityKind.CLIENT_ASSERTION);

    private final Localizable displayName;
    private final Localizable shortName;
    private final IdentityKind kind;

    IdentityType(Localizable displayName, Localizable shortName, IdentityKind kind) {
        this.displayName = displayName;
        this.shortName = shortName;
        this.kind = kind;
    }

    /** @return the label shown in the form */
    public String getDisplayName() {
        return displayName.toString();
    }

    /** @return the lower-case noun used in credential names and log lines ("service principal") */
    public String getShortName() {
        return shortName.toString();
    }

    /** @return the shared-auth kind this type produces */
    public IdentityKind kind() {
        return kind;
    }

    /** @return true when tenant and client id are part of the identity (all but managed identity) */
    public boolean needsTenantAndClient() {
        return this != MANAGED_IDENTITY;
    }
}
