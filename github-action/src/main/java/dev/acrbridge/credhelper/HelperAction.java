package dev.acrbridge.credhelper;

import dev.acrbridge.auth.cache.FileCredentialStore;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/** One credential-helper action as docker runs it: settings from the environment, tokens from the on-disk cache. */
public final class HelperAction {
    private HelperAction() {
    }

    /**
     * Runs one helper action with settings from the environment.
     *
     * @param action  the protocol action
     * @param env     the environment
     * @param in      the request
     * @param out     the answer
     * @param err     warnings (docker shows only stdout, and only on failure)
     * @param version the version of the program the helper runs in, printed by {@code version}
     * @return 0, or 1 on error
     */
    public static int run(String action, Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
                          String version) {
        CredentialSource source = new HelperCredentials(env, HelperSettings.fromEnvironment(env),
                new FileCredentialStore(FileCredentialStore.defaultDirectory(env), Clock.systemUTC()), err);
        return new CredentialHelper(source, version).run(action, in, out);
    }
}
