package dev.acrbridge.action;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Inputs that name one constant by a word of a fixed list: the {@code auth-type} value, each entry of {@code tools}. */
final class InputWords {
    private InputWords() {
    }

    /**
     * @param constants the constants
     * @param word      each constant's word
     * @param text      what the workflow wrote (case and surrounding blanks do not matter)
     * @return the constant named by {@code text}, if any
     */
    static <E> Optional<E> parse(E[] constants, Function<E, String> word, String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(constants).filter(c -> word.apply(c).equals(wanted)).findFirst();
    }

    /**
     * @param constants the constants
     * @param word      each constant's word
     * @return the words, comma-separated, for an error message
     */
    static <E> String allowed(E[] constants, Function<E, String> word) {
        return Arrays.stream(constants).map(word).collect(Collectors.joining(", "));
    }
}
