package dev.acrbridge.jenkins.impl;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.registry.RegistryCredential;
import hudson.AbortException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The words the plugin puts in build logs and form answers: one line per login in full sentences, token lifetimes as
 * "valid for 2 h 59 min (until 19:24:05 UTC)" in the controller's time zone, errors that name the field and the fix.
 */
@Restricted(NoExternalUse.class)
public final class BuildLog {
    static final String PREFIX = "[acrLogin] ";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss z");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private BuildLog() {
    }

    /** @return "registry accepted the identity; token valid for ... (until ...)" for a credential (no secret) */
    public static String describe(RegistryCredential credential) {
        return Messages.BuildLog_Token(credential.loginServer(), label(credential.identityKind()),
                validity(credential.expiresAt(), Instant.now()));
    }

    /**
     * @param tools       the clients logged in
     * @param credential  the credential used
     * @param where       "the controller" or "agent NAME"
     * @return the one line a login writes to the build log
     */
    public static String login(Collection<String> tools, TransferCredential credential, String where) {
        return PREFIX + Messages.BuildLog_Login(list(tools), credential.loginServer(),
                label(credential.identityKind()), where, validity(credential.expiresAt(), Instant.now()));
    }

    /** @return the line written when an open block's login files get a renewed token */
    public static String renewed(TransferCredential credential) {
        return PREFIX + Messages.BuildLog_Renewed(credential.loginServer(), validity(credential.expiresAt(), Instant.now()));
    }

    /**
     * @param loginServer the block's registry
     * @param problem     what failed, with its fix
     * @param expires     when the token in the files expires
     * @return the one line a failed renewal writes
     */
    public static String renewalFailed(String loginServer, String problem, Instant expires) {
        return PREFIX + Messages.BuildLog_RenewalFailed(loginServer, problem, validity(expires, Instant.now()));
    }

    /** @return the line written when a block's logins are removed */
    public static String removed(String loginServer) {
        return PREFIX + Messages.BuildLog_Removed(loginServer);
    }

    /**
     * @param e a failure from the auth core; its message already names the cause and the fix (error catalog)
     * @return an exception Jenkins prints as one ERROR line, without a stack trace, in the form's terms
     */
    public static AbortException failure(AcrAuthException e) {
        return new AbortException(PREFIX + JenkinsTerms.message(e));
    }

    /** "docker", "docker and helm", "docker, podman and helm" */
    static String list(Collection<String> items) {
        List<String> all = List.copyOf(items);
        if (all.size() < 2) {
            return String.join("", all);
        }
        return Messages.BuildLog_And(String.join(", ", all.subList(0, all.size() - 1)), all.get(all.size() - 1));
    }

    /**
     * @param expiresAt when the token expires, or null
     * @param now       the current time
     * @return "valid for 2 h 59 min (until 19:24:05 UTC)" in the controller's time zone; the date is added when it
     *         is not today
     */
    static String validity(Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            return Messages.BuildLog_UnknownExpiry();
        }
        ZonedDateTime at = expiresAt.atZone(ZoneId.systemDefault());
        boolean today = at.toLocalDate().equals(now.atZone(ZoneId.systemDefault()).toLocalDate());
        String until = (today ? TIME : DATE_TIME).format(at);
        Duration left = Duration.between(now, expiresAt);
        if (left.isNegative() || left.isZero()) {
            return Messages.BuildLog_Expired(until);
        }
        return Messages.BuildLog_ValidFor(duration(left), until);
    }

    /** "2 h 59 min", "45 min", "30 s" */
    static String duration(Duration d) {
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        if (hours > 0) {
            return minutes == 0 ? Messages.BuildLog_Hours(hours) : Messages.BuildLog_HoursMinutes(hours, minutes);
        }
        return minutes > 0 ? Messages.BuildLog_Minutes(minutes) : Messages.BuildLog_Seconds(d.toSecondsPart());
    }

    /** The identity in the credential form's words ("service principal"), not the CLI's. */
    private static String label(IdentityKind kind) {
        return kind == null ? Messages.BuildLog_UnknownIdentity() : JenkinsTerms.identity(kind);
    }
}
