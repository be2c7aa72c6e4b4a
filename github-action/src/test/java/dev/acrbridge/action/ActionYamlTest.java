package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** action.yml and the code agree: the same inputs with the same defaults, the same outputs, the shim files exist. */
class ActionYamlTest {
    private static final Path MAIN_SOURCES = RunnerJob.MODULE.resolve("src/main/java/dev/acrbridge/action");
    private final JsonNode yml = RunnerJob.actionYml();

    @Test
    void declaredInputsAreExactlyTheInputsTheCodeReadsWithTheSameDefaults() {
        Map<String, String> declared = new LinkedHashMap<>();
        yml.path("inputs").fields().forEachRemaining(e -> declared.put(e.getKey(), e.getValue().path("default").asText("")));
        Map<String, String> code = new LinkedHashMap<>();
        Arrays.stream(Input.values()).forEach(i -> code.put(i.yamlName(), i.defaultValue()));
        assertEquals(new TreeSet<>(code.keySet()), new TreeSet<>(declared.keySet()));
        assertEquals(code, declared.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new)), "defaults differ");
        yml.path("inputs").fields().forEachRemaining(e -> {
            assertFalse(e.getValue().path("description").asText().isBlank(), e.getKey() + " has no description");
            assertEquals(e.getKey().equals("registries"), e.getValue().path("required").asBoolean(), e.getKey());
        });
    }

    @Test
    void everyInputConstantIsUsedByTheCodeAndNothingReadsInputVariablesDirectly() throws IOException {
        String sources;
        try (Stream<Path> files = Files.list(MAIN_SOURCES)) {
            sources = files.filter(p -> !p.getFileName().toString().equals("Input.java"))
                    .map(RunnerJob::readUnchecked).collect(Collectors.joining("\n"));
        }
        for (Input input : Input.values()) {
            assertTrue(sources.contains("Input." + input.name()), "input " + input.yamlName() + " is never read");
        }
        try (Stream<Path> files = Files.list(MAIN_SOURCES)) {
            Set<String> readers = files.filter(p -> RunnerJob.readUnchecked(p).contains("\"INPUT_"))
                    .map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(Set.of("RunnerEnvironment.java"), readers, "only RunnerEnvironment may build INPUT_ names");
        }
    }

    @Test
    void declaredOutputsAreExactlyTheOutputsTheCodeWrites() {
        Set<String> declared = new TreeSet<>();
        yml.path("outputs").fieldNames().forEachRemaining(declared::add);
        assertEquals(Arrays.stream(Output.values()).map(Output::yamlName).collect(Collectors.toCollection(TreeSet::new)),
                declared);
    }

    @Test
    void runsTheNodeShimForMainAndPost() {
        JsonNode runs = yml.path("runs");
        // GitHub runs actions on Node 24 since June 2026 and removed Node 20 on 2026-09-16
        assertEquals("node24", runs.path("using").asText());
        assertEquals("dist/main.js", runs.path("main").asText());
        assertEquals("dist/post.js", runs.path("post").asText());
        assertTrue(Files.isRegularFile(RunnerJob.MODULE.resolve("dist/main.js")));
        assertTrue(Files.isRegularFile(RunnerJob.MODULE.resolve("dist/post.js")));
        assertTrue(Files.isRegularFile(RunnerJob.MODULE.resolve("dist/java.js")));
    }
}
