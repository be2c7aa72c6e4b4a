package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code acr-login} as a child process with a controlled environment: exit codes, output, files, cleanup. */
class CliProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final LocalStack stack = new LocalStack();
    @TempDir
    Path home;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Map<String, String> vars(String stdout) {
        Map<String, String> vars = new java.util.LinkedHashMap<>();
        stdout.lines().filter(l -> l.contains("=")).forEach(l -> vars.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1)));
        return vars;
    }

    private static String refreshTokenIn(Path configFile, String host) throws Exception {
        String auth = JSON.readTree(configFile.toFile()).path("auths").path(host).path("auth").asText();
        String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        assertTrue(pair.startsWith(RegistryCredential.NULL_GUID + ":"), "refresh token under the null GUID");
        return pair.substring(pair.indexOf(':') + 1);
    }

    private static void assertNoneOf(String output, List<String> secrets) {
        for (String secret : secrets) {
            String b64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
            assertFalse(output.contains(secret) || output.contains(b64), "a secret leaked into: " + output);
        }
    }

    @Test
    void loginWritesEveryToolOwnerOnlyAndSaysOneSecretFreeLinePerRegistry() throws Exception {
        Run.Result r = Run.acrLogin("login", stack.host(), "--tool", "docker,podman,helm")
                .env(stack.env(home)).go().ok();

        Map<String, String> vars = vars(r.out());
        assertEquals(List.of("DOCKER_CONFIG", "REGISTRY_AUTH_FILE", "HELM_REGISTRY_CONFIG"), List.copyOf(vars.keySet()));
        Path dockerConfig = Path.of(vars.get("DOCKER_CONFIG"), "config.json");
        Path authFile = Path.of(vars.get("REGISTRY_AUTH_FILE"));
        Path helmConfig = Path.of(vars.get("HELM_REGISTRY_CONFIG"));
        assertEquals(home.resolve(".docker/config.json"), dockerConfig, "docker's own config, as docker login");
        assertEquals(home.resolve("run/containers/auth.json"), authFile);
        assertEquals(home.resolve(".config/helm/registry/config.json"), helmConfig);
        for (Path file : List.of(dockerConfig, authFile, helmConfig)) {
            assertEquals("rw-------", mode(file), file.toString());
            assertEquals("rwx------", mode(file.getParent()), file.getParent().toString());
        }

        List<String> summary = r.err().lines().filter(l -> l.startsWith("acr-login:")).toList();
        assertEquals(1, summary.size(), r.err());
        assertTrue(summary.get(0).startsWith("acr-login: " + stack.host() + ": logged in for docker, podman, helm as "
                + "service principal (secret); token expires "), summary.get(0));
        assertTrue(summary.get(0).endsWith("(in 2h 59m)") || summary.get(0).endsWith("(in 3h 0m)"), summary.get(0));
        String token = refreshTokenIn(dockerConfig, stack.host());
        assertEquals(token, refreshTokenIn(authFile, stack.host()));
        assertNoneOf(r.all(), List.of(token, stack.clientSecret()));
    }

    @Test
    void theClientSecretComesFromStdinOrAFileNeverFromArgv() throws Exception {
        Map<String, String> env = stack.settingsWithoutSecret(home);
        Run.acrLogin("login", stack.host(), "--tool", "podman", "--client-secret-stdin").env(env)
                .stdin(stack.clientSecret() + "\n").go().ok();
        Path secretFile = Files.writeString(home.resolve("secret"), stack.clientSecret());
        Run.acrLogin("login", stack.host(), "--tool", "podman", "--client-secret-file", secretFile.toString())
                .env(env).go().ok();

        Run.Result none = Run.acrLogin("login", stack.host(), "--tool", "podman").env(env).go();
        assertEquals(ExitCodes.USAGE, none.exit(), none.all());
        assertTrue(none.err().contains("ACR_LOGIN_AUTH_TYPE") && none.err().contains("AZURE_CLIENT_SECRET"), none.err());
        Run.Result argv = Run.acrLogin("login", stack.host(), "--client-secret", stack.clientSecret()).env(env).go();
        assertEquals(ExitCodes.USAGE, argv.exit(), "there is no option taking a secret value");
    }

    @Test
    void theAdminUserPasswordComesFromStdinAndIsCheckedBeforeAnythingIsWritten() throws Exception {
        String password = "admin-" + UUID.randomUUID();
        stack.svc().acr().adminUser("localregistry", password);
        Map<String, String> env = new java.util.LinkedHashMap<>(stack.settingsWithoutSecret(home));
        Path authFile = home.resolve("admin/auth.json");

        Run.Result wrong = Run.acrLogin("login", stack.host(), "--tool", "podman", "--auth-file", authFile.toString(),
                "--auth-type", "admin", "--username", "localregistry", "--password-stdin").env(env)
                .stdin("not-" + password + "\n").go();
        assertEquals(ExitCodes.AUTH_FAILED, wrong.exit(), wrong.all());
        assertFalse(Files.exists(authFile), "a refused password is not written");

        Run.Result r = Run.acrLogin("login", stack.host(), "--tool", "podman", "--auth-file", authFile.toString(),
                "--auth-type", "admin", "--username", "localregistry", "--password-stdin").env(env)
                .stdin(password + "\n").go().ok();
        assertTrue(r.err().contains("as registry admin user; token expiry unknown"), r.err());
        String auth = JSON.readTree(authFile.toFile()).path("auths").path(stack.host()).path("auth").asText();
        assertEquals("localregistry:" + password,
                new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8));
        assertNoneOf(r.all() + wrong.all(), List.of(password));
    }

    @Test
    void workloadIdentityFromATokenFileLogsIn() throws Exception {
        String clientId = UUID.randomUUID().toString();
        String issuer = stack.svc().entra().kubernetesIssuer();
        String subject = "system:serviceaccount:ci:builder";
        Principal app = stack.svc().entra().federatedPrincipal(stack.tenant(), clientId, issuer, subject,
                "api://AzureADTokenExchange");
        stack.svc().acr().assign(app, Role.ACR_PUSH);
        Path tokenFile = Files.writeString(home.resolve("sa-token"), stack.svc().entra().mintFederatedToken(issuer,
                subject, "api://AzureADTokenExchange", java.time.Duration.ofMinutes(10)));
        Map<String, String> env = new java.util.LinkedHashMap<>(stack.settingsWithoutSecret(home));
        env.put("AZURE_CLIENT_ID", clientId);

        Run.Result r = Run.acrLogin("login", stack.host(), "--tool", "podman", "--federated-token-file",
                tokenFile.toString()).env(env).go().ok();
        assertTrue(r.err().contains("as workload identity (federated token file)"), r.err());
        assertNoneOf(r.all(), List.of(Files.readString(tokenFile)));
    }

    @Test
    void tokenPrintsTheRefreshTokenLikeAzAcrLoginExposeToken() throws Exception {
        Run.Result r = Run.acrLogin("token", stack.host()).env(stack.env(home)).go().ok();
        JsonNode json = JSON.readTree(r.out());
        assertEquals(stack.host(), json.get("loginServer").asText());
        assertEquals(RegistryCredential.NULL_GUID, json.get("username").asText());
        assertTrue(Instant.parse(json.get("expiresOn").asText()).isAfter(Instant.now().plusSeconds(3000)));
        String token = json.get("accessToken").asText();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertEquals(stack.host(), claims.get("aud").asText(), "an ACR refresh token for this registry");
        assertEquals("refresh_token", claims.get("grant_type").asText());
        assertNoneOf(r.err(), List.of(token, stack.clientSecret()));
        assertTrue(r.err().contains("token issued as service principal (secret)"), r.err());
    }

    @Test
    void checkNamesTheMissingRoleAndExitsThree() throws Exception {
        String pullerId = UUID.randomUUID().toString();
        String pullerSecret = "puller-" + UUID.randomUUID();
        Principal puller = stack.svc().entra().servicePrincipal(stack.tenant(), pullerId, pullerSecret);
        stack.svc().acr().assign(puller, Role.ACR_PULL);
        Map<String, String> env = new java.util.LinkedHashMap<>(stack.env(home));
        env.put("AZURE_CLIENT_ID", pullerId);
        env.put("AZURE_CLIENT_SECRET", pullerSecret);

        Run.Result shortOfPush = Run.acrLogin("check", stack.host(), "--need", "app:pull,push", "--registry-mode",
                "rbac").env(env).go();
        assertEquals(ExitCodes.PERMISSION_SHORT, shortOfPush.exit(), shortOfPush.all());
        assertTrue(shortOfPush.out().contains("MISSING") && shortOfPush.out().contains("AcrPush"), shortOfPush.out());

        Run.Result enough = Run.acrLogin("check", stack.host(), "--need", "app:pull,push").env(stack.env(home)).go();
        assertEquals(ExitCodes.OK, enough.exit(), enough.all());
        assertFalse(enough.out().contains("MISSING"), enough.out());
        assertNoneOf(shortOfPush.all() + enough.all(), List.of(pullerSecret, stack.clientSecret()));
    }

    @Test
    void logoutRemovesOnlyWhatLoginAddedAndTheCachedTokens() throws Exception {
        Path authFile = home.resolve("auth.json");
        Files.writeString(authFile, "{\"auths\":{\"other.example\":{\"auth\":\"b3RoZXI6cHc=\"}}}");
        Map<String, String> env = stack.env(home);
        Run.Result login = Run.acrLogin("login", stack.host(), "--tool", "podman", "--auth-file", authFile.toString(),
                "--use-credential-helper").env(env).go().ok();
        Path cache = home.resolve(".cache/acr-login");
        assertTrue(Files.list(cache).anyMatch(p -> p.toString().endsWith(".credential")), "helper cache warmed");

        // docker runs the helper with its own environment: the settings file alone tells it who to be
        Path helperSettings = new dev.acrbridge.credhelper.HelperSettings(
                Path.of(vars(login.out()).get("ACR_LOGIN_HELPER_DIR"))).fileOf(stack.host());
        assertEquals("rw-------", mode(helperSettings));
        String settingsText = Files.readString(helperSettings);
        assertTrue(settingsText.contains("AZURE_CLIENT_ID=" + stack.clientId()), "identity kept");
        assertFalse(settingsText.contains("PATH=") || settingsText.contains("HOME="), "no unrelated variables");
        Path launcher = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
                .resolve("bin/docker-credential-acr-login");
        Run.Result get = Run.of(launcher.toString(), "get").env("HOME", home.toString())
                .env("XDG_CONFIG_HOME", home.resolve(".config").toString())
                .env("XDG_CACHE_HOME", home.resolve(".cache").toString())
                .env("ACR_LOGIN_CLASSPATH", Run.classPath()).stdin(stack.host()).go().ok();
        assertEquals(RegistryCredential.NULL_GUID, JSON.readTree(get.out()).get("Username").asText());

        Run.Result r = Run.acrLogin("logout", stack.host(), "--tool", "podman", "--auth-file", authFile.toString())
                .env(env).go().ok();
        assertTrue(r.err().contains("acr-login: " + stack.host() + ": logged out of podman"), r.err());
        JsonNode after = JSON.readTree(authFile.toFile());
        assertFalse(after.path("credHelpers").has(stack.host()));
        assertEquals("b3RoZXI6cHc=", after.path("auths").path("other.example").path("auth").asText());
        assertFalse(Files.list(cache).anyMatch(p -> p.toString().endsWith(".credential")), "cached tokens dropped");
        assertFalse(Files.exists(helperSettings), "the helper's settings (a secret) are gone");
        assertFalse(Files.list(cache).anyMatch(p -> p.toString().endsWith(".reply")), "the launcher's reply too");
    }

    @Test
    void exitCodesTellWhatWentWrong() throws Exception {
        Map<String, String> env = stack.env(home);
        Path authFile = home.resolve("partial/auth.json");
        Run.Result untrusted = Run.acrLogin("login", stack.host(), "contoso.azurecr.io.evil.example", "--tool",
                "podman", "--auth-file", authFile.toString()).env(env).go();
        assertEquals(ExitCodes.UNTRUSTED_REGISTRY, untrusted.exit(), untrusted.all());
        assertTrue(untrusted.err().contains("contoso.azurecr.io.evil.example"), untrusted.err());
        assertFalse(Files.exists(authFile), "the trusted registry was not logged in alone either");

        Map<String, String> badTenant = new java.util.LinkedHashMap<>(env);
        badTenant.put("AZURE_TENANT_ID", "not a tenant");
        Run.Result usage = Run.acrLogin("login", stack.host()).env(badTenant).go();
        assertEquals(ExitCodes.USAGE, usage.exit(), usage.all());
        assertTrue(usage.err().contains("AZURE_TENANT_ID"), usage.err());

        Map<String, String> wrongSecret = new java.util.LinkedHashMap<>(env);
        wrongSecret.put("AZURE_CLIENT_SECRET", "wrong-" + stack.clientSecret());
        Run.Result refused = Run.acrLogin("login", stack.host(), "--tool", "podman").env(wrongSecret).go();
        assertEquals(ExitCodes.AUTH_FAILED, refused.exit(), refused.all());
        assertNoneOf(refused.all(), List.of(stack.clientSecret()));

        Run.Result tool = Run.acrLogin("login", stack.host(), "--tool", "kaniko").env(env).go();
        assertEquals(ExitCodes.USAGE, tool.exit(), tool.all());
        assertTrue(tool.err().contains("--tool"), tool.err());
        assertFalse(Files.exists(home.resolve(".docker/config.json")), "nothing written on failure");
    }

    @Test
    void helpEverywhere() {
        // in-process: help needs no environment and a JVM per subcommand would only cost time
        for (String sub : List.of("", "login", "token", "check", "logout", "credential-helper")) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            String[] args = sub.isEmpty() ? new String[] {"--help"} : new String[] {sub, "--help"};
            int exit = AcrLogin.execute(args, Map.of(), java.io.InputStream.nullInputStream(),
                    new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, exit, text);
            assertTrue(text.startsWith("Usage: acr-login" + (sub.isEmpty() ? "" : " " + sub)), text);
            assertTrue(sub.isEmpty() ? text.contains("Exit codes:") : text.contains("--help"), text);
            if (sub.isEmpty()) { // a run registers only the subcommand it names; top-level help lists them all
                for (String listed : List.of("login", "token", "check", "logout", "credential-helper")) {
                    assertTrue(text.contains("\n  " + listed + " "), listed + " missing from:\n" + text);
                }
            }
        }
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = AcrLogin.execute(new String[] {"logn"}, Map.of(), java.io.InputStream.nullInputStream(),
                System.out, new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("login"), "a typo is shown the real commands");
    }
}
