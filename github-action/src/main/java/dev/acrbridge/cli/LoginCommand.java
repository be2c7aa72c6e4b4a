package dev.acrbridge.cli;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.cache.FileCredentialStore;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.login.RegistryLoginWriter;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.credhelper.CredentialHelper;
import dev.acrbridge.credhelper.HelperCredentials;
import dev.acrbridge.credhelper.HelperSettings;
import dev.acrbridge.settings.AuthSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code acr-login login}: get a registry token and write it into the selected clients' configuration. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log clients in to one or more registries.",
            "Prints the variables pointing the clients at their configuration (KEY=VALUE, for $GITHUB_ENV; "
                    + "--export for eval) on stdout, and one summary line per registry on stderr."})
final class LoginCommand extends IdentityCommand {
    @Mixin
    ClientTargets targets;
    @Parameters(arity = "1..*", paramLabel = "REGISTRY", description = "login server (contoso.azurecr.io) or name")
    List<String> registries;
    @Option(names = "--use-credential-helper", description = "route the registries to docker-credential-acr-login "
            + "(a fresh token for every request, for builds longer than the token life) instead of storing a token; "
            + "the helper's identity settings are stored per registry in ~/.config/acr-login/helper/HOST.properties "
            + "(0600; $ACR_LOGIN_HELPER_DIR), file paths made absolute")
    boolean useCredentialHelper;
    @Option(names = "--export", description = "print 'export KEY=VALUE' lines for eval instead of KEY=VALUE")
    boolean export;

    @Override
    public Integer call() throws Exception {
        AuthSettings settings = settings();
        IdentitySpec who = settings.identity();
        List<RegistryLoginWriter> writers = targets.writers(parent.env, settings.caFile());
        // checked before any token or file: a helper setting that names a missing file fails here, not at a renewal
        Map<String, String> helperValues = useCredentialHelper ? HelperSettings.portable(settings) : Map.of();
        AcrAuth auth = settings.acrAuth();
        FileCredentialStore cache = new FileCredentialStore(FileCredentialStore.defaultDirectory(parent.env),
                Clock.systemUTC());
        HelperSettings helper = HelperSettings.fromEnvironment(parent.env);
        Map<String, String> vars = new LinkedHashMap<>();
        writers.forEach(w -> vars.putAll(w.environment()));
        if (useCredentialHelper) {
            // docker runs the helper with its own environment: it finds the settings in this directory
            vars.put(HelperSettings.DIR_VARIABLE, helper.directory().toString());
        }
        printable(vars); // before anything is asked or written
        String tools = writers.stream().map(RegistryLoginWriter::tool).collect(Collectors.joining(", "));
        // every token first: a registry that fails (untrusted, refused) leaves no client half logged in
        List<RegistryCredential> credentials = new ArrayList<>();
        for (String registry : registries) {
            credentials.add(auth.credential(who, registry));
        }
        for (RegistryCredential credential : credentials) {
            for (RegistryLoginWriter writer : writers) {
                if (useCredentialHelper) {
                    writer.useCredentialHelper(credential.loginServer(), CredentialHelper.NAME);
                } else {
                    writer.login(credential);
                }
            }
            if (useCredentialHelper) {
                // this registry's own settings (other registries' stay as they are), and a warm cache so the first
                // client request needs no Entra round trip
                Path settingsFile = helper.write(credential.loginServer(), helperValues);
                cache.store(settings.cacheKey(who), credential);
                HelperCredentials.warmReply(cache, settings.cacheKey(who), credential, settingsFile);
            }
            parent.err.println(Summary.line((useCredentialHelper ? "routed to the credential helper for "
                    : "logged in for ") + tools, credential, Instant.now()));
        }
        vars.forEach((k, v) -> parent.out.println(export ? "export " + k + "=" + shellQuote(v) : k + "=" + v));
        return ExitCodes.OK;
    }

    /**
     * Each variable becomes one {@code KEY=VALUE} line that {@code >> "$GITHUB_ENV"} (or a CI's dotenv) exports: a
     * line break in a path would start another line, i.e. export a variable of the path's choosing
     * ({@code LD_PRELOAD=...}). Such a path is refused, naming the option or variable it came from.
     */
    private void printable(Map<String, String> vars) {
        vars.forEach((key, value) -> {
            if (value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
                String from = switch (key) {
                    case "DOCKER_CONFIG" -> targets.dockerConfig != null ? "--docker-config" : "DOCKER_CONFIG or HOME";
                    case "REGISTRY_AUTH_FILE" -> targets.authFile != null ? "--auth-file"
                            : "REGISTRY_AUTH_FILE, XDG_RUNTIME_DIR or HOME";
                    case "HELM_REGISTRY_CONFIG" -> targets.helmConfig != null ? "--helm-config"
                            : "HELM_REGISTRY_CONFIG or HOME";
                    case HelperSettings.DIR_VARIABLE -> HelperSettings.DIR_VARIABLE + ", XDG_CONFIG_HOME or HOME";
                    default -> "XDG_CONFIG_HOME or HOME";
                };
                throw new InvalidConfigurationException(from, "the path for " + key + " contains a line break, "
                        + "which would add a line of its own to the KEY=VALUE output", "use a path without line breaks");
            }
        });
    }

    private static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
