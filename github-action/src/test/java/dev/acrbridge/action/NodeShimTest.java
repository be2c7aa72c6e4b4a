package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node shim as the runner starts it ({@code node dist/main.js}), for what it decides before Java runs: the
 * Java it finds or the error naming actions/setup-java, the missing jar, and a post step with nothing to do. (The
 * shim starting the real jar is covered by {@code ActionWithRegistryIT}.)
 */
class NodeShimTest {
    @TempDir
    Path tmp;

    private RunnerJob job() throws IOException {
        return new RunnerJob(tmp).input("registries", "contoso");
    }

    @Test
    void theseTestsRunTheShimOnNode24AsTodaysRunnersDo() {
        assertEquals(24, RunnerNode.declaredMajor(), "action.yml runs.using");
        assertEquals(24, RunnerNode.major(RunnerNode.executable()), RunnerNode.executable());
    }

    @Test
    void withoutJava17ItFailsNamingSetupJavaAndWritesNothing() throws IOException {
        RunnerJob job = job();
        Path emptyBin = Files.createDirectories(tmp.resolve("empty-bin"));
        Path notJava = Files.createDirectories(tmp.resolve("jdk-11"));
        RunnerJob.Step step = job.runNode(RunnerJob.MODULE, ActionMain.Phase.MAIN, Map.of(
                "PATH", emptyBin.toString(), "JAVA_HOME", tmp.resolve("no-such-jdk").toString(),
                "JAVA_HOME_21_X64", notJava.toString()));
        assertEquals(1, step.exitCode(), step.stdout() + step.stderr());
        String error = String.join("\n", step.errors());
        assertTrue(error.startsWith("::error title=Java 17+ not found::"), error);
        assertTrue(error.contains("uses: actions/setup-java"), error);
        assertTrue(error.contains("JAVA_HOME: " + tmp.resolve("no-such-jdk")), error);
        assertTrue(error.contains("JAVA_HOME_21_X64: "), error);
        assertTrue(error.contains("PATH: java did not run"), error);
        assertTrue(job.nothingWritten());
    }

    @Test
    void anOldJavaIsPassedOverForANewerOne() throws IOException {
        // JAVA_HOME names a Java 8 (a `java` that reports 1.8, as `java -version` does on such a JDK)
        Path old = Files.createDirectories(tmp.resolve("jdk8/bin"));
        Path oldJava = old.resolve("java");
        Files.writeString(oldJava, "#!/bin/sh\necho 'java version \"1.8.0_402\"' >&2\n");
        Files.setPosixFilePermissions(oldJava, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path emptyBin = Files.createDirectories(tmp.resolve("empty-bin"));
        RunnerJob job = job();
        RunnerJob.Step onlyOld = job.runNode(RunnerJob.MODULE, ActionMain.Phase.MAIN, Map.of(
                "PATH", emptyBin.toString(), "JAVA_HOME", old.getParent().toString()));
        assertEquals(1, onlyOld.exitCode());
        assertTrue(onlyOld.stdout().contains("JAVA_HOME: " + oldJava + " is Java 8"), onlyOld.stdout());
        RunnerJob.Step withNewer = job.runNode(RunnerJob.MODULE, ActionMain.Phase.MAIN, Map.of(
                "PATH", emptyBin.toString(), "JAVA_HOME", old.getParent().toString(),
                "JAVA_HOME_17_X64", System.getProperty("java.home")));
        assertTrue(withNewer.stdout().contains("The action's jar is missing"), "got past Java: " + withNewer.stdout());
    }

    @Test
    void findsJavaThroughTheVersionedHomeWhenPathHasNoneAndReportsAMissingJar() throws IOException {
        // the module's dist/ holds no jar (it is built into releases), so the shim gets past Java and stops there
        Path emptyBin = Files.createDirectories(tmp.resolve("empty-bin"));
        RunnerJob.Step step = job().runNode(RunnerJob.MODULE, ActionMain.Phase.MAIN, Map.of(
                "PATH", emptyBin.toString(), "JAVA_HOME_17_X64", System.getProperty("java.home")));
        assertEquals(1, step.exitCode(), step.stdout() + step.stderr());
        assertTrue(step.stdout().contains("::error::The action's jar is missing: "), step.stdout());
        assertTrue(step.stdout().contains("acr-login.jar"), step.stdout());
    }

    @Test
    void postStepWithoutStateNeedsNoJava() throws IOException {
        Path emptyBin = Files.createDirectories(tmp.resolve("empty-bin"));
        RunnerJob.Step step = job().runNode(RunnerJob.MODULE, ActionMain.Phase.POST, Map.of("PATH", emptyBin.toString()));
        assertEquals(0, step.exitCode(), step.stdout() + step.stderr());
        assertEquals("", step.stdout());
    }
}
