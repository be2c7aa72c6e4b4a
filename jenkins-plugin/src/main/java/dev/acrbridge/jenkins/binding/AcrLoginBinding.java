package dev.acrbridge.jenkins.binding;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.jenkins.credentials.AcrEntraCredentials;
import dev.acrbridge.jenkins.credentials.UsedOn;
import dev.acrbridge.jenkins.impl.AgentLogin;
import dev.acrbridge.jenkins.impl.AuthSettings;
import dev.acrbridge.jenkins.impl.BuildLog;
import dev.acrbridge.jenkins.impl.IdentityMaterial;
import dev.acrbridge.jenkins.impl.TransferCredential;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import hudson.util.FormValidation;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.credentialsbinding.BindingDescriptor;
import org.jenkinsci.plugins.credentialsbinding.MultiBinding;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code withCredentials([acrLogin(credentialsId: 'acr', tools: 'docker,helm')]) { ... }}: logs docker, podman and
 * helm into the registry through a private per-block configuration on the agent ({@code DOCKER_CONFIG},
 * {@code REGISTRY_AUTH_FILE}, {@code HELM_REGISTRY_CONFIG}), exports the variables asked for, masks the token in
 * every form Jenkins knows, and removes everything when the block ends or is aborted.
 */
public class AcrLoginBinding extends MultiBinding<AcrEntraCredentials> {
    /** Holds the token when no token variable is asked for: Jenkins masks bound secret variables only. */
    static final String DEFAULT_TOKEN_VARIABLE = "ACR_LOGIN_TOKEN";

    private String registry;
    private String tools = ClientTools.DEFAULT;
    private String loginServerVariable;
    private String usernameVariable;
    private String tokenVariable;

    /** @param credentialsId id of an {@link AcrEntraCredentials} */
    @DataBoundConstructor
    public AcrLoginBinding(String credentialsId) {
        super(credentialsId);
    }

    @Override
    protected Class<AcrEntraCredentials> type() {
        return AcrEntraCredentials.class;
    }

    @Override
    public MultiEnvironment bind(@NonNull Run<?, ?> build, @Nullable FilePath workspace, @Nullable Launcher launcher,
                                 @NonNull TaskListener listener) throws IOException, InterruptedException {
        if (workspace == null) {
            throw new AbortException(Messages.AcrLoginBinding_NeedsWorkspace());
        }
        AcrEntraCredentials credentials = getCredentials(build);
        String loginServer = Util.fixEmptyAndTrim(registry) != null ? registry.trim() : credentials.getRegistry();
        if (loginServer == null) {
            throw new AbortException(Messages.AcrLoginBinding_NoRegistry(getCredentialsId()));
        }
        AgentLogin.Result result;
        LoginRenewal.Renewer renewer;
        try {
            List<String> clients = ClientTools.parse(tools);
            String parent = WorkspaceList.tempDir(workspace).getRemote();
            Map<String, String> outer = ActiveLogins.innermost(build, workspace);
            if (credentials.getUsedOn() == UsedOn.AGENT) {
                AuthSettings settings = credentials.authSettings();
                IdentityMaterial identity = credentials.identityMaterial(); // the agent's own identity: no secret
                result = workspace.act(AgentLogin.acquiringOnAgent(parent, clients, outer, settings, identity,
                        loginServer));
                String dir = result.directory();
                renewer = () -> workspace.act(AgentLogin.renewOnAgent(dir, clients, outer, settings, identity,
                        loginServer)).credential();
            } else {
                RegistryCredential acquired = credentials.acquire(loginServer);
                result = workspace.act(AgentLogin.withCredential(parent, clients, outer,
                        TransferCredential.of(acquired)));
                String dir = result.directory();
                renewer = () -> workspace.act(AgentLogin.renewWithCredential(dir, clients, outer,
                        TransferCredential.of(credentials.acquire(loginServer)))).credential();
            }
            listener.getLogger().println(BuildLog.login(clients, result.credential(), where(credentials, workspace)));
        } catch (AcrAuthException e) {
            throw BuildLog.failure(e);
        }
        String blockId = UUID.randomUUID().toString();
        ActiveLogins.open(build, new ActiveLogins.Block(blockId, ActiveLogins.place(workspace), result.environment()));
        // the token variable keeps the block's first token; the login files are renewed before it expires
        LoginRenewal.start(blockId, result.credential(), renewer, listener);
        return new MultiEnvironment(secretValues(result.credential()), publicValues(result),
                new AcrLoginUnbinder(result.directory(), result.credential().loginServer(), blockId));
    }

    private Map<String, String> secretValues(TransferCredential credential) {
        return Map.of(effectiveTokenVariable(), credential.password().getPlainText());
    }

    private Map<String, String> publicValues(AgentLogin.Result result) {
        Map<String, String> values = new LinkedHashMap<>(result.environment());
        if (Util.fixEmptyAndTrim(loginServerVariable) != null) {
            values.put(loginServerVariable.trim(), result.credential().loginServer());
        }
        if (Util.fixEmptyAndTrim(usernameVariable) != null) {
            values.put(usernameVariable.trim(), result.credential().username());
        }
        return values;
    }

    private static String where(AcrEntraCredentials credentials, FilePath workspace) {
        if (credentials.getUsedOn() != UsedOn.AGENT) {
            return Messages.AcrLoginBinding_OnController();
        }
        Computer computer = workspace.toComputer();
        return Messages.AcrLoginBinding_OnAgent(computer == null ? "?" : computer.getDisplayName());
    }

    @Override
    public Set<String> variables(@NonNull Run<?, ?> build) {
        return Set.of(effectiveTokenVariable());
    }

    private String effectiveTokenVariable() {
        return Util.fixEmptyAndTrim(tokenVariable) == null ? DEFAULT_TOKEN_VARIABLE : tokenVariable.trim();
    }

    public String getRegistry() {
        return registry;
    }

    /** @param registry login server to log in to; default the credential's registry */
    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = Util.fixEmptyAndTrim(registry);
    }

    public String getTools() {
        return tools;
    }

    /** @param tools comma-separated clients: docker, podman, helm; default all three */
    @DataBoundSetter
    public void setTools(String tools) {
        this.tools = Util.fixEmptyAndTrim(tools) == null ? ClientTools.DEFAULT : tools.trim();
    }

    public String getLoginServerVariable() {
        return loginServerVariable;
    }

    @DataBoundSetter
    public void setLoginServerVariable(String loginServerVariable) {
        this.loginServerVariable = Util.fixEmptyAndTrim(loginServerVariable);
    }

    public String getUsernameVariable() {
        return usernameVariable;
    }

    @DataBoundSetter
    public void setUsernameVariable(String usernameVariable) {
        this.usernameVariable = Util.fixEmptyAndTrim(usernameVariable);
    }

    public String getTokenVariable() {
        return tokenVariable;
    }

    @DataBoundSetter
    public void setTokenVariable(String tokenVariable) {
        this.tokenVariable = Util.fixEmptyAndTrim(tokenVariable);
    }

    /** Descriptor; {@code requiresWorkspace} stays true: the login is written on the agent. */
    @Symbol("acrLogin")
    @Extension
    public static class DescriptorImpl extends BindingDescriptor<AcrEntraCredentials> {
        @Override
        protected Class<AcrEntraCredentials> type() {
            return AcrEntraCredentials.class;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.AcrLoginBinding_DisplayName();
        }

        public FormValidation doCheckTools(@QueryParameter String value) {
            try {
                ClientTools.parse(value);
                return FormValidation.ok();
            } catch (AcrAuthException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
