package dev.acrbridge.action;

import dev.acrbridge.auth.Preload;
import dev.acrbridge.auth.proxy.ProxyRoute;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point of the GitHub Action's steps, started by the node shim ({@code dist/main.js}, {@code dist/post.js}) as
 * {@code java -cp acr-login.jar dev.acrbridge.action.ActionMain main|post}. Inputs come from the environment
 * ({@code INPUT_*}), never from the command line; results go to the runner's file commands and workflow commands on
 * stdout.
 */
public final class ActionMain {
    private ActionMain() {
    }

    /** The two steps of the action. */
    public enum Phase {
        /** Log in and write the client configurations. */
        MAIN,
        /** Remove what the main step wrote. */
        POST
    }

    /**
     * @param args {@code main} or {@code post}
     */
    public static void main(String[] args) {
        ProxyRoute.allowBasicForTunnelsInThisProcess(); // before any connection: the JDK reads it once
        Phase phase = args.length == 1 ? parsePhase(args[0]) : null;
        if (phase == null) {
            System.err.println("usage: ActionMain main|post (run by the GitHub Action's node shim)");
            System.exit(2);
        }
        if (phase == Phase.MAIN) {
            Preload.inBackground();
        }
        System.exit(run(phase, System.getenv(), System.out));
    }

    /**
     * Runs one step.
     *
     * @param phase the step
     * @param env   the step's environment (INPUT_*, GITHUB_*, RUNNER_TEMP, STATE_*, ACTIONS_ID_TOKEN_REQUEST_*)
     * @param out   the step's log (stdout)
     * @return the process exit code: 0 on success, 1 on failure (reported as {@code ::error::})
     */
    public static int run(Phase phase, Map<String, String> env, PrintStream out) {
        WorkflowCommands log = new WorkflowCommands(out);
        RunnerEnvironment runner = new RunnerEnvironment(env);
        try {
            return phase == Phase.MAIN ? new LoginStep(runner, log).run() : new CleanupStep(runner, log).run();
        } catch (InvalidInputException e) {
            e.problems().forEach(log::error);
        } catch (InvalidConfigurationException e) {
            InputSettings.asInputError(e).problems().forEach(log::error);
        } catch (PermissionCheck.MissingPermissionException e) {
            log.error(e.getMessage());
        } catch (AcrAuthException e) {
            // shared-auth messages name the cause and the fix and never carry a secret
            log.error(e.getMessage());
        } catch (IOException | RuntimeException e) {
            // our own messages and the JDK's I/O messages name paths, never secrets
            log.error("acr-login " + phase.name().toLowerCase(Locale.ROOT) + " failed: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return 1;
    }

    /** @return the phase named on the command line, or null */
    public static Phase parsePhase(String text) {
        for (Phase p : Phase.values()) {
            if (p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        return null;
    }
}
