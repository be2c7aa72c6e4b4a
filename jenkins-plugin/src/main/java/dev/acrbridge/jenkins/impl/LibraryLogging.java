package dev.acrbridge.jenkins.impl;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Keeps the Entra libraries' INFO chatter (msal4j's "Correlation Id is not same as received" on every token request,
 * azure-identity's per-attempt lines) out of the Jenkins system log; their warnings and errors still reach it. The
 * plugin reports each failure itself, with cause and fix, where the user looks: the build log or the form.
 *
 * <p>Only loggers an administrator has not configured are touched: a log recorder at FINE for
 * {@code com.microsoft.aad.msal4j} (Manage Jenkins > System Log) sets its own level and shows everything again.
 */
@Restricted(NoExternalUse.class)
public final class LibraryLogging {
    /** msal4j (app registrations) and azure-identity/azure-core (managed identity), which log through SLF4J -> JUL. */
    static final List<String> CHATTY = List.of("com.microsoft.aad.msal4j", "com.azure.identity", "com.azure.core");

    /** Strong references: JUL holds loggers weakly, and a collected logger forgets its level. */
    private static final List<Logger> LOGGERS = CHATTY.stream().map(Logger::getLogger).toList();

    private LibraryLogging() {
    }

    /** Runs once when the plugin starts on the controller. */
    @Initializer(after = InitMilestone.PLUGINS_STARTED)
    public static void quietLibraries() {
        for (Logger logger : LOGGERS) {
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
        }
    }
}
