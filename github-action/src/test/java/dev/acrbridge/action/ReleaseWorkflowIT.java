package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.acrbridge.testsvc.ClientProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release workflow's steps, run here as far as they can without GitHub: the workflow calls {@code .ci/release}
 * for everything but pushing tags and creating the release; this test runs those calls in a clone of this repository
 * with the archive and jar the build just made, then unpacks the CLI archive and runs its launcher.
 */
class ReleaseWorkflowIT {
    private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    private static final Path REPO = MODULE.getParent();
    private static final String VERSION = "1.2.3";
    @TempDir
    static Path tmp;
    static Path clone;
    static Path archive;

    @BeforeAll
    static void cloneWithTheBuiltArtifacts() throws IOException {
        Path target = MODULE.resolve("target");
        try (var files = Files.list(target)) {
            archive = files.filter(p -> p.getFileName().toString().matches("acr-login-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("the build made no CLI archive in " + target));
        }
        clone = tmp.resolve("repo");
        run(tmp, "git", "clone", "-q", "--no-local", REPO.toString(), clone.toString()).ok();
        // the release builds with versions:set VERSION: the archive carries that version in its name
        Path cloneTarget = Files.createDirectories(clone.resolve("github-action/target"));
        Files.copy(target.resolve("acr-login.jar"), cloneTarget.resolve("acr-login.jar"));
        Path renamed = cloneTarget.resolve("acr-login-" + VERSION + ".tar.gz");
        Files.copy(archive, renamed);
        String sum = run(cloneTarget, "sha256sum", renamed.getFileName().toString()).ok().stdout();
        Files.writeString(cloneTarget.resolve(renamed.getFileName() + ".sha256"), sum);
        // the script under test is this checkout's (it may not be committed yet)
        Files.copy(REPO.resolve(".ci/release"), clone.resolve(".ci/release"), StandardCopyOption.REPLACE_EXISTING);
    }

    private record Result(int exit, String stdout, String stderr) {
        Result ok() {
            assertEquals(0, exit, stdout + stderr);
            return this;
        }
    }

    private static Result run(Path dir, String... command) throws IOException {
        ClientProcesses.Result r = ClientProcesses.run(List.of(command), Map.of("PATH", System.getenv("PATH"),
                "HOME", tmp.toString()), null, dir, Duration.ofSeconds(120));
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }

    private static List<String> runLines(JsonNode release) {
        List<String> lines = new ArrayList<>();
        release.path("steps").forEach(step -> lines.addAll(step.path("run").asText("").lines().toList()));
        return lines;
    }

    @Test
    void theWorkflowLeavesEverythingButGitHubToTheScript() throws IOException {
        JsonNode release = new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve(".github/workflows/release.yml")
                .toFile()).path("jobs").path("release");
        List<String> lines = runLines(release);
        for (String call : List.of(".ci/release check \"$VERSION\"", ".ci/release tag \"$VERSION\" >> \"$GITHUB_ENV\"",
                "mapfile -t assets < <(.ci/release assets \"$VERSION\")", ".ci/run")) {
            assertTrue(lines.stream().anyMatch(l -> l.strip().equals(call) || l.strip().startsWith(call)), call);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("gh release create \"v$VERSION\" \"${assets[@]}\"")));
        for (String line : lines) {
            if (line.contains("git push")) {
                assertTrue(line.matches("\\s*git push (-f )?origin \"v\\$\\{?VERSION.*"), "only tags are pushed: " + line);
            }
        }
    }

    @Test
    void aVersionThatIsNotMajorMinorPatchStopsTheRelease() throws IOException {
        Result bad = run(clone, ".ci/release", "check", "1.2");
        assertEquals(1, bad.exit());
        assertTrue(bad.stdout().contains("::error::version must be MAJOR.MINOR.PATCH, got '1.2'"), bad.stdout());
        run(clone, ".ci/release", "check", VERSION).ok();
    }

    @Test
    void tagCommitsTheJarIntoDistOnATaggedReleaseCommitAndTheAssetsAreAllThereAndVerified() throws Exception {
        // the workflow checks out main; the clone is on whatever branch this checkout is
        String branch = run(clone, "git", "rev-parse", "--abbrev-ref", "HEAD").ok().stdout().strip();
        String mainBefore = run(clone, "git", "rev-parse", "HEAD").ok().stdout().strip();
        Result tag = run(clone, ".ci/release", "tag", VERSION).ok();
        assertTrue(tag.stdout().matches("RELEASE_SHA=[0-9a-f]{40}\\n"), tag.stdout());
        String sha = tag.stdout().strip().substring("RELEASE_SHA=".length());
        assertEquals(sha, run(clone, "git", "rev-parse", "v" + VERSION + "^{commit}").ok().stdout().strip());
        assertEquals(sha, run(clone, "git", "rev-parse", "v1^{commit}").ok().stdout().strip(), "v1 moved");
        assertEquals(mainBefore, run(clone, "git", "rev-parse", sha + "^").ok().stdout().strip(), "child of main");
        assertEquals(mainBefore, run(clone, "git", "rev-parse", branch).ok().stdout().strip(), "branch untouched");
        String inRelease = run(clone, "git", "ls-tree", "-r", "--name-only", sha, "github-action/dist").ok().stdout();
        assertTrue(inRelease.contains("github-action/dist/acr-login.jar\n"), inRelease);
        assertArrayEquals(Files.readAllBytes(MODULE.resolve("target/acr-login.jar")),
                Files.readAllBytes(clone.resolve("github-action/dist/acr-login.jar")));
        run(clone.resolve("github-action/dist"), "sha256sum", "-c", "acr-login.jar.sha256").ok();

        Result assets = run(clone, ".ci/release", "assets", VERSION).ok();
        List<String> files = assets.stdout().lines().toList();
        assertEquals(List.of("github-action/target/acr-login-" + VERSION + ".tar.gz",
                "github-action/target/acr-login-" + VERSION + ".tar.gz.sha256", "github-action/dist/acr-login.jar",
                "github-action/dist/acr-login.jar.sha256", "github-action/bin/acr-login",
                "github-action/bin/docker-credential-acr-login"), files);

        Files.writeString(clone.resolve("github-action/target/acr-login-" + VERSION + ".tar.gz.sha256"),
                "0".repeat(64) + "  acr-login-" + VERSION + ".tar.gz\n");
        assertFalse(run(clone, ".ci/release", "assets", VERSION).exit() == 0, "a wrong checksum stops the release");
    }

    @Test
    void theCliArchiveUnpacksToLaunchersJarLicenseAndChecksumsThatVerifyAndItsLauncherRuns() throws Exception {
        Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
        run(unpacked, "tar", "xzf", archive.toString()).ok();
        Path root;
        try (var dirs = Files.list(unpacked)) {
            root = dirs.findFirst().orElseThrow();
        }
        assertTrue(root.getFileName().toString().startsWith("acr-login-"), root.toString());
        for (String f : List.of("bin/acr-login", "bin/docker-credential-acr-login")) {
            assertTrue(Files.isExecutable(root.resolve(f)), f);
        }
        assertTrue(Files.readString(root.resolve("LICENSE")).startsWith("MIT License"));
        assertArrayEquals(Files.readAllBytes(REPO.resolve("LICENSE")), Files.readAllBytes(root.resolve("LICENSE")));
        Result check = run(root, "sha256sum", "-c", "SHA256SUMS").ok();
        assertEquals(5, check.stdout().lines().filter(l -> l.endsWith(": OK")).count(), check.stdout());
        Result version = run(root, "bin/acr-login", "--version").ok();
        assertTrue(version.stdout().startsWith("acr-login "), version.stdout());
        String archiveSum = run(archive.getParent(), "sha256sum", "-c", archive.getFileName() + ".sha256").ok().stdout();
        assertTrue(archiveSum.contains(": OK"), archiveSum);
    }
}
