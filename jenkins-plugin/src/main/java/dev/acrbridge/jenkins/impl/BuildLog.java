package dev.acrbridge.jenkins.impl;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.registry.RegistryCredential;
import hudson.AbortException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** The words the plugin puts in build logs and form answers: one line per login, errors that name the fix. */
@Restricted(NoExternalUse.class)
public final class BuildLog {
    static final String PREFIX = "[acrLogin] ";

    private BuildLog() {
    }

    /** @return "registry, identity kind, token expiry" for a credential (no secret) */
    public static String describe(RegistryCredential credential) {
        return Messages.BuildLog_Token(credential.loginServer(), credential.identityKind().label(),
                expiry(credential.expiresAt()));
    }

    /**
     * @param tools       the clients logged in
     * @param credential  the credential used
     * @param where       "controller" or the agent's name
     * @return the one line a login writes to the build log
     */
    public static String login(Collection<String> tools, TransferCredential credential, String where) {
        return PREFIX + Messages.BuildLog_Login(String.join(", ", tools), credential.loginServer(),
                label(credential.identityKind()), where, expiry(credential.expiresAt()));
    }

    /** @return the line written when an open block's login files get a renewed token */
    public static String renewed(TransferCredential credential) {
        return PREFIX + Messages.BuildLog_Renewed(credential.loginServer(), expiry(credential.expiresAt()));
    }

    /**
     * @param loginServer the block's registry
     * @param problem     what failed, with its fix
     * @param expires     when the token in the files expires
     * @return the one line a failed renewal writes
     */
    public static String renewalFailed(String loginServer, String problem, Instant expires) {
        return PREFIX + Messages.BuildLog_RenewalFailed(loginServer, problem, expiry(expires));
    }

    /** @return the line written when a block's logins are removed */
    public static String removed(String loginServer) {
        return PREFIX + Messages.BuildLog_Removed(loginServer);
    }

    /**
     * @param e a failure from the auth core; its message already names the cause and the fix (error catalog)
     * @return an exception Jenkins prints as one ERROR line, without a stack trace
     */
    public static AbortException failure(AcrAuthException e) {
        return new AbortException(PREFIX + e.getMessage());
    }

    private static String label(IdentityKind kind) {
        return kind == null ? "?" : kind.label();
    }

    private static String expiry(Instant expiresAt) {
        return expiresAt == null ? Messages.BuildLog_UnknownExpiry() : expiresAt.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
