package dev.acrbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/gitlab/.gitlab-ci.yml as far as it runs here: GitLab's ID token in the job's {@code id_tokens} variable is
 * the federated credential (fake Entra trusts a GitLab issuer for the project's subject), the before_script's
 * checksum check and unpacking run on the archive this build made (apk and the download need the internet), the
 * script's lines log docker in and build and push with a real dockerd, and the after_script logs out.
 */
class GitLabExampleIT {
    private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    private static final String GITLAB = "https://gitlab.example.com";
    private static final String SUBJECT = "project_path:platform/app:ref_type:branch:ref:main";
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final LocalStack stack = new LocalStack();

    private static List<String> lines(JsonNode job, String section) {
        List<String> out = new ArrayList<>();
        job.path(section).forEach(l -> out.add(l.asText()));
        return out;
    }

    @Test
    void theJobLogsInWithGitLabsIdTokenAndPushes() throws Exception {
        JsonNode ci = new ObjectMapper(new YAMLFactory()).readTree(MODULE.getParent()
                .resolve("examples/gitlab/.gitlab-ci.yml").toFile());
        JsonNode job = ci.path("push-image");
        String tokenVariable = job.path("id_tokens").fieldNames().next();
        assertEquals("api://AzureADTokenExchange", job.path("id_tokens").path(tokenVariable).path("aud").asText());

        // the release archive, as the before_script downloads it, under the version the job names
        String version = ci.path("variables").path("ACR_LOGIN_VERSION").asText();
        Path work = Files.createDirectories(tmp.resolve("build"));
        Path built;
        try (var files = Files.list(MODULE.resolve("target"))) {
            built = files.filter(p -> p.getFileName().toString().matches("acr-login-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("the build made no CLI archive"));
        }
        Path archive = work.resolve("acr-login-" + version + ".tar.gz");
        Run.of("sh", "-c", "tar xzf \"$0\" && mv acr-login-*/ acr-login-" + version + "/ && tar czf \"$1\" acr-login-"
                + version + " && rm -r acr-login-" + version + " && sha256sum \"${1##*/}\" > \"${1##*/}.sha256\"",
                built.toString(), archive.toString()).in(work).go().ok();
        Files.writeString(work.resolve("hello.txt"), "pushed from GitLab CI\n");
        Files.writeString(work.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");

        List<String> script = new ArrayList<>();
        for (String line : lines(job, "before_script")) {
            if (line.startsWith("sha256sum") || line.startsWith("tar xzf")) {
                script.add(line);
            } else {
                assertTrue(line.startsWith("apk add") || line.startsWith("curl "), "runs here, or needs the net: " + line);
            }
        }
        script.addAll(lines(job, "script"));
        List<String> after = lines(job, "after_script");
        assertTrue(String.join("\n", script).contains("--federated-token-variable " + tokenVariable), script.toString());

        stack.svc().entra().federatedPrincipal(stack.tenant(), stack.clientId(), GITLAB, SUBJECT,
                "api://AzureADTokenExchange");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> env = stack.settingsWithoutSecret(home); // AZURE_TENANT_ID / AZURE_CLIENT_ID: CI/CD vars
        env.put(tokenVariable, stack.svc().entra().mintFederatedToken(GITLAB, SUBJECT, "api://AzureADTokenExchange",
                Duration.ofMinutes(10)));
        env.put("REGISTRY", stack.host());
        env.put("ACR_LOGIN_VERSION", version);
        env.put("CI_COMMIT_SHORT_SHA", "0a1b2c3d");
        env.put("ACR_LOGIN_CDS", "off");
        env.put("DOCKER_BUILDKIT", "0");
        try (Dockerd dockerd = new Dockerd(tmp.resolve("dockerd"), stack.host(), stack.certDir().resolve("ca.crt"))) {
            env.put("DOCKER_HOST", "unix://" + dockerd.socket()); // the job's dind service
            Run.Result r = bash(work, env, String.join("\n", script));
            assertEquals(0, r.exit(), r.all());
            assertTrue(r.err().contains(stack.host() + ": logged in for docker as federated client assertion"), r.err());
            assertTrue(r.out().contains("digest: sha256:"), "docker pushed: " + r.out());
            assertFalse(r.all().contains(env.get(tokenVariable)), "the ID token is never printed");

            Run.Result cleanup = bash(work, env, String.join("\n", after));
            assertEquals(0, cleanup.exit(), cleanup.all());
            JsonNode config = new ObjectMapper().readTree(home.resolve(".docker/config.json").toFile());
            assertFalse(config.path("auths").has(stack.host()), "after_script logged out: " + config);
        }
    }

    private static Run.Result bash(Path dir, Map<String, String> env, String script) throws Exception {
        Path file = Files.createTempFile(tmp, "job", ".sh");
        Files.writeString(file, script + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return Run.of("bash", "-euo", "pipefail", file.toString()).env(env).in(dir).timeout(Duration.ofSeconds(240))
                .go();
    }
}
