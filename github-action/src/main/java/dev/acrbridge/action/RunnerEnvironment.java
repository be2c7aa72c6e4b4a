package dev.acrbridge.action;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The environment a GitHub runner gives an action step: inputs as {@code INPUT_<NAME>}, file-command paths, state for
 * the post step as {@code STATE_<name>} and {@code RUNNER_TEMP}. An explicit map, so tests run steps in-process too.
 */
final class RunnerEnvironment {
    private final Map<String, String> env;

    RunnerEnvironment(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** @return the whole environment (for identity detection) */
    Map<String, String> variables() {
        return env;
    }

    /**
     * Reads an input as {@code @actions/core} does: {@code INPUT_} + name upper-cased with spaces as underscores,
     * trimmed; the action.yml default when the runner gave none.
     *
     * @param input the input
     * @return its value, never null
     */
    String input(Input input) {
        String value = env.get(envName(input.yamlName()));
        return value == null || value.isBlank() ? input.defaultValue() : value.trim();
    }

    /** @return true when the workflow (or the action.yml default) gave the input a non-blank value */
    boolean hasInput(Input input) {
        return !input(input).isEmpty();
    }

    static String envName(String inputName) {
        return "INPUT_" + inputName.replace(' ', '_').toUpperCase(Locale.ROOT);
    }

    /** @param name variable @return its value or null when unset or blank */
    String get(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * @param variable a file-command variable such as {@code GITHUB_OUTPUT}
     * @return the file it names
     */
    Path file(String variable) {
        String value = get(variable);
        if (value == null) {
            throw new IllegalStateException(variable + " is not set: run this inside a GitHub Actions job (the runner "
                    + "sets it for every step)");
        }
        return Path.of(value);
    }

    /** @return RUNNER_TEMP, the per-job temp directory the runner empties after the job */
    Path runnerTemp() {
        Path temp = file("RUNNER_TEMP");
        if (!Files.isDirectory(temp)) {
            throw new IllegalStateException("RUNNER_TEMP " + temp + " is not a directory");
        }
        return temp;
    }

    /** @param name state saved by the main step @return its value, or null */
    String state(String name) {
        return get("STATE_" + name);
    }
}
