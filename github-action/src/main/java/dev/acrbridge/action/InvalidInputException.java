package dev.acrbridge.action;

import java.util.List;

/** One or more inputs are wrong; each problem names the input, what was wrong and the allowed values. */
final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    InvalidInputException(List<String> problems) {
        super("invalid input: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return one line per problem */
    List<String> problems() {
        return problems;
    }
}
