package dev.acrbridge.auth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.diagnostics.UntrustedRegistryException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryHostTrustTest {
    private final RegistryHostTrust publicCloud = new RegistryHostTrust(AzureCloud.PUBLIC, Set.of("127.0.0.1:8443",
            "registry.internal.example", "[::1]:9443"));

    @ParameterizedTest
    @CsvSource({
            "contoso.azurecr.io, contoso.azurecr.io",
            "CONTOSO.AzureCR.IO, contoso.azurecr.io",
            "contoso, contoso.azurecr.io",
            "https://contoso.azurecr.io/, contoso.azurecr.io",
            "contoso.azurecr.io:443, contoso.azurecr.io",
            "contoso-abc123.eastus.data.azurecr.io, contoso-abc123.eastus.data.azurecr.io",
            "127.0.0.1:8443, 127.0.0.1:8443",
            "registry.internal.example, registry.internal.example",
            "Registry.Internal.Example:443, registry.internal.example",
            "[::1]:9443, [::1]:9443"})
    void trusted(String input, String loginServer) {
        assertEquals(loginServer, publicCloud.resolve(input).authority());
    }

    @ParameterizedTest
    @ValueSource(strings = {"contoso.azurecr.cn", "contoso.azurecr.us", "contoso.azurecr.io.evil.example",
            "azurecr.io", "evilazurecr.io", "127.0.0.1:8444", "127.0.0.1", "registry.internal.example:8443",
            "http://contoso.azurecr.io", "contoso.azurecr.io:444", "xn--e1afmkfd.azurecr.io", "contoso.azurecr.io.",
            "a@contoso.azurecr.io", "contoso.azurecr.io/x", "[::1]", "contoso_1.azurecr.io"})
    void untrusted(String input) {
        assertThrows(UntrustedRegistryException.class, () -> publicCloud.resolve(input));
    }

    @Test
    void otherCloudsTrustTheirOwnSuffix() {
        assertEquals("contoso.azurecr.cn", new RegistryHostTrust(AzureCloud.CHINA, Set.of()).resolve("contoso").authority());
        assertEquals("x.azurecr.us", new RegistryHostTrust(AzureCloud.US_GOVERNMENT, Set.of()).resolve("x.azurecr.us")
                .authority());
        assertThrows(UntrustedRegistryException.class,
                () -> new RegistryHostTrust(AzureCloud.CHINA, Set.of()).resolve("contoso.azurecr.io"));
    }

    @Test
    void emptyRegistryAndBadOptInsAreConfigurationErrors() {
        assertEquals("registry", assertThrows(InvalidConfigurationException.class, () -> publicCloud.resolve(" "))
                .field());
        assertThrows(InvalidConfigurationException.class,
                () -> new RegistryHostTrust(AzureCloud.PUBLIC, Set.of("https://x.example/path")));
    }

    @Test
    void realmMustStayOnTheRegistryOverHttps() {
        RegistryHost host = publicCloud.resolve("contoso.azurecr.io");
        assertEquals("/oauth2/token", publicCloud.checkRealm(host, "https://contoso.azurecr.io/oauth2/token").getPath());
        publicCloud.checkRealm(host, "https://CONTOSO.azurecr.io:443/oauth2/token");
        for (String bad : new String[] {"http://contoso.azurecr.io/oauth2/token", "https://evil.example/oauth2/token",
                "https://contoso.azurecr.io.evil.example/oauth2/token", "https://contoso.azurecr.io:8443/oauth2/token",
                "https://user@contoso.azurecr.io/oauth2/token", "not a url", "/oauth2/token"}) {
            assertThrows(UntrustedRegistryException.class, () -> publicCloud.checkRealm(host, bad), bad);
        }
    }
}
