package dev.acrbridge.auth.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretFormsTest {
    @Test
    void listsRawBase64UserBase64AndJsonForms() throws Exception {
        Secret s = Secret.of("p\"a\\ss/wo+rd\n");
        List<String> forms = SecretForms.of(s, "00000000-0000-0000-0000-000000000000");
        assertEquals(s.reveal(), forms.get(0));
        assertTrue(forms.contains(Base64.getEncoder().encodeToString(s.reveal().getBytes(StandardCharsets.UTF_8))));
        assertTrue(forms.contains(Base64.getEncoder().encodeToString(
                ("00000000-0000-0000-0000-000000000000:" + s.reveal()).getBytes(StandardCharsets.UTF_8))));
        String json = new ObjectMapper().writeValueAsString(Map.of("k", s.reveal()));
        String escaped = json.substring(json.indexOf(":\"") + 2, json.length() - 2);
        assertTrue(forms.contains(escaped), "the form Jackson writes: " + escaped);
        assertTrue(forms.contains("p%22a%5Css%2Fwo%2Brd%0A"), "form-encoded");
    }

    @Test
    void plainSecretsAreNotRepeatedAndEmptyHasNoForms() {
        List<String> forms = SecretForms.of(Secret.of("abcdef"));
        assertEquals(forms.size(), forms.stream().distinct().count());
        assertEquals(List.of(), SecretForms.of(Secret.of("")));
    }

    @Test
    void redactRemovesEveryFormLongestFirst() {
        Secret s = Secret.of("hunter2hunter2");
        String b64 = Base64.getEncoder().encodeToString("hunter2hunter2".getBytes(StandardCharsets.UTF_8));
        String out = SecretForms.redact("raw=hunter2hunter2 b64=" + b64 + " ok", List.of(s));
        assertEquals("raw=**** b64=**** ok", out);
        assertFalse(SecretForms.redact("x", List.of(Secret.of("ab"))).contains("*"), "tiny secrets are not masked");
    }
}
