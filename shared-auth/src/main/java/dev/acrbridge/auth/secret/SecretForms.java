package dev.acrbridge.auth.secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The forms in which a secret can show up in output, so that a log masker (GitHub {@code ::add-mask::}, Jenkins
 * masking patterns) hides every one of them, and so that our own messages can be scrubbed.
 *
 * <p>Forms: the raw value; standard base64 of the value; standard base64 of {@code username:secret} (what a
 * docker {@code auth} field holds); the JSON-escaped value; the URL-encoded value (form bodies). Base64 of text
 * embedded in a longer base64 string shifts with alignment: producing the three shifted variants is the masker's
 * job. Forms equal to the raw value are not repeated.
 */
public final class SecretForms {
    private SecretForms() {
    }

    /**
     * @param secret   the secret
     * @param username the username it travels with in Basic/{@code auth} form, or null
     * @return every distinct non-empty form, raw value first
     */
    public static List<String> of(Secret secret, String username) {
        String raw = secret.reveal();
        Set<String> forms = new LinkedHashSet<>();
        if (raw.isEmpty()) {
            return List.of();
        }
        forms.add(raw);
        forms.add(base64(raw));
        if (username != null) {
            forms.add(base64(username + ":" + raw));
        }
        forms.add(jsonEscape(raw));
        forms.add(URLEncoder.encode(raw, StandardCharsets.UTF_8));
        return List.copyOf(forms);
    }

    /**
     * @param secret the secret
     * @return {@link #of(Secret, String)} without a username
     */
    public static List<String> of(Secret secret) {
        return of(secret, null);
    }

    /**
     * Replaces every form of every given secret in the text with {@code ****}.
     *
     * @param text    text that may carry secrets (for example a server's error body), may be null
     * @param secrets the secrets involved in the call
     * @return the scrubbed text
     */
    public static String redact(String text, Collection<Secret> secrets) {
        if (text == null || text.isEmpty() || secrets.isEmpty()) {
            return text;
        }
        List<String> all = new ArrayList<>();
        for (Secret s : secrets) {
            if (s != null) {
                all.addAll(of(s));
            }
        }
        all.sort(Comparator.comparingInt(String::length).reversed()); // longest first: a form may contain another
        String out = text;
        for (String form : all) {
            if (form.length() >= 4) { // masking 1-3 characters would shred ordinary words and hide nothing real
                out = out.replace(form, "****");
            }
        }
        return out;
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param s text
     * @return the text as it appears inside a JSON string literal (RFC 8259 escapes)
     */
    static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                case '\b': b.append("\\b"); break;
                case '\f': b.append("\\f"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.toString();
    }
}
