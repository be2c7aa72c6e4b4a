package dev.acrbridge.auth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
    @Test
    void acrChallengeWithScopesContainingCommasAndSpaces() {
        List<AuthChallenge> c = AuthChallenge.parse("Bearer realm=\"https://contoso.azurecr.io/oauth2/token\","
                + "service=\"contoso.azurecr.io\",scope=\"repository:app:pull,push repository:lib:pull\","
                + "error=\"invalid_token\"");
        assertEquals(1, c.size());
        assertEquals("bearer", c.get(0).scheme());
        assertEquals("https://contoso.azurecr.io/oauth2/token", c.get(0).param("realm"));
        assertEquals("contoso.azurecr.io", c.get(0).param("SERVICE"));
        assertEquals("repository:app:pull,push repository:lib:pull", c.get(0).param("scope"));
        assertEquals("invalid_token", c.get(0).param("error"));
    }

    @Test
    void severalChallengesTokensEscapesAndSpacing() {
        List<AuthChallenge> c = AuthChallenge.parse(
                "Basic realm=\"Registry \\\"Realm\\\"\" , BEARER  realm = https://r.example/t ,service=r.example");
        assertEquals(2, c.size());
        assertEquals("basic", c.get(0).scheme());
        assertEquals("Registry \"Realm\"", c.get(0).param("realm"));
        assertEquals("bearer", c.get(1).scheme());
        assertEquals("https://r.example/t", c.get(1).param("realm"));
        assertEquals("r.example", c.get(1).param("service"));
    }

    @Test
    void degenerateHeaders() {
        assertEquals(List.of(), AuthChallenge.parse(null));
        assertEquals(List.of(), AuthChallenge.parse("  ,, "));
        assertEquals("negotiate", AuthChallenge.parse("Negotiate abc+/==").get(0).scheme());
        assertEquals("unterminated", AuthChallenge.parse("Bearer realm=\"unterminated").get(0).param("realm"));
        assertEquals("first", AuthChallenge.parse("Bearer realm=\"first\",realm=\"second\"").get(0).param("realm"));
    }
}
