package dev.acrbridge.cli;

import dev.acrbridge.credhelper.HelperAction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code acr-login credential-helper ACTION}: the docker credential helper, run as docker-credential-acr-login. */
@Command(name = "credential-helper", mixinStandardHelpOptions = true, description = {
    "Docker credential helper (docker-credential-acr-login): get, store, erase, list, version.",
    "Route a registry to it with {\"credHelpers\": {\"contoso.azurecr.io\": \"acr-login\"}} in the docker config "
            + "or containers auth file, with docker-credential-acr-login on PATH. 'get' reads the server URL on stdin "
            + "and prints {\"ServerURL\",\"Username\",\"Secret\"} with a fresh token: from the cache "
            + "($ACR_LOGIN_CACHE_DIR, else ~/.cache/acr-login) while more than 5 minutes (or a quarter of its life) "
            + "are left, else from Entra. The identity comes from the settings 'acr-login login --use-credential-helper'"
            + " stored for that registry ($ACR_LOGIN_HELPER_DIR, else ~/.config/acr-login/helper/HOST.properties), "
            + "else from the settings file $ACR_LOGIN_SETTINGS, else from the environment (AZURE_*, ACR_*).",
    "Errors are printed on stdout with exit code 1, as the protocol wants."})
final class CredentialHelperCommand implements Callable<Integer> {
    @ParentCommand
    AcrLogin parent;
    @Parameters(paramLabel = "ACTION", description = "get, store, erase, list or version")
    String action;

    @Override
    public Integer call() {
        // AcrLogin routes "credential-helper ACTION" here directly, without picocli; this serves other spellings
        return HelperAction.run(action, parent.environment(), parent.stdin(), parent.stdout(), parent.stderr(),
                AcrLogin.version());
    }
}
