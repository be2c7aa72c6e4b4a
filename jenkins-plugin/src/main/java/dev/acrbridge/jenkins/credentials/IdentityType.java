package dev.acrbridge.jenkins.credentials;

import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.jenkins.impl.JenkinsTerms;

/**
 * The Entra identities an {@link AcrEntraCredentials} can hold; each maps to one shared-auth identity kind. The
 * constants' names are the stored XML and JCasC values: never rename one.
 */
public enum IdentityType {
    /** Service principal with a client secret. */
    SERVICE_PRINCIPAL_SECRET(IdentityKind.SERVICE_PRINCIPAL_SECRET),
    /** Service principal with a certificate taken from a Jenkins certificate credential. */
    SERVICE_PRINCIPAL_CERTIFICATE(IdentityKind.SERVICE_PRINCIPAL_CERTIFICATE),
    /** Managed identity of the machine (system- or user-assigned). */
    MANAGED_IDENTITY(IdentityKind.MANAGED_IDENTITY),
    /** Workload identity federation with a projected token file (AKS workload identity). */
    WORKLOAD_IDENTITY(IdentityKind.WORKLOAD_IDENTITY),
    /** Workload identity federation with a token taken from another Jenkins credential (secret text). */
    FEDERATED_TOKEN(IdentityKind.CLIENT_ASSERTION);

    private final IdentityKind kind;

    IdentityType(IdentityKind kind) {
        this.kind = kind;
    }

    /** @return the label shown in the form */
    public String getDisplayName() {
        return ChoiceLabels.of(this);
    }

    /** @return the lower-case noun used in credential names and log lines ("service principal") */
    public String getShortName() {
        return JenkinsTerms.identity(kind);
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
