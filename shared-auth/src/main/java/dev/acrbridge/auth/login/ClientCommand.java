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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client's login command ({@code docker login}, {@code helm registry login}) with the secret on stdin, never on
 * the command line, under a timeout; the output it returns has every form of the secret masked.
 */
public final class ClientCommand {
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
        builder.environment().putAll(environment);
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
