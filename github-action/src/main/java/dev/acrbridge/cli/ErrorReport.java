package dev.acrbridge.cli;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.settings.SettingKey;
import java.util.Map;
import picocli.CommandLine.ParseResult;

/**
 * The message for a failed command, in the CLI's terms: a setting the user gave as an option is named by that option
 * (not by the variable the auth core knows it as), and a failure another setting fixes names the option for it.
 */
final class ErrorReport {
    /** The settings a failure can point at, by environment name, with the option that sets them. */
    private static final Map<String, String> OPTIONS = Map.of(
            SettingKey.AUTHORITY_HOST.variable(), "--authority-host",
            SettingKey.ALLOWED_HOSTS.variable(), "--allow-registry-host",
            SettingKey.CA_FILE.variable(), "--ca-file",
            SettingKey.CLIENT_CERTIFICATE_PATH.variable(), "--certificate",
            SettingKey.FEDERATED_TOKEN_FILE.variable(), "--federated-token-file",
            SettingKey.TIMEOUT_SECONDS.variable(), "--timeout",
            SettingKey.CLOUD.variable(), "--cloud");
    /** How to use the option a failure points at. */
    private static final Map<String, String> USAGE = Map.of(
            SettingKey.ALLOWED_HOSTS.variable(), "to trust this exact host anyway: --allow-registry-host HOST[:PORT] "
                    + "(or ACR_LOGIN_ALLOWED_HOSTS)",
            SettingKey.CA_FILE.variable(), "to trust a private or proxy CA: --ca-file PEM (or ACR_LOGIN_CA_FILE)",
            SettingKey.AUTHORITY_HOST.variable(), "the Entra host is set with --authority-host URL (or AZURE_AUTHORITY_HOST); "
                    + "--cloud picks the right one for public, china and usgov");

    private ErrorReport() {
    }

    /**
     * @param failure what went wrong
     * @param parsed  the command line as parsed (which options the user typed), or null
     * @return the lines for stderr
     */
    static String describe(Exception failure, ParseResult parsed) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof InvalidConfigurationException invalid) {
            String option = OPTIONS.get(invalid.field());
            if (option != null && parsed != null && parsed.hasMatchedOption(option)
                    && message.startsWith(invalid.field() + ":")) {
                message = option + message.substring(invalid.field().length());
            }
        }
        StringBuilder out = new StringBuilder("acr-login: error: ").append(message);
        if (failure instanceof AcrAuthException auth && auth.fixSetting() != null) {
            String usage = USAGE.get(auth.fixSetting());
            if (usage != null) {
                out.append("\nacr-login: ").append(usage);
            }
        }
        return out.toString();
    }
}
