package dev.acrbridge.cli;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.settings.SettingKey;
import java.util.Map;
import picocli.CommandLine.ParseResult;

/**
 * The message for a failed command, in the CLI's terms: a setting the user gave as an option is named by that option
 * (not by the variable the auth core knows it as), also when the failure shows only once the value is used (an
 * authority host that turns out not to be Entra).
 */
final class ErrorReport {
    /** Settings whose failures show when used, by environment name, with the option that sets them. */
    private static final Map<String, String> OPTIONS = Map.of(
            SettingKey.AUTHORITY_HOST.variable(), "--authority-host",
            SettingKey.ALLOWED_HOSTS.variable(), "--allow-registry-host",
            SettingKey.CA_FILE.variable(), "--ca-file",
            SettingKey.CLIENT_CERTIFICATE_PATH.variable(), "--certificate",
            SettingKey.FEDERATED_TOKEN_FILE.variable(), "--federated-token-file",
            SettingKey.TIMEOUT_SECONDS.variable(), "--timeout",
            SettingKey.CLOUD.variable(), "--cloud");

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
        return "acr-login: error: " + message;
    }
}
