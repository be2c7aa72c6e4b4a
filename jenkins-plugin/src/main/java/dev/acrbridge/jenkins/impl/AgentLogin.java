package dev.acrbridge.jenkins.impl;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.files.PrivateFiles;
import dev.acrbridge.auth.login.IsolatedClientDirectory;
import dev.acrbridge.auth.login.RegistryLoginWriter;
import dev.acrbridge.auth.registry.RegistryCredential;
import hudson.AbortException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import jenkins.security.MasterToSlaveCallable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Runs on the agent of an {@code acrLogin} block: creates the block's private directory, acquires the token there
 * when the identity belongs to the agent, and writes the docker / containers / helm configuration with the shared
 * login writers. On failure nothing is left behind.
 */
@Restricted(NoExternalUse.class)
public final class AgentLogin extends MasterToSlaveCallable<AgentLogin.Result, IOException> {
    private static final long serialVersionUID = 1L;
    /** Auth cores of identities acquired in this agent JVM (its managed or workload identity). */
    private static final AcrAuthPool AGENT_POOL = new AcrAuthPool();

    private final String parentDir;
    /** The block's directory when its logins are renewed; null when a block opens. */
    private final String blockDir;
    private final ArrayList<String> tools;
    private final LinkedHashMap<String, String> outer;
    private final TransferCredential credential;
    private final AuthSettings settings;
    private final IdentityMaterial identity;
    private final String registry;

    private AgentLogin(String parentDir, String blockDir, List<String> tools, Map<String, String> outer,
                       TransferCredential credential, AuthSettings settings, IdentityMaterial identity,
                       String registry) {
        this.parentDir = parentDir;
        this.blockDir = blockDir;
        this.tools = new ArrayList<>(tools);
        this.outer = new LinkedHashMap<>(outer);
        this.credential = credential;
        this.settings = settings;
        this.identity = identity;
        this.registry = registry;
    }

    /**
     * @param parentDir  where the block directory goes ({@code <workspace>@tmp})
     * @param tools      clients to log in: docker, podman, helm
     * @param outer      variables of the enclosing {@code acrLogin} block, whose logins are carried over
     * @param credential credential acquired on the controller
     * @return a login that only writes configuration
     */
    public static AgentLogin withCredential(String parentDir, List<String> tools, Map<String, String> outer,
                                            TransferCredential credential) {
        return new AgentLogin(parentDir, null, tools, outer, credential, null, null, null);
    }

    /**
     * @param parentDir where the block directory goes
     * @param tools     clients to log in
     * @param outer     variables of the enclosing block
     * @param settings  cloud and trust settings
     * @param identity  the identity, used with the agent's environment (IMDS, token files)
     * @param registry  login server
     * @return a login that acquires the token in the agent JVM first
     */
    public static AgentLogin acquiringOnAgent(String parentDir, List<String> tools, Map<String, String> outer,
                                              AuthSettings settings, IdentityMaterial identity, String registry) {
        return new AgentLogin(parentDir, null, tools, outer, null, settings, identity, registry);
    }

    /**
     * @param blockDir   the open block's directory ({@link Result#directory()})
     * @param tools      the block's clients
     * @param outer      the block's enclosing variables
     * @param credential a renewed credential acquired on the controller
     * @return a login that rewrites the block's files with the renewed token
     */
    public static AgentLogin renewWithCredential(String blockDir, List<String> tools, Map<String, String> outer,
                                                 TransferCredential credential) {
        return new AgentLogin(null, blockDir, tools, outer, credential, null, null, null);
    }

    /**
     * @param blockDir the open block's directory
     * @param tools    the block's clients
     * @param outer    the block's enclosing variables
     * @param settings cloud and trust settings
     * @param identity the agent's identity
     * @param registry login server
     * @return a login that asks the agent's cache again (renewed by shared-auth's rule) and rewrites the files
     */
    public static AgentLogin renewOnAgent(String blockDir, List<String> tools, Map<String, String> outer,
                                          AuthSettings settings, IdentityMaterial identity, String registry) {
        return new AgentLogin(null, blockDir, tools, outer, null, settings, identity, registry);
    }

    @Override
    public Result call() throws IOException {
        if (blockDir != null) {
            return write(Path.of(blockDir));
        }
        Path dir = Path.of(parentDir).resolve("acr-login-" + UUID.randomUUID());
        PrivateFiles.createPrivateDirectories(dir);
        try {
            return write(dir);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
    }

    /** Acquires (when on the agent) and writes every client's login into {@code dir}. */
    private Result write(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new AbortException(BuildLog.PREFIX + "the block's login directory " + dir + " is gone");
        }
        try {
            RegistryCredential acquired = credential != null ? credential.toShared()
                    : AGENT_POOL.credential(settings, identity, registry);
            Map<String, String> environment = new LinkedHashMap<>();
            for (String tool : tools) {
                RegistryLoginWriter writer = writer(tool, dir);
                writer.login(acquired);
                environment.putAll(writer.environment());
            }
            return new Result(dir.toString(), environment, TransferCredential.of(acquired));
        } catch (AcrAuthException e) {
            // plain message only: the cause chain of a failed Entra call need not survive the channel
            throw new AbortException(BuildLog.PREFIX + JenkinsTerms.message(e));
        }
    }

    private RegistryLoginWriter writer(String tool, Path dir) {
        // seeded from what the clients read so far: an outer block's files, else the agent's own
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(outer);
        return new IsolatedClientDirectory(dir).writer(tool, env);
    }

    /**
     * @param dir a block directory
     * @throws IOException when it cannot be removed
     */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** What the block needs on the controller: its directory, the client variables and the credential. */
    public static final class Result implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String directory;
        private final LinkedHashMap<String, String> environment;
        private final TransferCredential credential;

        Result(String directory, Map<String, String> environment, TransferCredential credential) {
            this.directory = directory;
            this.environment = new LinkedHashMap<>(environment);
            this.credential = credential;
        }

        /** @return the block's private directory on the agent */
        public String directory() {
            return directory;
        }

        /** @return variables pointing the clients at the block's configuration (read-only) */
        public Map<String, String> environment() {
            return Collections.unmodifiableMap(environment);
        }

        /** @return the credential; its token is needed to mask it and to fill requested variables */
        public TransferCredential credential() {
            return credential;
        }
    }
}
