package dev.acrbridge.action;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A constant an input names by one word of a fixed list: the {@code auth-type} value, each entry of {@code tools}. */
interface InputWord {
    /** @return the word as written in the workflow */
    String value();

    /**
     * @param type the constants
     * @param text what the workflow wrote (case and surrounding blanks do not matter)
     * @return the constant named by {@code text}, if any
     */
    static <E extends Enum<E> & InputWord> Optional<E> parse(Class<E> type, String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.value().equals(wanted)).findFirst();
    }

    /**
     * @param type the constants
     * @return their words, comma-separated, for an error message
     */
    static <E extends Enum<E> & InputWord> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(InputWord::value).collect(Collectors.joining(", "));
    }
}
