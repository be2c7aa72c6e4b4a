package dev.acrbridge.auth.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Proxy sources, their order, Go's NO_PROXY rules, and credentials that never show. */
class ProxySettingsTest {
    private static Optional<ProxyServer> route(Map<String, String> env, String url) {
        return ProxySettings.fromEnvironment(env).proxyFor(URI.create(url));
    }

    @Test
    void httpsUrlsTakeHttpsProxyAndHttpUrlsTakeHttpProxyUpperCaseFirst() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://upper:3128", "https_proxy", "http://lower:3128",
                "http_proxy", "plain.example:8080");
        assertEquals("upper", route(env, "https://login.microsoftonline.com/t/oauth2/v2.0/token").get().host());
        ProxyServer http = route(env, "http://example.org/").get();
        assertEquals("plain.example", http.host());
        assertEquals(8080, http.port(), "a value without a scheme is http://");
        assertEquals(Optional.empty(), route(Map.of("HTTP_PROXY", "http://p:1"), "https://contoso.azurecr.io/v2/"),
                "as in Go and curl, HTTP_PROXY never carries https URLs");
        assertEquals("lower", route(Map.of("HTTPS_PROXY", " ", "https_proxy", "http://lower:3128"),
                "https://a.example/").get().host(), "a blank upper-case value counts as unset");
        assertEquals(80, route(Map.of("HTTPS_PROXY", "http://p"), "https://a.example/").get().port(),
                "default port 80, as Go");
    }

    @Test
    void explicitProxyWinsOverTheEnvironmentForBothSchemes() {
        Map<String, String> env = Map.of(ProxySettings.PROXY, "http://explicit:3128", "HTTPS_PROXY", "http://env:1",
                "NO_PROXY", "skip.example");
        assertEquals("explicit", route(env, "https://contoso.azurecr.io/v2/").get().host());
        assertEquals("explicit", route(env, "http://example.org/").get().host());
        assertEquals(Optional.empty(), route(env, "https://skip.example/"), "NO_PROXY still applies");
        Map<String, String> own = Map.of(ProxySettings.PROXY, "http://explicit:3128", ProxySettings.NO_PROXY,
                "mine.example", "NO_PROXY", "skip.example");
        assertTrue(route(own, "https://skip.example/").isPresent(), ProxySettings.NO_PROXY + " replaces NO_PROXY");
        assertEquals(Optional.empty(), route(own, "https://mine.example/"));
        assertTrue(ProxySettings.fromEnvironment(Map.of()).isDirect());
        assertEquals(Proxy.NO_PROXY, ProxySettings.DIRECT.jdkProxyFor(URI.create("https://a.example/")),
                "never null: the JVM-wide ProxySelector is not consulted");
    }

    @Test
    void noProxyFollowsGosRules() {
        NoProxy list = NoProxy.parse(" Corp.Example , .internal.example,*.wild.example,10.0.0.0/8,192.168.1.7,"
                + "registry.local:5000,[fd00::1]:8443,::2,, bad/99 ");
        assertTrue(list.bypasses("corp.example", 443), "bare domain: the domain itself");
        assertTrue(list.bypasses("a.b.corp.example", 443), "bare domain: subdomains");
        assertFalse(list.bypasses("notcorp.example", 443), "suffix match is per label");
        assertFalse(list.bypasses("internal.example", 443), "leading dot: subdomains only (curl would match)");
        assertTrue(list.bypasses("x.internal.example", 443));
        assertFalse(list.bypasses("wild.example", 443), "*.domain is .domain");
        assertTrue(list.bypasses("a.wild.example", 443));
        assertTrue(list.bypasses("10.200.3.4", 443), "CIDR");
        assertFalse(list.bypasses("11.0.0.1", 443));
        assertTrue(list.bypasses("192.168.1.7", 80));
        assertFalse(list.bypasses("192.168.1.8", 80));
        assertTrue(list.bypasses("registry.local", 5000), "host:port matches that port");
        assertFalse(list.bypasses("registry.local", 443), "and only that port");
        assertTrue(list.bypasses("fd00::1", 8443), "[IPv6]:port");
        assertFalse(list.bypasses("fd00::1", 443));
        assertTrue(list.bypasses("::2", 443), "bare IPv6");
        assertFalse(list.bypasses("10.example", 443), "a name is never resolved to compare with an IP entry");
        assertTrue(NoProxy.parse("*").bypasses("anything.example", 1));
        assertTrue(NoProxy.parse(null).isEmpty());
        assertTrue(NoProxy.parse(" , ").isEmpty());
    }

    @Test
    void loopbackIsAlwaysDirectLikeGoAndJava() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://p:3128", "HTTP_PROXY", "http://p:3128");
        for (String url : new String[] {"https://localhost:8443/", "https://127.0.0.1/", "https://127.9.9.9:5000/v2/",
                "https://[::1]:443/", "http://127.0.0.1:8080/msi/token"}) {
            assertEquals(Optional.empty(), route(env, url), url);
        }
        assertTrue(route(env, "https://localhost.example/").isPresent());
        assertTrue(route(env, "http://169.254.169.254/metadata/identity/oauth2/token").isPresent(),
                "IMDS is kept off the proxy by the managed-identity client itself, not by this rule");
    }

    @Test
    void credentialsAreDecodedAndNeverPrinted() {
        ProxyServer p = ProxyServer.parse("http://ci%40corp:p%3Ass+w0rd%25@proxy.corp:3128/ignored", "HTTPS_PROXY");
        assertEquals("ci@corp", p.username());
        assertEquals("p:ss+w0rd%", p.password().reveal());
        assertEquals("http://proxy.corp:3128", p.toString());
        String settings = ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY",
                "http://ci:topsecret@proxy.corp:3128")).toString();
        assertFalse(settings.contains("topsecret") || settings.contains("ci:"), settings);
        assertTrue(settings.contains("http://proxy.corp:3128") && settings.contains("HTTPS_PROXY"), settings);
        assertNull(ProxyServer.parse("proxy.corp:3128", "x").password());
        assertEquals("", ProxyServer.parse("http://user@proxy.corp:3128", "x").password().reveal());
    }

    @Test
    void badUrlsNameTheSettingWithoutTheirPassword() {
        InvalidConfigurationException socks = assertThrows(InvalidConfigurationException.class,
                () -> ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "socks5://u:hunter2@p:1080")));
        assertEquals("HTTPS_PROXY", socks.field());
        assertTrue(socks.getMessage().contains("only http://"), socks.getMessage());
        assertFalse(socks.getMessage().contains("hunter2"), socks.getMessage());
        InvalidConfigurationException garbage = assertThrows(InvalidConfigurationException.class,
                () -> ProxySettings.fromEnvironment(Map.of(ProxySettings.PROXY, "http://u:hunter2@ bad host")));
        assertEquals(ProxySettings.PROXY, garbage.field());
        assertFalse(garbage.getMessage().contains("hunter2"), garbage.getMessage());
        InvalidConfigurationException encoding = assertThrows(InvalidConfigurationException.class,
                () -> ProxyServer.parse("http://u:hunter2%zz@p:1", "https_proxy"));
        assertFalse(encoding.getMessage().contains("hunter2"), encoding.getMessage());
    }
}
