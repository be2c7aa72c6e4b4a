package dev.acrbridge.testsvc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real push and pull with skopeo through nginx + docker-registry 2.8, authorised by the fake's tokens. */
class RegistryStackTest {
    static LocalAzure svc;
    static RegistryStack stack;
    static TestHttp http;
    static final String TENANT = UUID.randomUUID().toString();
    static final String NULL_USER = Base64.getEncoder().encodeToString(
            "00000000-0000-0000-0000-000000000000:".getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
        stack = RegistryStack.start(svc);
        http = new TestHttp(svc);
    }

    @AfterAll
    static void stop() {
        Path dir = stack.directory();
        stack.close();
        svc.close();
        assertFalse(Files.exists(dir), "stack temp dir removed");
    }

    /** Entra token for a new SP with {@code role}, exchanged at the stack's own host (nginx -> /oauth2/). */
    static String refreshToken(Role role) throws Exception {
        String app = UUID.randomUUID().toString();
        svc.acr().assign(svc.entra().servicePrincipal(TENANT, app, "pw"), role);
        HttpResponse<String> t = http.postForm(svc.authorityHost() + "/" + TENANT + "/oauth2/v2.0/token",
                TestHttp.form("grant_type", "client_credentials", "client_id", app, "client_secret", "pw",
                        "scope", "https://containerregistry.azure.net/.default"));
        String entra = (String) TestHttp.json(t).get("access_token");
        HttpResponse<String> x = http.postForm("https://" + stack.registryHost() + "/oauth2/exchange",
                TestHttp.form("grant_type", "access_token", "service", stack.registryHost(), "access_token", entra));
        assertEquals(200, x.statusCode(), x.body());
        return (String) TestHttp.json(x).get("refresh_token");
    }

    @Test
    void challengeThroughNginxNamesTheStackHost() throws Exception {
        HttpResponse<String> r = http.get("https://" + stack.registryHost() + "/v2/");
        assertEquals(401, r.statusCode());
        assertEquals("Bearer realm=\"https://" + stack.registryHost() + "/oauth2/token\",service=\""
                + stack.registryHost() + "\"", r.headers().firstValue("www-authenticate").orElseThrow());
        // a repository path is answered by the registry itself, with the same realm and service
        HttpResponse<String> repo = http.get("https://" + stack.registryHost() + "/v2/ci/demo/tags/list");
        assertEquals(401, repo.statusCode());
        String challenge = repo.headers().firstValue("www-authenticate").orElseThrow();
        assertTrue(challenge.startsWith("Bearer realm=\"https://" + stack.registryHost() + "/oauth2/token\",service=\""
                + stack.registryHost() + "\""), challenge);
    }

    @Test
    void skopeoPushesAndPullsBackTheSameDigest(@TempDir Path tmp) throws Exception {
        String manifestDigest = OciLayout.write(Files.createDirectories(tmp.resolve("src")), "v1", "hello.txt",
                "hello from the registry stack\n".getBytes(StandardCharsets.UTF_8));
        String rt = refreshToken(Role.ACR_PUSH);
        String image = "docker://" + stack.registryHost() + "/ci/demo:v1";

        // identitytoken: containers/image POSTs grant_type=refresh_token (chunked) to the realm; it ignores an
        // entry whose "auth" does not decode to "user:..." so the username goes there with an empty password
        Path auth = authFile(tmp, Map.of("auth", NULL_USER, "identitytoken", rt));
        svc.clearRequests();
        run(tmp, auth, "copy", "--dest-cert-dir", stack.certDirectory().toString(), "oci:" + tmp.resolve("src") + ":v1",
                image);
        LoggedRequest post = svc.requests().stream().filter(r -> r.endpoint() == Endpoint.ACR_TOKEN).findFirst()
                .orElseThrow();
        assertEquals("POST", post.method());
        assertEquals("refresh_token", post.formValue("grant_type"));
        assertEquals(stack.registryHost(), post.host());

        // null GUID + refresh token as Basic: GET on the realm
        Path basic = authFile(tmp, Map.of("auth", Base64.getEncoder().encodeToString(
                ("00000000-0000-0000-0000-000000000000:" + rt).getBytes(StandardCharsets.UTF_8))));
        run(tmp, basic, "copy", "--src-cert-dir", stack.certDirectory().toString(), image,
                "oci:" + tmp.resolve("dst") + ":v1");
        String pulled = (String) ((List<Map<String, Object>>) TestHttp.JSON.readValue(
                tmp.resolve("dst/index.json").toFile(), Map.class).get("manifests")).get(0).get("digest");
        assertEquals(manifestDigest, pulled);
    }

    @Test
    void pullOnlyIdentityCannotPush(@TempDir Path tmp) throws Exception {
        OciLayout.write(Files.createDirectories(tmp.resolve("src")), "v1", "a.txt", "a".getBytes());
        Path auth = authFile(tmp, Map.of("auth", NULL_USER, "identitytoken", refreshToken(Role.ACR_PULL)));
        Result r = exec(tmp, auth, "copy", "--dest-cert-dir", stack.certDirectory().toString(),
                "oci:" + tmp.resolve("src") + ":v1", "docker://" + stack.registryHost() + "/ci/denied:v1");
        assertNotEquals(0, r.exit, r.output);
        assertTrue(r.output.toLowerCase().contains("unauthorized") || r.output.toLowerCase().contains("denied"),
                r.output);
    }

    static Path authFile(Path tmp, Map<String, String> entry) throws IOException {
        Path f = tmp.resolve("auth-" + UUID.randomUUID() + ".json");
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(f, Jwts.json(Map.of("auths", Map.of(stack.registryHost(), entry))));
        return f;
    }

    record Result(int exit, String output) {
    }

    static void run(Path tmp, Path authFile, String... args) throws Exception {
        Result r = exec(tmp, authFile, args);
        assertEquals(0, r.exit, "skopeo " + String.join(" ", args) + "\n" + r.output + "\nrequests: " + svc.requests());
    }

    static Result exec(Path tmp, Path authFile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Executables.find("skopeo", "apt-get install skopeo"),
                "--insecure-policy", "--command-timeout", "40s"));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("REGISTRY_AUTH_FILE", authFile.toString());
        env.put("HOME", tmp.toString());
        env.put("XDG_RUNTIME_DIR", tmp.toString());
        env.put("DOCKER_CONFIG", tmp.resolve("docker").toString());
        env.put("SSL_CERT_FILE", svc.caCertificatePem().toString());
        env.remove("REQUESTS_CA_BUNDLE");
        ClientProcesses.Result r = ClientProcesses.run(cmd, env, null, null, Duration.ofSeconds(45));
        return new Result(r.exitCode(), r.stdout() + r.stderr());
    }
}
