package dev.acrbridge.auth.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AzureCloudTest {
    @Test
    void wellKnownCloudsByTheNamesUsersType() {
        assertSame(AzureCloud.PUBLIC, AzureCloud.named("AzureCloud"));
        assertSame(AzureCloud.CHINA, AzureCloud.named(" china "));
        assertSame(AzureCloud.US_GOVERNMENT, AzureCloud.named("AzureUSGovernment"));
        assertEquals(".azurecr.cn", AzureCloud.CHINA.registrySuffix());
        assertEquals(URI.create("https://login.microsoftonline.us"), AzureCloud.US_GOVERNMENT.authorityHost());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AzureCloud.named("germany"));
        assertTrue(e.getMessage().contains("allowed: public"), e.getMessage());
    }

    @Test
    void customCloudsNeedHttpsAndADottedSuffix() {
        AzureCloud stack = AzureCloud.custom(URI.create("https://login.stack.example/"), ".CR.Stack.Example",
                "https://management.stack.example");
        assertEquals(URI.create("https://login.stack.example"), stack.authorityHost());
        assertEquals(".cr.stack.example", stack.registrySuffix());
        assertThrows(IllegalArgumentException.class, () -> AzureCloud.custom(URI.create("http://login.example"),
                ".cr.example", "https://m.example"));
        assertThrows(IllegalArgumentException.class, () -> AzureCloud.custom(URI.create("https://login.example"),
                "cr.example", "https://m.example"));
    }
}
