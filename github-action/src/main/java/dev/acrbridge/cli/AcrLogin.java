package dev.acrbridge.cli;

import dev.acrbridge.auth.Preload;
import dev.acrbridge.auth.proxy.ProxyRoute;
import dev.acrbridge.credhelper.HelperAction;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code acr-login}: log docker, podman, buildah, skopeo and helm in to Azure Container Registry with an Entra identity. */
@Command(name = "acr-login", mixinStandardHelpOptions = true, versionProvider = AcrLogin.Version.class,
        description = "Log container clients in to Azure Container Registry with a Microsoft Entra identity "
                + "(service principal, certificate, managed identity, workload identity, GitHub OIDC).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:success",
            "1:Entra or the registry refused the identity",
            "2:bad command line or settings (the message names the fix)",
            "3:check: permissions missing",
            "4:registry host not trusted (use --allow-registry-host to opt in)",
            "5:client configuration could not be written, or a client login failed",
            "6:transient failure (throttled, unreachable, timeout): retry later"})
public final class AcrLogin implements java.util.concurrent.Callable<Integer> {
    final Map<String, String> env;
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    AcrLogin(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** @param args command line */
    public static void main(String[] args) {
        ProxyRoute.allowBasicForTunnelsInThisProcess(); // before any connection: the JDK reads it once
        int code = execute(args, System.getenv(), System.in, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs one command.
     *
     * @param args command line
     * @param env  environment
     * @param in   stdin
     * @param out  stdout
     * @param err  stderr
     * @return the exit code ({@link ExitCodes})
     */
    public static int execute(String[] args, Map<String, String> env, InputStream in, PrintStream out,
                              PrintStream err) {
        if (args.length == 2 && args[0].equals("credential-helper") && !args[1].startsWith("-")) {
            // docker runs the helper for every registry request: skip picocli, and on a cache hit azure-identity too
            return HelperAction.run(args[1], env, in, out, err, version());
        }
        Preload.inBackground(); // the second core loads TLS, Jackson and msal4j while picocli parses
        CommandLine cli = new CommandLine(new AcrLogin(env, in, out, err));
        // picocli reflects over every option of every registered command: a run registers only the one it names
        Map<String, Class<?>> subcommands = byName(LoginCommand.class, TokenCommand.class, CheckCommand.class,
                LogoutCommand.class, PullSecretCommand.class, CredentialHelperCommand.class);
        Class<?> named = args.length > 0 ? subcommands.get(args[0]) : null;
        for (Class<?> sub : named != null ? java.util.List.of(named) : subcommands.values()) {
            cli.addSubcommand(sub);
        }
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println(ErrorReport.describe(e, commandLine.getParseResult()));
            return ExitCodes.of(e);
        });
        cli.setParameterExceptionHandler((e, args2) -> {
            err.println(UsageErrors.describe(e));
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    /** @return the commands by name, in the order help lists them */
    private static Map<String, Class<?>> byName(Class<?>... commands) {
        Map<String, Class<?>> byName = new java.util.LinkedHashMap<>();
        for (Class<?> c : commands) {
            byName.put(c.getAnnotation(Command.class).name(), c);
        }
        return byName;
    }

    /** @return the environment the command runs with */
    public Map<String, String> environment() {
        return env;
    }

    /** @return the command's stdin */
    public InputStream stdin() {
        return in;
    }

    /** @return the command's stderr */
    public PrintStream stderr() {
        return err;
    }

    /** @return the command's stdout */
    public PrintStream stdout() {
        return out;
    }

    /** Bare {@code acr-login}: a usage error that lists the commands (as git does), not a silent success. */
    @Override
    public Integer call() {
        err.println("acr-login: a command is required");
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }

    /** @return the version of this build */
    public static String version() {
        String v = AcrLogin.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /** Version for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"acr-login " + version()};
        }
    }
}
