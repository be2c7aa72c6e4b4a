package dev.acrbridge.cli;

import java.util.List;
import java.util.Set;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The message for a command line picocli could not parse: short, naming the option the user typed and the fix, and
 * never echoing a value after an unknown option (someone typing {@code --client-secret abc} has just put a secret
 * on the command line; it must not also land in a CI log inside a usage dump).
 */
final class UsageErrors {
    /** Options users reach for that would put a secret on the command line, and where the secret goes instead. */
    private static final Set<String> SECRET_OPTIONS = Set.of("--client-secret", "--secret", "--password", "-p",
            "--certificate-password", "--client-certificate-password", "--token", "--access-token");

    private UsageErrors() {
    }

    /**
     * @param e what picocli refused
     * @return the lines to print on stderr
     */
    static String describe(ParameterException e) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        String help = "Run '" + command + " --help' for the options.";
        if (!(e instanceof UnmatchedArgumentException unmatched)) {
            return "acr-login: " + e.getMessage() + "\n" + help;
        }
        List<String> options = unmatched.getUnmatched().stream().filter(a -> a.startsWith("-") && a.length() > 1)
                .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a).distinct().toList();
        StringBuilder out = new StringBuilder(command + ": ");
        if (options.isEmpty()) {
            int n = unmatched.getUnmatched().size();
            out.append(n).append(n == 1 ? " unexpected argument" : " unexpected arguments")
                    .append(" (not shown: it may be a secret)");
        } else {
            out.append("unknown option ").append(String.join(", ", options));
            for (String option : options) {
                String fix = secretFix(option);
                if (fix != null) {
                    out.append("\nacr-login: ").append(fix);
                }
            }
            List<String> suggestions = unmatched.getSuggestions().stream().filter(s -> s.startsWith("-"))
                    .filter(s -> options.stream().noneMatch(s::equals)).limit(3).toList();
            if (!suggestions.isEmpty() && options.stream().allMatch(o -> secretFix(o) == null)) {
                out.append("\nDid you mean ").append(String.join(" or ", suggestions)).append('?');
            }
        }
        return out.append('\n').append(help).toString();
    }

    private static String secretFix(String option) {
        if (!SECRET_OPTIONS.contains(option)) {
            return null;
        }
        String how = option.contains("password")
                ? (option.contains("certificate") ? "AZURE_CLIENT_CERTIFICATE_PASSWORD"
                        : "--password-stdin, --password-file FILE or ACR_LOGIN_PASSWORD")
                : option.contains("token") ? "--federated-token-file FILE or AZURE_FEDERATED_TOKEN_FILE"
                : "--client-secret-stdin, --client-secret-file FILE or AZURE_CLIENT_SECRET";
        return option + " does not exist: secrets are never taken as arguments (ps and shell history would show "
                + "them); give it with " + how + (option.equals("-p") ? " (-p is not an option here)" : "")
                + ". Its value was not printed; if it was a real secret, rotate it.";
    }
}
