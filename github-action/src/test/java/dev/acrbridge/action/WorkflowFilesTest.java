package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's workflows and the GitHub examples: third-party actions pinned by full commit SHA, minimal
 * permissions, and every use of our action passes only inputs action.yml declares (with the required ones).
 */
class WorkflowFilesTest {
    private static final Path REPO = RunnerJob.MODULE.getParent();
    private static final Pattern PINNED = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}");
    private static final String OUR_ACTION = "acrbridge/acr-credential-bridge/github-action@";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Path> workflows() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(REPO.resolve(".github/workflows"), REPO.resolve("examples/github"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    @Test
    void theExpectedWorkflowsExist() throws IOException {
        List<String> names = workflows().map(p -> REPO.relativize(p).toString().replace('\\', '/')).toList();
        assertTrue(names.containsAll(List.of(".github/workflows/ci.yml", ".github/workflows/release.yml",
                "examples/github/build-push-oidc.yml", "examples/github/helm-chart-push.yml",
                "examples/github/two-registries-matrix.yml")), names.toString());
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void pinsThirdPartyActionsAndDeclaresPermissions(Path file) throws IOException {
        JsonNode wf = YAML.readTree(file.toFile());
        assertTrue(wf.has("permissions"), file + ": no top-level permissions");
        wf.path("permissions").fields().forEachRemaining(p -> {
            if (!p.getKey().equals("id-token")) {
                assertEquals("read", p.getValue().asText(), file + ": workflow-level " + p.getKey() + " beyond read");
            }
        });
        for (JsonNode step : steps(wf)) {
            String uses = step.path("uses").asText("");
            if (uses.isEmpty() || uses.startsWith("./") || uses.startsWith(OUR_ACTION)) {
                continue;
            }
            assertTrue(PINNED.matcher(uses).matches(), file + ": " + uses + " is not pinned to a commit SHA");
        }
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void usesOfOurActionPassOnlyDeclaredInputs(Path file) throws IOException {
        JsonNode wf = YAML.readTree(file.toFile());
        Set<String> declared = new HashSet<>();
        RunnerJob.actionYml().path("inputs").fieldNames().forEachRemaining(declared::add);
        for (JsonNode step : steps(wf)) {
            if (!step.path("uses").asText("").startsWith(OUR_ACTION)) {
                continue;
            }
            JsonNode with = step.path("with");
            with.fieldNames().forEachRemaining(name -> assertTrue(declared.contains(name),
                    file + ": input '" + name + "' is not declared in action.yml"));
            assertTrue(with.has("registries"), file + ": registries is required");
            boolean oidc = with.path("auth-type").asText("auto").equals("oidc")
                    || (with.has("tenant-id") && !with.has("client-secret") && !with.has("client-certificate"));
            if (oidc) {
                assertEquals("write", wf.path("permissions").path("id-token").asText(),
                        file + ": OIDC login needs permissions: id-token: write");
            }
        }
    }

    @Test
    void ciBuildsOnLinuxAndWindows() throws IOException {
        JsonNode ci = YAML.readTree(REPO.resolve(".github/workflows/ci.yml").toFile());
        List<String> os = new ArrayList<>();
        ci.path("jobs").path("build").path("strategy").path("matrix").path("os").forEach(n -> os.add(n.asText()));
        assertEquals(List.of("ubuntu-latest", "windows-latest"), os);
        String text = Files.readString(REPO.resolve(".github/workflows/ci.yml"));
        assertTrue(text.contains(".ci/run") && text.contains("mvnw.cmd -B verify"), "ci must run the full build");
        assertFalse(text.contains("skipTests"), "ci must not skip tests");
    }

    @Test
    void releaseShipsTheJarInTheActionsDistFolderAndAttachesTheCliArchive() throws IOException {
        // the workflow's local steps live in .ci/release (ReleaseWorkflowIT runs them)
        String script = Files.readString(REPO.resolve(".ci/release"));
        assertTrue(script.contains("cp \"$target/acr-login.jar\" github-action/dist/acr-login.jar"));
        assertTrue(script.contains("git add -f github-action/dist/acr-login.jar"));
        assertTrue(script.contains("\"$target/acr-login-$version.tar.gz\" \"$target/acr-login-$version.tar.gz.sha256\""));
        for (String launcher : List.of("acr-login", "docker-credential-acr-login")) {
            assertTrue(script.contains("github-action/bin/" + launcher), launcher + " attached to the release");
            assertTrue(Files.isExecutable(REPO.resolve("github-action/bin/" + launcher)), launcher);
        }
        String text = Files.readString(REPO.resolve(".github/workflows/release.yml"));
        assertTrue(text.contains("gh release create"));
        JsonNode rel = YAML.readTree(REPO.resolve(".github/workflows/release.yml").toFile());
        assertEquals("write", rel.path("jobs").path("release").path("permissions").path("contents").asText());
    }

    @Test
    void dependabotWatchesMavenAndTheActionsAndOneOwnerNameIsUsedEverywhere() throws IOException {
        JsonNode dependabot = YAML.readTree(REPO.resolve(".github/dependabot.yml").toFile());
        Set<String> ecosystems = new HashSet<>();
        dependabot.path("updates").forEach(u -> ecosystems.add(u.path("package-ecosystem").asText()
                + u.path("directory").asText()));
        assertTrue(ecosystems.containsAll(List.of("maven/", "maven/jenkins-plugin", "github-actions/")),
                ecosystems.toString());
        assertTrue(Files.readString(REPO.resolve("LICENSE")).startsWith("MIT License"), "LICENSE at the root");
        Pattern owner = Pattern.compile("([A-Za-z0-9<>_-]+)/acr-credential-bridge\\b");
        for (Path doc : List.of(REPO.resolve("README.md"), REPO.resolve("github-action/README.md"),
                REPO.resolve("jenkins-plugin/pom.xml"))) {
            var m = owner.matcher(Files.readString(doc));
            while (m.find()) {
                assertEquals("acrbridge", m.group(1), doc + " names another owner: " + m.group());
            }
        }
        for (Path wf : workflows().toList()) {
            var m = owner.matcher(Files.readString(wf));
            while (m.find()) {
                assertEquals("acrbridge", m.group(1), wf + " names another owner: " + m.group());
            }
        }
    }

    private static List<JsonNode> steps(JsonNode wf) {
        List<JsonNode> steps = new ArrayList<>();
        wf.path("jobs").forEach(job -> job.path("steps").forEach(steps::add));
        return steps;
    }
}
