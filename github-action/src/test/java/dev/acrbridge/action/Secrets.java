package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Log assertions for secrets: masked with {@code ::add-mask::} before any other line could show them. */
final class Secrets {
    private Secrets() {
    }

    /**
     * Every form has its own {@code ::add-mask::} line, that mask comes before any line that is not a mask command
     * and shows the form, and in fact no such line exists: only mask commands ever carry a secret.
     */
    static void assertMaskedBeforeAnyUse(String stdout, List<String> forms) {
        List<String> lines = stdout.lines().toList();
        for (String form : forms) {
            int mask = lines.indexOf("::add-mask::" + WorkflowCommands.escapeData(form));
            assertTrue(mask >= 0, "a secret form (length " + form.length() + ") was never masked");
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains(form) || line.contains(WorkflowCommands.escapeData(form))) {
                    assertTrue(line.startsWith("::add-mask::"), "line " + (i + 1) + " shows a secret");
                }
            }
        }
    }

    static void assertAbsent(String text, List<String> forms) {
        for (String form : forms) {
            assertFalse(text.contains(form), "a secret (length " + form.length() + ") appears in the log");
        }
    }
}
