package dev.acrbridge.jenkins.binding;

import dev.acrbridge.jenkins.impl.BuildLog;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import org.jenkinsci.plugins.credentialsbinding.MultiBinding;

/**
 * Ends an {@code acrLogin} block, normally or by abort: removes the block's private directory (docker config,
 * containers auth file, helm registry config) from the agent. Holds paths only, never a secret.
 */
final class AcrLoginUnbinder implements MultiBinding.Unbinder {
    private static final long serialVersionUID = 1L;

    private final String directory;
    private final String loginServer;
    private final String blockId;

    AcrLoginUnbinder(String directory, String loginServer, String blockId) {
        this.directory = directory;
        this.loginServer = loginServer;
        this.blockId = blockId;
    }

    @Override
    public void unbind(@NonNull Run<?, ?> build, @Nullable FilePath workspace, @Nullable Launcher launcher,
                       @NonNull TaskListener listener) throws IOException, InterruptedException {
        LoginRenewal.stop(blockId);
        ActiveLogins.close(build, blockId);
        if (workspace == null || workspace.getChannel() == null) {
            listener.error(Messages.AcrLoginUnbinder_NoAgent(directory));
            return;
        }
        new FilePath(workspace.getChannel(), directory).deleteRecursive();
        listener.getLogger().println(BuildLog.removed(loginServer));
    }
}
