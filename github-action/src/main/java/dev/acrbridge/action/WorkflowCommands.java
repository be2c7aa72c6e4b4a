package dev.acrbridge.action;

import java.io.PrintStream;

/**
 * Workflow commands on stdout ({@code ::add-mask::}, {@code ::error::}, groups), escaped the way {@code @actions/core}
 * escapes them so a value with {@code %}, CR or LF stays one command.
 */
final class WorkflowCommands {
    private final PrintStream out;

    WorkflowCommands(PrintStream out) {
        this.out = out;
    }

    /**
     * Registers a value with the runner's log masker. Must come before anything that could print the value.
     *
     * @param value a secret form; blank values are not registered (masking them would blank the log)
     */
    void addMask(String value) {
        if (value != null && !value.isBlank()) {
            out.print("::add-mask::" + escapeData(value) + "\n");
            out.flush();
        }
    }

    /** @param message an error annotation (never holds a secret) */
    void error(String message) {
        out.print("::error::" + escapeData(message) + "\n");
        out.flush();
    }

    /** @param message a warning annotation */
    void warning(String message) {
        out.print("::warning::" + escapeData(message) + "\n");
        out.flush();
    }

    /** @param line a plain log line */
    void info(String line) {
        out.print(line + "\n");
        out.flush();
    }

    /** @param title start of a collapsible log group */
    void group(String title) {
        out.print("::group::" + escapeData(title) + "\n");
    }

    void endGroup() {
        out.print("::endgroup::\n");
        out.flush();
    }

    static String escapeData(String value) {
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }
}
