package dev.acrbridge.action;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The runner's file commands: appends to {@code GITHUB_OUTPUT}, {@code GITHUB_ENV}, {@code GITHUB_STATE} and
 * {@code GITHUB_PATH}. Key/value pairs use the heredoc form with a random delimiter (as {@code @actions/core} does), so
 * a value can never end the block early or smuggle in another variable.
 */
final class FileCommands {
    private final RunnerEnvironment env;

    FileCommands(RunnerEnvironment env) {
        this.env = env;
    }

    /** @param name output name @param value its value */
    void output(String name, String value) {
        append("GITHUB_OUTPUT", keyValue(name, value));
    }

    /** @param name variable exported to later steps @param value its value (never a secret) */
    void exportVariable(String name, String value) {
        append("GITHUB_ENV", keyValue(name, value));
    }

    /** @param name state for the post step (read back as {@code STATE_<name>}) @param value its value */
    void saveState(String name, String value) {
        append("GITHUB_STATE", keyValue(name, value));
    }

    /** @param dir directory prepended to PATH for later steps */
    void addPath(Path dir) {
        String line = dir.toAbsolutePath().toString();
        if (line.contains("\n") || line.contains("\r")) {
            throw new IllegalArgumentException("a PATH entry cannot contain a line break: " + line);
        }
        append("GITHUB_PATH", line + System.lineSeparator());
    }

    static String keyValue(String name, String value) {
        String delimiter = "ghadelimiter_" + UUID.randomUUID();
        if (name.contains(delimiter) || value.contains(delimiter) || name.contains("\n") || name.contains("=")) {
            throw new IllegalArgumentException("unsafe file-command name or value for " + name);
        }
        String eol = System.lineSeparator();
        return name + "<<" + delimiter + eol + value + eol + delimiter + eol;
    }

    private void append(String variable, String text) {
        Path file = env.file(variable);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + variable + " (" + file + ")", e);
        }
    }
}
