package dev.acrbridge.cli;

import dev.acrbridge.auth.cache.FileCredentialStore;
import dev.acrbridge.auth.diagnostics.UntrustedRegistryException;
import dev.acrbridge.auth.login.AuthFile;
import dev.acrbridge.auth.login.RegistryLoginWriter;
import dev.acrbridge.credhelper.HelperCredentials;
import dev.acrbridge.credhelper.HelperSettings;
import dev.acrbridge.settings.AuthSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code acr-login logout}: remove what {@code login} added, and the cached tokens for those registries. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = {
    "Remove the logins acr-login added for the registries (entries written later by someone else stay), restore "
            + "what login set aside, drop cached tokens for them and the credential helper's settings for them (other "
            + "registries' stay). Give the same --tool and paths as to login."})
final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    AcrLogin parent;
    @Mixin
    ClientTargets targets;
    @Parameters(arity = "1..*", paramLabel = "REGISTRY", description = "login server (contoso.azurecr.io)")
    List<String> registries;

    /** A bare registry name gets the cloud's suffix, as at login; any host may be logged out of. */
    private String loginServer(String registry) {
        try {
            return AuthSettings.of(parent.env).trust().resolve(registry).authority();
        } catch (UntrustedRegistryException notTrusted) {
            return AuthFile.hostKey(registry);
        }
    }

    @Override
    public Integer call() throws Exception {
        List<RegistryLoginWriter> writers = targets.writers(parent.env, null);
        FileCredentialStore cache = new FileCredentialStore(FileCredentialStore.defaultDirectory(parent.env),
                Clock.systemUTC());
        List<FileCredentialStore.Entry> cached = cache.list();
        HelperSettings helper = HelperSettings.fromEnvironment(parent.env);
        for (String registry : registries) {
            String host = loginServer(registry);
            List<String> removedFrom = new ArrayList<>();
            for (RegistryLoginWriter writer : writers) {
                if (writer.logout(host)) {
                    removedFrom.add(writer.tool());
                }
            }
            for (FileCredentialStore.Entry entry : cached) {
                if (entry.loginServer().equals(host)) {
                    cache.remove(entry.identityKey(), host);
                }
            }
            // the helper's settings for this registry may hold a secret: not left behind; nobody else's touched
            if (helper.remove(host)) {
                removedFrom.add("the credential helper");
            }
            HelperCredentials.forgetReply(cache, host);
            parent.err.println("acr-login: " + host + ": " + (removedFrom.isEmpty() ? "no login of ours found"
                    : "logged out of " + String.join(", ", removedFrom)));
        }
        return ExitCodes.OK;
    }
}
