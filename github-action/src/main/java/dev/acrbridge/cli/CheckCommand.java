package dev.acrbridge.cli;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.diagnostics.PermissionReport;
import dev.acrbridge.auth.diagnostics.RegistryMode;
import dev.acrbridge.settings.AuthSettings;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code acr-login check}: what the identity may do on the registry versus what the pipeline needs. */
@Command(name = "check", mixinStandardHelpOptions = true, description = {
    "Check the identity's permissions on a registry against what the pipeline needs, and name the role to assign "
            + "when short (exit code 3). The report goes to stdout."})
final class CheckCommand extends IdentityCommand {
    @Parameters(paramLabel = "REGISTRY", description = "login server (contoso.azurecr.io) or name")
    String registry;
    @Option(names = "--need", split = ",(?=[^,]*:|catalog)", splitSynopsisLabel = ",",
            required = true, paramLabel = "NEED",
            description = "repo:action[,action] (app:push, team/web:pull,delete) or catalog; repeatable, or "
                    + "comma-separated (app:pull,push,web:pull)")
    List<String> needs;
    @Option(names = "--registry-mode", paramLabel = "MODE", defaultValue = "unknown",
            description = "how roles are assigned on the registry, for the advice: rbac (AcrPush...), abac "
                    + "(Container Registry Repository Writer...), unknown (default: both)")
    String registryMode;

    @Override
    public Integer call() throws Exception {
        RegistryMode mode;
        try {
            mode = RegistryMode.valueOf(registryMode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("--registry-mode", "unknown value '" + registryMode + "'",
                    "use rbac, abac or unknown");
        }
        AuthSettings settings = settings();
        AcrAuth auth = settings.acrAuthBuilder().registryMode(mode).build();
        PermissionReport report = auth.checkPermissions(settings.identity(), registry, needs);
        parent.out.println(report.summary());
        return report.sufficient() ? ExitCodes.OK : ExitCodes.PERMISSION_SHORT;
    }
}
