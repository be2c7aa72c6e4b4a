package dev.acrbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.LoggedRequest;
import dev.acrbridge.testsvc.OciLayout;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.RegistryStack;
import dev.acrbridge.testsvc.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input through the real CLI: registry names, identity fields and secrets. Refused input must fail with an
 * error naming the field and a fix, before any request reaches the local service (its request log stays empty) and
 * without writing client configuration; accepted input must work end to end, including a real push with skopeo.
 */
class HostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A GitHub Actions workflow command: echoed raw from a CR/LF-carrying input, the runner would execute it. */
    private static final String INJECTED = "\n::error::injected-line\r\nX-Injected: yes";

    static LocalAzure svc;
    static RegistryStack stack;
    static String tenant = UUID.randomUUID().toString();
    static String client = UUID.randomUUID().toString();
    static String secret = "hostile-" + UUID.randomUUID();
    static Principal principal;
    @TempDir
    static Path work;
    static final List<String> table = new ArrayList<>();

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
        stack = RegistryStack.start(svc);
        principal = svc.entra().servicePrincipal(tenant, client, secret);
        svc.acr().assign(principal, Role.ACR_PUSH);
    }

    @AfterAll
    static void stop() {
        System.out.println("\nHOSTILE INPUT (what was tried -> what happened)\n" + String.join("\n", table) + "\n");
        if (stack != null) {
            stack.close();
        }
        if (svc != null) {
            svc.close();
        }
    }

    /** A CI job's environment with every location inside {@code home}. */
    static Map<String, String> env(Path home) {
        Map<String, String> env = ClientEnvironment.servicePrincipal(home, svc, stack.registryHost(), tenant, client);
        env.remove("PATH"); // as before: the in-process CLI is given no PATH
        env.put("AZURE_CLIENT_SECRET", secret);
        env.put("ACR_LOGIN_TIMEOUT_SECONDS", "5");
        return env;
    }

    static String port() {
        return stack.registryHost().substring(stack.registryHost().indexOf(':') + 1);
    }

    // ------------------------------------------------------------------------------------------ registry names

    @Test
    void hostileRegistryNamesAreRefusedBeforeAnyRequest() throws Exception {
        String p = port();
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("look-alike suffix", "contoso.azurecr.io.evil.example");
        hostile.put("look-alike suffix + port", "contoso.azurecr.io.evil.example:" + p);
        hostile.put("suffix without dot", "contosoazurecr.io");
        hostile.put("dash look-alike", "evil-azurecr.io:" + p);
        hostile.put("bare suffix", "azurecr.io");
        hostile.put("other cloud's suffix", "contoso.azurecr.cn");
        hostile.put("trailing dot", "contoso.azurecr.io.");
        hostile.put("userinfo", "user@127.0.0.1:" + p);
        hostile.put("userinfo before trusted", "contoso.azurecr.io@127.0.0.1:" + p);
        hostile.put("userinfo in URL", "https://x:y@contoso.azurecr.io");
        hostile.put("percent-encoded dot", "contoso%2eazurecr.io");
        hostile.put("percent-encoded colon", "127.0.0.1%3a" + p);
        hostile.put("IDN (Cyrillic o)", "cont\u043eso.azurecr.io");
        hostile.put("punycode", "xn--contso-3ya.azurecr.io");
        hostile.put("ideographic full stop", "contoso\u3002azurecr.io");
        hostile.put("IPv4 literal, other port", "127.0.0.1:1");
        hostile.put("localhost alias of trusted", "localhost:" + p);
        hostile.put("IPv6 literal", "[::1]:" + p);
        hostile.put("decimal IP", "2130706433:" + p);
        hostile.put("short IP", "127.1:" + p);
        hostile.put("non-443 port on suffix", "contoso.azurecr.io:" + p);
        hostile.put("port 0", "contoso.azurecr.io:0");
        hostile.put("port out of range", "contoso.azurecr.io:99999");
        hostile.put("path", "contoso.azurecr.io/v2/");
        hostile.put("path on trusted", stack.registryHost() + "/evil");
        hostile.put("query", "contoso.azurecr.io?x=1");
        hostile.put("fragment", "contoso.azurecr.io#x");
        hostile.put("backslash", "contoso.azurecr.io\\evil.example");
        hostile.put("plain http", "http://" + stack.registryHost());
        hostile.put("other scheme", "ftp://contoso.azurecr.io");
        hostile.put("very long (300)", "a".repeat(300) + ".azurecr.io");
        hostile.put("label of 64", "a".repeat(64) + ".azurecr.io");
        hostile.put("very long (10k)", "b".repeat(10_000));
        hostile.put("empty", "");
        hostile.put("blank", "   ");
        hostile.put("CR/LF injection", "contoso.azurecr.io" + INJECTED);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> c : hostile.entrySet()) {
            Path home = Files.createDirectories(work.resolve("reg-" + Math.abs(c.getKey().hashCode())));
            svc.clearRequests();
            Cli.Result r = login(home, c.getValue());
            List<LoggedRequest> reached = svc.requestsSettled();
            String problem = refusal(r, "registry", reached, home);
            row("registry", c.getKey(), c.getValue(), r, problem == null ? "refused, 0 requests" : "WRONG: " + problem);
            if (problem != null) {
                failures.add(c.getKey() + ": " + problem);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void acceptedSpellingsOfTheTrustedRegistryLogIn() throws Exception {
        for (String spelling : List.of(stack.registryHost(), "https://" + stack.registryHost(),
                "HTTPS://" + stack.registryHost() + "/", " " + stack.registryHost() + " ")) {
            Path home = Files.createDirectories(work.resolve("ok-" + UUID.randomUUID()));
            Cli.Result r = login(home, spelling);
            row("registry", "trusted host spelled", spelling, r, r.exit() == 0 ? "logged in" : "WRONG");
            assertEquals(0, r.exit(), r.all());
            String written = refreshToken(home.resolve("auth.json"), stack.registryHost());
            assertEquals(principal.objectId(), Jwt.payload(written).path("sub").asText(), "written for this identity");
        }
    }

    // ------------------------------------------------------------------------------------------ identity fields

    @Test
    void hostileIdentityFieldsAreRefusedNamingTheField() throws Exception {
        String p = port();
        record Case(String what, String field, Consumer<Map<String, String>> change) {
        }
        List<Case> cases = List.of(
                new Case("non-GUID tenant", "AZURE_TENANT_ID", e -> e.put("AZURE_TENANT_ID", "not-a-guid!")),
                new Case("shared tenant 'common'", "AZURE_TENANT_ID", e -> e.put("AZURE_TENANT_ID", "common")),
                new Case("path in tenant", "AZURE_TENANT_ID", e -> e.put("AZURE_TENANT_ID", "../../evil")),
                new Case("space inside tenant", "AZURE_TENANT_ID", e -> e.put("AZURE_TENANT_ID", "abc def")),
                new Case("CR/LF in tenant", "AZURE_TENANT_ID", e -> e.put("AZURE_TENANT_ID", tenant + INJECTED)),
                new Case("non-GUID client id", "AZURE_CLIENT_ID", e -> e.put("AZURE_CLIENT_ID", "my-app")),
                new Case("CR/LF in client id", "AZURE_CLIENT_ID", e -> e.put("AZURE_CLIENT_ID", client + INJECTED)),
                new Case("http authority", "AZURE_AUTHORITY_HOST",
                        e -> e.put("AZURE_AUTHORITY_HOST", "http://127.0.0.1:" + p)),
                new Case("userinfo in authority", "AZURE_AUTHORITY_HOST",
                        e -> e.put("AZURE_AUTHORITY_HOST", "https://u:p@" + svc.authorityHost().getAuthority())),
                new Case("CR/LF in authority", "AZURE_AUTHORITY_HOST",
                        e -> e.put("AZURE_AUTHORITY_HOST", svc.authorityHost() + INJECTED)),
                new Case("CR/LF in auth type", "ACR_AUTH_TYPE",
                        e -> e.put("ACR_AUTH_TYPE", "service-principal" + INJECTED)),
                new Case("timeout not a number", "ACR_LOGIN_TIMEOUT_SECONDS",
                        e -> e.put("ACR_LOGIN_TIMEOUT_SECONDS", "30; rm -rf /")));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Path home = Files.createDirectories(work.resolve("id-" + UUID.randomUUID()));
            Map<String, String> env = env(home);
            c.change.accept(env);
            svc.clearRequests();
            Cli.Result r = Cli.inProcess(env, "", "login", stack.registryHost(), "--tool", "docker,podman",
                    "--docker-config", home.resolve("docker").toString(), "--auth-file",
                    home.resolve("auth.json").toString());
            String problem = refusal(r, c.field, svc.requestsSettled(), home);
            row("identity", c.what, env.get(c.field), r, problem == null ? "refused naming " + c.field
                    : "WRONG: " + problem);
            if (problem != null) {
                failures.add(c.what + ": " + problem);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void lineBreaksInTheAllowedHostsListSeparateHostsLikeCommas() throws Exception {
        Path home = Files.createDirectories(work.resolve("allowed-crlf"));
        Map<String, String> env = env(home);
        env.put("ACR_LOGIN_ALLOWED_HOSTS", "evil.example\r\n" + stack.registryHost());
        svc.clearRequests();
        Cli.Result ok = Cli.inProcess(env, "", "login", stack.registryHost(), "--tool", "podman", "--auth-file",
                home.resolve("auth.json").toString());
        Cli.Result other = Cli.inProcess(env, "", "login", "evil.example:" + port(), "--tool", "podman",
                "--auth-file", home.resolve("other.json").toString());
        row("identity", "CR/LF in ACR_LOGIN_ALLOWED_HOSTS", env.get("ACR_LOGIN_ALLOWED_HOSTS"), ok,
                ok.exit() == 0 && other.exit() == 4 ? "a separator (documented): listed host logs in, "
                        + "evil.example:PORT (not listed) refused" : "WRONG");
        assertEquals(0, ok.exit(), ok.all());
        assertEquals(4, other.exit(), "only the exact host[:port] listed is opted in: " + other.all());
    }

    @Test
    void whitespaceAroundIdsIsTrimmedAndTheLoginWorks() throws Exception {
        Path home = Files.createDirectories(work.resolve("trim"));
        Map<String, String> env = env(home);
        env.put("AZURE_TENANT_ID", "  " + tenant + "\t");
        env.put("AZURE_CLIENT_ID", client + "\n");
        Cli.Result r = Cli.inProcess(env, "", "login", stack.registryHost(), "--tool", "podman", "--auth-file",
                home.resolve("auth.json").toString());
        row("identity", "whitespace around tenant and client id", env.get("AZURE_TENANT_ID"), r,
                r.exit() == 0 ? "trimmed, logged in" : "WRONG");
        assertEquals(0, r.exit(), r.all());
        assertEquals(principal.objectId(), Jwt.payload(refreshToken(home.resolve("auth.json"),
                stack.registryHost())).path("sub").asText());
    }

    @Test
    void crLfInTheManagedIdentityHeaderNeverBecomesAHeader() throws Exception {
        String clientId = UUID.randomUUID().toString();
        Principal uami = svc.entra().userAssignedIdentity(clientId, UUID.randomUUID().toString(), null);
        svc.acr().assign(uami, Role.ACR_PUSH);
        Path dir = Files.createDirectories(work.resolve("mi-crlf"));
        ClientConfigs.seed(dir);
        Map<String, String> before = ClientConfigs.snapshot(dir);
        svc.clearRequests();
        Attempt a;
        try (ChildJvm child = new ChildJvm(Map.of("IDENTITY_ENDPOINT", svc.appServiceEndpoint(),
                "IDENTITY_HEADER", svc.appServiceHeader() + "\r\nX-Injected: yes"), dir,
                svc.authorityHost().toString(), stack.registryHost(), svc.caCertificatePem().toString())) {
            a = child.attempt("crlf", clientId, dir, Attempt.Op.LOGIN, Duration.ofSeconds(60));
        }
        List<LoggedRequest> log = svc.requestsSettled();
        boolean injected = log.stream().anyMatch(r -> r.header("X-Injected") != null);
        String what = a.ok() ? "WRONG: logged in" : injected ? "WRONG: header injected"
                : !a.clearError() ? "WRONG: " + a.errorClass() + ": " + a.message()
                : "refused: " + a.errorClass() + ", " + log.size() + " requests, none with the injected header";
        table.add(String.format("%-9s %-40s %-44s %s", "identity", "CR/LF in IDENTITY_HEADER (App Service)",
                "<header>\\r\\nX-Injected: yes", what));
        assertTrue(!a.ok() && !injected && a.clearError(), what + "\n" + a.trace());
        assertEquals(before, ClientConfigs.snapshot(dir), "nothing written");
        assertEquals(0, log.stream().filter(r -> r.endpoint() == Endpoint.ACR_EXCHANGE).count());
    }

    // ------------------------------------------------------------------------------------------ secrets

    /** Secrets full of shell and JSON metacharacters; each must work byte for byte. */
    static final List<String> SPECIAL_SECRETS = List.of(
            "$(touch PWNED)`touch PWNED`;|&&||<>*?~!#'\"",
            "\"},\"auths\":{\"evil.example\":{\"auth\":\"ZXZpbDpldmls\"}},\"x\":{\"y\":\"\\\\u0000\\\"",
            " spaced\tsecret with trailing space ",
            "a+b=c&d%20e%%2F/?#[]@!$'()*,;=",
            "\u00e9\u00e8\u2028\u2029\ud83d\udd11-unicode-\\-backslash");

    @Test
    void servicePrincipalSecretsWithShellAndJsonCharactersLogInAndPush() throws Exception {
        String[] ways = {"stdin", "file", "env"};
        for (int i = 0; i < SPECIAL_SECRETS.size(); i++) {
            String special = SPECIAL_SECRETS.get(i);
            String way = ways[i % ways.length];
            String t = UUID.randomUUID().toString();
            String c = UUID.randomUUID().toString();
            Principal sp = svc.entra().servicePrincipal(t, c, special);
            svc.acr().assign(sp, Role.ACR_PUSH);
            Path home = Files.createDirectories(work.resolve("sp-secret-" + i));
            Map<String, String> env = env(home);
            env.put("AZURE_TENANT_ID", t);
            env.put("AZURE_CLIENT_ID", c);
            env.remove("AZURE_CLIENT_SECRET");
            List<String> args = new ArrayList<>(List.of("login", stack.registryHost(), "--tool", "docker,podman",
                    "--auth-file", home.resolve("auth.json").toString()));
            String stdin = "";
            if (way.equals("stdin")) {
                args.add("--client-secret-stdin");
                stdin = special + "\n";
            } else if (way.equals("file")) {
                Path f = home.resolve("secret.txt");
                Files.writeString(f, special + "\n");
                args.addAll(List.of("--client-secret-file", f.toString()));
            } else {
                env.put("AZURE_CLIENT_SECRET", special);
            }
            Cli.Result r = Cli.jar(env, stdin, args.toArray(String[]::new));
            String outcome = r.exit() != 0 ? "WRONG: exit " + r.exit() : "logged in";
            Path authFile = home.resolve("auth.json");
            if (r.exit() == 0) {
                String rt = refreshToken(authFile, stack.registryHost());
                outcome = !sp.objectId().equals(Jwt.payload(rt).path("sub").asText()) ? "WRONG: token of another"
                        : push(home, authFile, "sp/secret" + i) ? "logged in (" + way + "), skopeo pushed"
                        : "WRONG: push failed";
            }
            boolean leaked = !Leaks.findIn(List.of(special), List.of(r.out(), r.err())).isEmpty();
            boolean shell = Files.exists(home.resolve("PWNED")) || Files.exists(Path.of("PWNED"));
            row("secret", "SP secret via " + way, special, r, leaked ? "WRONG: secret in output"
                    : shell ? "WRONG: shell evaluated it" : outcome);
            assertTrue(outcome.endsWith("pushed") && !leaked && !shell, outcome + "\n" + r.all());
        }
    }

    @Test
    void adminPasswordsWithShellAndJsonCharactersAreWrittenExactlyAndPush() throws Exception {
        for (int i = 0; i < SPECIAL_SECRETS.size(); i++) {
            String special = SPECIAL_SECRETS.get(i);
            if (special.startsWith(" ") || special.contains("\n")) {
                continue; // stdin's first line is the password: covered by the env form below
            }
            svc.acr().adminUser("benchregistry", special);
            Path home = Files.createDirectories(work.resolve("admin-" + i));
            Map<String, String> env = env(home);
            env.remove("AZURE_CLIENT_SECRET");
            Path authFile = home.resolve("auth.json");
            Cli.Result r = Cli.jar(env, special + "\n", "login", stack.registryHost(), "--auth-type", "admin",
                    "--username", "benchregistry", "--password-stdin", "--tool", "podman,docker", "--auth-file",
                    authFile.toString());
            String outcome;
            if (r.exit() != 0) {
                outcome = "WRONG: exit " + r.exit();
            } else {
                JsonNode auth = JSON.readTree(authFile.toFile()).path("auths").path(stack.registryHost());
                String pair = new String(Base64.getDecoder().decode(auth.path("auth").asText()),
                        StandardCharsets.UTF_8);
                outcome = !pair.equals("benchregistry:" + special) ? "WRONG: auth file holds another password"
                        : push(home, authFile, "admin/secret" + i) ? "written exactly, skopeo pushed"
                        : "WRONG: push failed";
            }
            boolean leaked = !Leaks.findIn(List.of(special), List.of(r.out(), r.err())).isEmpty();
            row("secret", "admin password via stdin", special, r, leaked ? "WRONG: secret in output" : outcome);
            assertTrue(outcome.endsWith("pushed") && !leaked, outcome + "\n" + r.all());
        }
        svc.acr().disableAdminUser();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Cli.Result login(Path home, String registry) {
        return Cli.inProcess(env(home), "", "login", registry, "--tool", "docker,podman", "--docker-config",
                home.resolve("docker").toString(), "--auth-file", home.resolve("auth.json").toString());
    }

    /** Why a refusal is not clean, or null when it is. */
    private static String refusal(Cli.Result r, String field, List<LoggedRequest> reached, Path home) {
        if (r.exit() == 0) {
            return "accepted";
        }
        if (r.exit() != 2 && r.exit() != 4) {
            return "exit " + r.exit() + " (not a settings/trust refusal): " + r.err();
        }
        if (!r.err().toLowerCase(Locale.ROOT).contains(field.toLowerCase(Locale.ROOT)) || !r.err().contains("Fix:")) {
            return "the error does not name " + field + " and a fix: " + r.err();
        }
        if (!reached.isEmpty()) {
            return reached.size() + " request(s) reached the service: " + reached.get(0).method() + " "
                    + reached.get(0).path();
        }
        if (r.err().lines().anyMatch(l -> l.startsWith("::") || l.startsWith("X-Injected"))) {
            return "the input's CR/LF reached the output raw (a GitHub workflow command line): " + r.err();
        }
        if (Files.exists(home.resolve("auth.json")) || Files.exists(home.resolve("docker").resolve("config.json"))) {
            return "client configuration was written";
        }
        return null;
    }

    private static void row(String group, String what, String input, Cli.Result r, String outcome) {
        String shown = input == null ? "null" : input.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        shown = shown.length() > 44 ? shown.substring(0, 41) + "..." : shown;
        String flat = outcome.replace("\r", "\\r").replace("\n", "\\n");
        flat = flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
        table.add(String.format("%-9s %-40s %-44s exit %d  %s", group, what, shown, r.exit(), flat));
    }

    private static String refreshToken(Path authFile, String host) throws Exception {
        String auth = JSON.readTree(authFile.toFile()).path("auths").path(host).path("auth").asText();
        String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        assertTrue(pair.startsWith(RegistryCredential.NULL_GUID + ":"), "null-GUID user in " + authFile);
        return pair.substring(RegistryCredential.NULL_GUID.length() + 1);
    }

    /** A real push with skopeo using only the written auth file. */
    private static boolean push(Path home, Path authFile, String repository) throws Exception {
        Path layout = home.resolve("image");
        OciLayout.write(layout, "v1", "hello.txt", (repository + "\n").getBytes(StandardCharsets.UTF_8));
        Map<String, String> env = Map.of("HOME", home.toString(), "XDG_RUNTIME_DIR", home.resolve("run").toString(),
                "REGISTRY_AUTH_FILE", authFile.toString(), "SSL_CERT_FILE", svc.caCertificatePem().toString());
        Cli.Result r = Cli.process(List.of(RegistryStackTools.skopeo(), "--insecure-policy", "--command-timeout", "40s",
                "copy", "--authfile", authFile.toString(), "--dest-cert-dir", stack.certDirectory().toString(),
                "oci:" + layout + ":v1", "docker://" + stack.registryHost() + "/" + repository + ":v1"), env, "", 60);
        if (r.exit() != 0) {
            System.out.println("skopeo failed: " + r.all());
        }
        return r.exit() == 0;
    }
}
