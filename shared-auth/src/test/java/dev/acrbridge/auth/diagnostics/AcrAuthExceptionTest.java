package dev.acrbridge.auth.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Messages quote user input; control characters in it must never start a new line in a log or a CI command. */
class AcrAuthExceptionTest {

    @Test
    void crLfAndOtherControlCharactersInQuotedInputAreEscaped() {
        InvalidConfigurationException e = new InvalidConfigurationException("AZURE_TENANT_ID",
                "'abc\r\n::error::injected\u0007' is neither a GUID nor a domain", "use the tenant GUID\n::warning::x");

        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("\r"), e.getMessage());
        assertTrue(e.getMessage().contains("'abc\\r\\n::error::injected\\u0007'"), e.getMessage());
        assertEquals("use the tenant GUID\\n::warning::x", e.fix());
    }

    @Test
    void plainMessagesAreUnchanged() {
        AcrAuthException e = new AcrAuthException("Registry x is not trusted.", "opt in", false, null);

        assertEquals("Registry x is not trusted. Fix: opt in", e.getMessage());
        assertEquals("opt in", e.fix());
    }
}
