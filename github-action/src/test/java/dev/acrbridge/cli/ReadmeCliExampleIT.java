package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.testsvc.OciLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first CLI example, run as written by bash with the launcher on PATH (only the registry name and the
 * {@code ...} placeholders are filled in), against the local stack and a real dockerd: {@code docker push} in the same
 * shell works after {@code acr-login login}, with the user's own docker config; then podman's tools do too.
 */
class ReadmeCliExampleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final LocalStack stack = new LocalStack();

    /** @return the first {@code bash} block of the README's CLI section, as written */
    static String firstCliExample() throws Exception {
        String readme = Files.readString(MODULE.getParent().resolve("README.md"));
        int section = readme.indexOf("### CLI: `acr-login`");
        assertTrue(section >= 0, "README has a CLI section");
        int start = readme.indexOf("```bash\n", section) + "```bash\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    /** @return the script in an owner-only file: it holds the test identity's secret, which argv must not */
    private static String script(Path home, String text) throws Exception {
        Path file = home.resolve("example.sh");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file.toString();
    }

    private Map<String, String> shellEnv(Path home) throws Exception {
        Map<String, String> env = stack.settingsWithoutSecret(home);
        env.keySet().removeAll(List.of("AZURE_TENANT_ID", "AZURE_CLIENT_ID")); // the example exports them
        env.put("PATH", MODULE.resolve("bin") + ":" + System.getenv("PATH"));
        env.put("ACR_LOGIN_CDS_DIR", home.resolve("cds").toString());
        return env;
    }

    @Test
    void theFirstCliExampleLogsInAndDockerPushesInTheSameShell() throws Exception {
        String example = firstCliExample();
        assertTrue(example.contains("acr-login login contoso.azurecr.io") && example.contains("docker push"), example);
        String script = example.replace("contoso.azurecr.io", stack.host());
        Matcher placeholders = Pattern.compile("(AZURE_TENANT_ID|AZURE_CLIENT_ID|AZURE_CLIENT_SECRET)=\\.\\.\\.")
                .matcher(script);
        Map<String, String> values = Map.of("AZURE_TENANT_ID", stack.tenant(), "AZURE_CLIENT_ID", stack.clientId(),
                "AZURE_CLIENT_SECRET", stack.clientSecret());
        StringBuilder filled = new StringBuilder();
        int count = 0;
        while (placeholders.find()) {
            placeholders.appendReplacement(filled, placeholders.group(1) + "='" + values.get(placeholders.group(1))
                    + "'");
            count++;
        }
        placeholders.appendTail(filled);
        assertEquals(3, count, "the example's identity placeholders");

        Path home = Files.createDirectories(tmp.resolve("home"));
        Path layout = tmp.resolve("layout");
        OciLayout.write(layout, "1", "hello.txt", "from the README".getBytes(StandardCharsets.UTF_8));
        Path archive = tmp.resolve("app.tar");
        Run.of("skopeo", "copy", "oci:" + layout + ":1", "docker-archive:" + archive + ":" + stack.ref("app"))
                .env("HOME", home.toString()).timeout(Duration.ofSeconds(120)).go().ok();
        try (Dockerd dockerd = new Dockerd(tmp.resolve("dockerd"), stack.host(), stack.certDir().resolve("ca.crt"))) {
            dockerd.docker(Map.of("DOCKER_CONFIG", tmp.resolve("loader").toString()), "load", "-i", archive.toString())
                    .go().ok();
            Run.Result r = Run.of("bash", "-euo", "pipefail", script(home, filled.toString())).env(shellEnv(home))
                    .env("DOCKER_HOST", "unix://" + dockerd.socket()).timeout(Duration.ofSeconds(240)).go();
            assertEquals(0, r.exit(), r.all());
            assertTrue(r.out().contains("digest: sha256:"), "docker pushed: " + r.out());
            assertTrue(r.err().contains(stack.host() + ": logged in for docker, podman, helm"), r.err());
            assertTrue(r.out().contains("\"accessToken\""), "token printed its JSON");
            assertFalse(r.all().contains(stack.clientSecret()), "no secret in the output");
            // login wrote the user's own docker config, as docker login does; logout took its entry away again
            JsonNode config = JSON.readTree(home.resolve(".docker/config.json").toFile());
            assertFalse(config.path("auths").has(stack.host()), config.toString());
        }
    }

    @Test
    void afterLoginPodmansToolsFindTheLoginWithoutAnyOption() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("podman-home"));
        Map<String, String> env = shellEnv(home);
        env.put("AZURE_TENANT_ID", stack.tenant());
        env.put("AZURE_CLIENT_ID", stack.clientId());
        env.put("AZURE_CLIENT_SECRET", stack.clientSecret());
        Path layout = tmp.resolve("podman-layout");
        OciLayout.write(layout, "1", "hello.txt", "podman".getBytes(StandardCharsets.UTF_8));
        String script = "acr-login login " + stack.host() + "\n"
                + "skopeo copy --dest-cert-dir '" + stack.certDir() + "' oci:" + layout + ":1 docker://"
                + stack.ref("app/podman") + "\n";
        Run.Result r = Run.of("bash", "-euo", "pipefail", script(home, script)).env(env)
                .timeout(Duration.ofSeconds(180)).go();
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.all().contains("Writing manifest"), r.all());
    }
}
