package dev.acrbridge.action;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The action's post step: removes the job-private directory the main step recorded in its state, so the registry
 * credentials (and the credential helper's settings) do not outlive the job on a self-hosted runner. Runs also when
 * the job failed or was cancelled.
 */
final class CleanupStep {
    private final RunnerEnvironment env;
    private final WorkflowCommands log;

    CleanupStep(RunnerEnvironment env, WorkflowCommands log) {
        this.env = env;
        this.log = log;
    }

    /** @return the exit code */
    int run() throws IOException {
        String recorded = env.state(IsolatedConfig.STATE_NAME);
        if (recorded == null) {
            log.info("acr-login: nothing to clean up (the main step wrote no configuration)");
            return 0;
        }
        boolean removed = IsolatedConfig.remove(Path.of(recorded), env.runnerTemp());
        log.info(removed ? "acr-login: removed the registry credentials in " + recorded
                : "acr-login: " + recorded + " was already gone");
        return 0;
    }
}
