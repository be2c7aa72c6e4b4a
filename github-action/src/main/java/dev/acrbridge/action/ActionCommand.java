package dev.acrbridge.action;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code acr-login action main|post}: the GitHub Action's steps as a subcommand of the {@code acr-login} CLI, so the
 * action ships as the same jar. Hidden: people run the action through {@code action.yml}, not by hand.
 */
@Command(name = "action", hidden = true, mixinStandardHelpOptions = true,
        description = "Run a step of the GitHub Action (inputs from INPUT_* variables; used by dist/main.js and dist/post.js).")
public final class ActionCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PHASE", description = "main or post")
    private String phase;

    @Override
    public Integer call() {
        ActionMain.Phase parsed = ActionMain.parsePhase(phase);
        if (parsed == null) {
            System.err.println("acr-login action: unknown phase '" + phase + "'; allowed: main, post");
            return 2;
        }
        return ActionMain.run(parsed, System.getenv(), System.out);
    }
}
