package dev.acrbridge.jenkins.impl;

import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.registry.RegistryCredential;
import hudson.util.Secret;
import java.io.Serializable;
import java.time.Instant;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A {@link RegistryCredential} that can cross the remoting channel (the shared-auth secret type is deliberately not
 * serializable). The password travels as a Jenkins {@link Secret}; {@link #toString()} never shows it.
 */
@Restricted(NoExternalUse.class)
public final class TransferCredential implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String loginServer;
    private final String username;
    private final Secret password;
    private final Long expiresAtMillis; // epoch millis: plain types across the remoting channel
    private final IdentityKind identityKind;

    private TransferCredential(RegistryCredential c) {
        this.loginServer = c.loginServer();
        this.username = c.username();
        this.password = Secret.fromString(c.password().reveal());
        this.expiresAtMillis = c.expiresAt() == null ? null : c.expiresAt().toEpochMilli();
        this.identityKind = c.identityKind();
    }

    /** @return the serializable form of a shared-auth credential */
    public static TransferCredential of(RegistryCredential credential) {
        return new TransferCredential(credential);
    }

    /** @return the shared-auth credential again */
    public RegistryCredential toShared() {
        return new RegistryCredential(loginServer, username,
                dev.acrbridge.auth.secret.Secret.of(password.getPlainText()), expiresAt(), identityKind);
    }

    public String loginServer() {
        return loginServer;
    }

    public String username() {
        return username;
    }

    public Secret password() {
        return password;
    }

    /** @return expiry of the token, or null when unknown */
    public Instant expiresAt() {
        return expiresAtMillis == null ? null : Instant.ofEpochMilli(expiresAtMillis);
    }

    public IdentityKind identityKind() {
        return identityKind;
    }

    @Override
    public String toString() {
        return "TransferCredential[" + loginServer + ", " + identityKind + "]";
    }
}
