package dev.acrbridge.auth.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header, parsed per RFC 9110 §11.6.1: quoted strings with escapes,
 * commas inside quoted values (ACR scopes such as {@code "repository:app:pull,push"}), several challenges in
 * one header, case-insensitive scheme and parameter names.
 *
 * @param scheme the auth scheme in lower case ({@code bearer}, {@code basic})
 * @param params the auth-params, names in lower case
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
    public AuthChallenge {
        params = Map.copyOf(params);
    }

    /**
     * @param name a parameter name (any case)
     * @return its value, or null
     */
    public String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Parses every challenge in a header value; malformed tails are dropped, never guessed.
     *
     * @param header the header value
     * @return the challenges in order
     */
    public static List<AuthChallenge> parse(String header) {
        return new Parser(header == null ? "" : header).challenges();
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        List<AuthChallenge> challenges() {
            List<AuthChallenge> out = new ArrayList<>();
            while (true) {
                skipSeparators();
                String scheme = token();
                if (scheme.isEmpty()) {
                    return out;
                }
                Map<String, String> params = new LinkedHashMap<>();
                while (true) {
                    skipSpaces();
                    int mark = i;
                    String name = token();
                    skipSpaces();
                    if (name.isEmpty() || i >= s.length() || s.charAt(i) != '=') {
                        i = mark; // not a parameter: a token68 or the next challenge's scheme
                        if (!name.isEmpty() && !params.isEmpty()) {
                            break;
                        }
                        if (!name.isEmpty()) {
                            token68();
                        }
                        break;
                    }
                    i++;
                    skipSpaces();
                    String value = i < s.length() && s.charAt(i) == '"' ? quoted() : bareValue();
                    params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                    skipSpaces();
                    if (i < s.length() && s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    break;
                }
                out.add(new AuthChallenge(scheme.toLowerCase(Locale.ROOT), params));
                if (i >= s.length()) {
                    return out;
                }
            }
        }

        /** An unquoted value; lenient (servers send unquoted URLs), it ends at a comma or whitespace. */
        private String bareValue() {
            int start = i;
            while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                i++;
            }
            return s.substring(start, i);
        }

        private void token68() {
            while (i < s.length() && s.charAt(i) != ',') {
                i++;
            }
        }

        private String token() {
            int start = i;
            while (i < s.length() && isTchar(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }

        private String quoted() {
            StringBuilder b = new StringBuilder();
            i++; // opening quote
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\' && i < s.length()) {
                    c = s.charAt(i++);
                }
                b.append(c);
            }
            return b.toString(); // unterminated: take what there is
        }

        private void skipSpaces() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        private void skipSeparators() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
                i++;
            }
        }

        private static boolean isTchar(char c) {
            return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }
    }
}
