package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.registry.RegistryClient;
import dev.acrbridge.testsvc.Certificates;
import dev.acrbridge.testsvc.KeyAndCertificate;
import dev.acrbridge.testsvc.OciLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user meets when something is off: each message names the option they typed (or the one that fixes the
 * failure) and the exit code is the documented one; nothing is written, and no secret is echoed.
 */
class CliMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final LocalStack stack = new LocalStack();
    @TempDir
    Path home;

    private Run.Result login(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "login";
        System.arraycopy(args, 0, all, 1, args.length);
        return Run.acrLogin(all).env(stack.env(home)).go();
    }

    private static void assertNoLibraryInternals(Run.Result r) {
        for (String internal : new String[] {"com.microsoft", "com.fasterxml", "Exception:", "\tat "}) {
            assertFalse(r.all().contains(internal), "raw library text: " + r.all());
        }
    }

    @Test
    void anAuthorityHostThatIsNotEntraIsNamedAsTheOptionTypedWithExit2() throws Exception {
        // the registry's nginx answers the token path with a 404 HTML page, as a typo'd or portal URL does
        Run.Result r = login(stack.host(), "--authority-host", "https://" + stack.host());
        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertTrue(r.err().contains("--authority-host: https://" + stack.host() + " is not a Microsoft Entra authority"),
                r.err());
        assertTrue(r.err().contains("HTTP 404"), r.err());
        assertFalse(r.err().contains("check the tenant, client id and credential"), r.err());
        assertNoLibraryInternals(r);
        assertFalse(Files.exists(home.resolve(".config/acr-login/docker")), "nothing written");
    }

    @Test
    void anUntrustedHostNamesAllowRegistryHostWithExit4() throws Exception {
        Run.Result r = login("registry.example.com");
        assertEquals(ExitCodes.UNTRUSTED_REGISTRY, r.exit(), r.all());
        assertTrue(r.err().contains("acr-login --allow-registry-host HOST[:PORT]"), r.err());
    }

    @Test
    void aTlsFailureNamesCaFileWithExit6() throws Exception {
        Map<String, String> env = stack.env(home);
        env.remove("ACR_LOGIN_CA_FILE");
        Run.Result r = Run.acrLogin("login", stack.host()).env(env).go();
        assertEquals(ExitCodes.TRANSIENT, r.exit(), r.all());
        assertTrue(r.err().contains("TLS certificate not trusted"), r.err());
        assertTrue(r.err().contains("acr-login --ca-file"), r.err());
    }

    @Test
    void aTrailingSlashOnTheRegistryIsTheSameRegistry() throws Exception {
        Run.Result r = login(stack.host() + "/", "--tool", "podman").ok();
        JsonNode auths = JSON.readTree(home.resolve("run/containers/auth.json").toFile()).path("auths");
        assertTrue(auths.has(stack.host()), auths.toString());
        assertTrue(r.err().contains(stack.host() + ": logged in for podman"), r.err());
    }

    @Test
    void aNameThatDoesNotResolveExits6AsDocumented() throws Exception {
        Run.Result r = login("no-such-registry.invalid", "--allow-registry-host", "no-such-registry.invalid");
        assertEquals(ExitCodes.TRANSIENT, r.exit(), r.all());
        assertTrue(r.err().contains("does not resolve (DNS)"), r.err());
    }

    @Test
    void bareAcrLoginListsTheCommandsAndIsAUsageError() {
        Run.Result r = Run.acrLogin().go();
        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertTrue(r.err().contains("a command is required"), r.err());
        for (String command : new String[] {"login", "token", "check", "logout", "credential-helper"}) {
            assertTrue(r.err().contains("\n  " + command + " "), command + " listed: " + r.err());
        }
    }

    @Test
    void aSecretTypedAsAnArgumentIsNeverEchoedAndTheFixIsNamed() {
        String secret = "Sup3r-s3cret-" + System.nanoTime();
        for (String[] args : new String[][] {
            {"login", "contoso.azurecr.io", "--client-secret", secret},
            {"token", "contoso.azurecr.io", "--client-secret", secret},
            {"login", "contoso.azurecr.io", "--client-secret=" + secret},
            {"login", "contoso.azurecr.io", "--password", secret}}) {
            Run.Result r = Run.acrLogin(args).go();
            assertEquals(ExitCodes.USAGE, r.exit(), r.all());
            assertFalse(r.all().contains(secret), "secret echoed: " + r.all());
            assertTrue(r.err().contains("unknown option " + args[2].split("=")[0]), r.err());
            assertTrue(r.err().contains(args[2].startsWith("--password") ? "--password-stdin" : "--client-secret-stdin"),
                    r.err());
            assertTrue(r.err().lines().count() <= 4, "a short message, not a usage dump: " + r.err());
        }
    }

    @Test
    void checkHelpShowsNoInternalRegex() {
        Run.Result r = Run.acrLogin("check", "--help").go();
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("--need=NEED[,NEED...]"), r.out());
        assertFalse(r.out().contains("(?="), r.out());
    }

    @Test
    void settingsTypedAsOptionsAreNamedByTheOption() throws Exception {
        Run.Result timeout = login(stack.host(), "--timeout", "soon");
        assertEquals(ExitCodes.USAGE, timeout.exit(), timeout.all());
        assertTrue(timeout.err().contains("--timeout: 'soon'"), timeout.err());
        assertFalse(timeout.err().contains("ACR_LOGIN_TIMEOUT_SECONDS:"), timeout.err());

        Run.Result ca = login(stack.host(), "--ca-file", home.resolve("missing.pem").toString());
        assertEquals(ExitCodes.USAGE, ca.exit(), ca.all());
        assertTrue(ca.err().contains("--ca-file: "), ca.err());
        assertFalse(ca.err().contains("ACR_LOGIN_CA_FILE:"), ca.err());
    }

    @Test
    void aWrongPkcs12PasswordSaysPassword() throws Exception {
        KeyAndCertificate cert = Certificates.selfSigned("CN=first-contact");
        Path p12 = cert.writePkcs12(home.resolve("app.p12"), "the-right-one".toCharArray());
        Map<String, String> env = stack.env(home);
        env.remove("AZURE_CLIENT_SECRET");
        env.put("AZURE_CLIENT_CERTIFICATE_PATH", p12.toString());
        env.put("AZURE_CLIENT_CERTIFICATE_PASSWORD", "a-wrong-one");
        Run.Result r = Run.acrLogin("login", stack.host()).env(env).go();
        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertTrue(r.err().contains("AZURE_CLIENT_CERTIFICATE_PASSWORD: is wrong"), r.err());
        assertFalse(r.all().contains("a-wrong-one"), r.all());
    }

    @Test
    void aClientSecretVariableWithATrailingNewlineIsTrimmedLikeStdin() throws Exception {
        Map<String, String> env = stack.env(home);
        env.put("AZURE_CLIENT_SECRET", stack.clientSecret() + "\n");
        Run.Result r = Run.acrLogin("login", stack.host()).env(env).go();
        assertEquals(0, r.exit(), r.all());
        assertFalse(r.err().contains("secret ID"), r.err());
    }

    @Test
    void aSecretFileThatIsADirectoryIsAUsageErrorNamingTheOption() throws Exception {
        Map<String, String> env = stack.settingsWithoutSecret(home);
        Run.Result r = Run.acrLogin("login", stack.host(), "--client-secret-file", home.toString()).env(env).go();
        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertTrue(r.err().contains("--client-secret-file: " + home + " is not a regular file (a directory)"),
                r.err());
    }

    @Test
    void anAuthFileWhoseAuthsIsNotAnObjectIsRefusedAndLeftAlone() throws Exception {
        Path authFile = home.resolve("auth.json");
        byte[] content = "{\"auths\":[]}".getBytes(StandardCharsets.UTF_8);
        Files.write(authFile, content);
        Run.Result r = login(stack.host(), "--tool", "podman", "--auth-file", authFile.toString());
        assertEquals(ExitCodes.CLIENT_CONFIG, r.exit(), r.all());
        assertTrue(r.err().contains(authFile + ": \"auths\" is not a JSON object"), r.err());
        assertNoLibraryInternals(r);
        assertArrayEquals(content, Files.readAllBytes(authFile));
    }

    @Test
    void anAuthFileWithContentAfterItsObjectIsRefusedAndLeftByteIdentical() throws Exception {
        Path authFile = home.resolve("auth.json");
        byte[] content = ("{\"auths\":{\"other.example\":{\"auth\":\"dXNlcjpwYXNz\"}}}\n"
                + "{\"auths\":{\"kept.example\":{\"auth\":\"a2VwdDprZXB0\"}}}\n").getBytes(StandardCharsets.UTF_8);
        Files.write(authFile, content);
        Run.Result r = login(stack.host(), "--tool", "podman", "--auth-file", authFile.toString());
        assertEquals(ExitCodes.CLIENT_CONFIG, r.exit(), r.all());
        assertTrue(r.err().contains("is not a JSON object (or has more text after it)"), r.err());
        assertTrue(r.err().contains("left unchanged"), r.err());
        assertArrayEquals(content, Files.readAllBytes(authFile));
    }

    @Test
    void aLineBreakInAPathNeverBecomesAnotherExportedVariable() throws Exception {
        Path evil = home.resolve("cfg\nLD_PRELOAD=" + home.resolve("evil.so"));
        Run.Result r = login(stack.host(), "--tool", "docker", "--docker-config", evil.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertEquals("", r.out(), "nothing for $GITHUB_ENV");
        assertTrue(r.err().contains("--docker-config: the path for DOCKER_CONFIG contains a line break"), r.err());
        try (var files = Files.list(home)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("cfg")), "nothing written");
        }
    }

    @Test
    void anOpaqueRefreshTokenIsAcceptedWithTheStatedAssumedLifetimeAndPushes() throws Exception {
        stack.svc().acr().opaqueRefreshTokens(true);
        try {
            Instant before = Instant.now();
            Run.Result token = Run.acrLogin("token", stack.host()).env(stack.env(home)).go().ok();
            JsonNode json = JSON.readTree(token.out());
            assertTrue(json.path("accessToken").asText().startsWith("opaque-"), "the server's opaque token");
            Instant expires = Instant.parse(json.path("expiresOn").asText());
            Duration assumed = RegistryClient.OPAQUE_REFRESH_TOKEN_LIFETIME;
            assertEquals(Duration.ofMinutes(15), assumed);
            assertTrue(!expires.isBefore(before.plus(assumed).minusSeconds(1))
                    && !expires.isAfter(Instant.now().plus(assumed)), expires.toString());

            login(stack.host(), "--tool", "podman").ok();
            Path authFile = home.resolve("run/containers/auth.json");
            String auth = JSON.readTree(authFile.toFile()).path("auths").path(stack.host()).path("auth").asText();
            assertTrue(new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8).contains(":opaque-"));
            // a real client trades the opaque token for an access token at /oauth2/token and pushes
            Path layout = home.resolve("layout");
            OciLayout.write(layout, "1", "hello.txt", "opaque".getBytes(StandardCharsets.UTF_8));
            Run.of("skopeo", "copy", "--authfile", authFile.toString(), "--dest-cert-dir", stack.certDir().toString(),
                    "oci:" + layout + ":1", "docker://" + stack.ref("opaque/app")).timeout(Duration.ofSeconds(120))
                    .env("HOME", home.toString()).go().ok();
        } finally {
            stack.svc().acr().opaqueRefreshTokens(false);
        }
    }

    @Test
    void aFederatedTokenVariableThatIsNotSetIsNamedWithTheFix() throws Exception {
        Map<String, String> env = stack.settingsWithoutSecret(home);
        Run.Result r = Run.acrLogin("login", stack.host(), "--federated-token-variable", "AZURE_ID_TOKEN").env(env).go();
        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertTrue(r.err().contains("--federated-token-variable: names AZURE_ID_TOKEN, which is not set"), r.err());
        assertTrue(r.err().contains("id_tokens"), r.err());
    }
}
