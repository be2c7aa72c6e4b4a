package dev.acrbridge.auth.login;

import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.auth.secret.SecretForms;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client's login command ({@code docker login}, {@code helm registry login}) with the secret on stdin, never on
 * the command line, under a timeout; the output it returns has every form of the secret masked. The child gets a
 * minimal environment ({@link #childEnvironment}): what a client needs to find its configuration, its daemon, the
 * network and its certificates; never the identity secrets this process was started with.
 */
public final class ClientCommand {
    /** Variables a client child keeps, compared ignoring case (Windows names are case-insensitive). */
    private static final Set<String> PASSED = Set.of(
            // finding programs, home, temp space, locale (and what Windows needs to start any process)
            "path", "pathext", "home", "user", "logname", "tmpdir", "temp", "tmp", "lang", "language", "tz", "term",
            "systemroot", "windir", "comspec", "userprofile", "appdata", "localappdata", "programdata", "homedrive",
            "homepath", "xdg_config_home", "xdg_cache_home", "xdg_data_home", "xdg_state_home", "xdg_runtime_dir",
            // proxies (a proxy URL may carry the proxy's own credentials: the client needs them to get out)
            "http_proxy", "https_proxy", "no_proxy", "all_proxy",
            // certificates
            "ssl_cert_file", "ssl_cert_dir",
            // docker: config, daemon and context
            "docker_config", "docker_host", "docker_context", "docker_cert_path", "docker_tls_verify", "docker_tls",
            "docker_api_version",
            // helm: its configuration, cache and data directories
            "helm_config_home", "helm_cache_home", "helm_data_home", "helm_registry_config", "helm_plugins",
            "helm_debug",
            // containers tools (podman, skopeo, buildah)
            "registry_auth_file", "containers_conf", "containers_registries_conf", "containers_storage_conf");
    private final List<String> command;
    private final Map<String, String> environment;
    private final Duration timeout;

    /**
     * @param command     program and arguments (no secret)
     * @param environment variables added to the child's environment
     * @param timeout     the child is killed after this long
     */
    public ClientCommand(List<String> command, Map<String, String> environment, Duration timeout) {
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    /** What the command did; its output is already masked. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Runs the command, writes the secret and a newline to its stdin, and closes stdin.
     *
     * @param stdinSecret the secret to feed; masked in the returned output
     * @return the exit code and the merged, masked stdout and stderr
     * @throws IOException when it cannot start, or did not finish within the timeout (it is then killed)
     */
    public Result run(Secret stdinSecret) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> childEnv = childEnvironment(builder.environment(), environment);
        builder.environment().clear();
        builder.environment().putAll(childEnv);
        Process process = builder.start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((stdinSecret.reveal() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException exited) {
            // the child may exit before reading stdin; its exit code and output tell why
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s and was stopped");
            }
            String text = new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            return new Result(process.exitValue(), SecretForms.redact(text, List.of(stdinSecret)));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("could not read the output of " + command.get(0), e);
        }
    }

    /**
     * The environment of a client child: the variables of {@code inherited} a client needs (PATH, HOME and temp
     * directories, locale, {@code LC_*}, {@code XDG_*} directories, proxies, {@code SSL_CERT_*}, docker, helm and
     * containers configuration variables), then {@code added}. Everything else stays out: {@code AZURE_CLIENT_SECRET},
     * {@code ACR_PASSWORD}, CI tokens and any other secret of the caller's.
     *
     * @param inherited the caller's environment
     * @param added     variables set for this child (they win)
     * @return a new map
     */
    public static Map<String, String> childEnvironment(Map<String, String> inherited, Map<String, String> added) {
        Map<String, String> env = new TreeMap<>();
        inherited.forEach((name, value) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (PASSED.contains(key) || key.startsWith("lc_")) {
                env.put(name, value);
            }
        });
        env.putAll(added);
        return env;
    }

    /**
     * Finds a program on a PATH-style search path.
     *
     * @param name a program name
     * @param path the search path (the value of {@code PATH}), or null
     * @return the executable, if any
     */
    public static Optional<Path> findOnPath(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static byte[] drain(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (in) {
            in.transferTo(out);
        } catch (IOException closed) {
            // the process was killed; keep what was read
        }
        return out.toByteArray();
    }
}
