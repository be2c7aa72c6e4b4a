package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.acrbridge.testsvc.ClientProcesses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated job on a GitHub runner: a RUNNER_TEMP, the file-command files, a private HOME, and the action's
 * inputs turned into {@code INPUT_*} variables from {@code action.yml} (defaults included) exactly as the runner
 * does. Steps run in-process, as a java process, or through the node shim; later steps see what earlier ones
 * exported (GITHUB_ENV) and the post step sees the main step's state (GITHUB_STATE as {@code STATE_*}).
 */
final class RunnerJob {
    static final Path MODULE = Path.of(System.getProperty("user.dir"));
    static final Path ACTION_YML = MODULE.resolve("action.yml");
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(120);

    final Path root;
    final Path runnerTemp;
    final Path home;
    final Path output;
    final Path envFile;
    final Path stateFile;
    final Path pathFile;
    private final Map<String, String> inputs = new LinkedHashMap<>();
    private final Map<String, String> extraEnv = new LinkedHashMap<>();

    /** Result of one step: exit code and the two log streams. */
    record Step(int exitCode, String stdout, String stderr) {
        List<String> errors() {
            return stdout.lines().filter(l -> l.startsWith("::error")).toList();
        }
    }

    RunnerJob(Path root) throws IOException {
        this.root = root;
        this.runnerTemp = Files.createDirectories(root.resolve("runner-temp"));
        this.home = Files.createDirectories(root.resolve("home"));
        Path github = Files.createDirectories(root.resolve("github"));
        this.output = Files.createFile(github.resolve("output"));
        this.envFile = Files.createFile(github.resolve("env"));
        this.stateFile = Files.createFile(github.resolve("state"));
        this.pathFile = Files.createFile(github.resolve("path"));
    }

    RunnerJob input(String name, String value) {
        inputs.put(name, value);
        return this;
    }

    RunnerJob env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /**
     * @return the step environment of the main step as the runner builds it: what earlier steps exported, the
     *         inputs, and the job's extra variables
     */
    Map<String, String> mainEnv() {
        Map<String, String> env = baseEnv();
        env.putAll(exported());
        JsonNode declared = actionYml().path("inputs");
        declared.fieldNames().forEachRemaining(name -> {
            String value = inputs.containsKey(name) ? inputs.get(name) : declared.path(name).path("default").asText("");
            env.put(RunnerEnvironment.envName(name), value);
        });
        inputs.keySet().forEach(name -> {
            if (!declared.has(name)) {
                throw new IllegalArgumentException("input " + name + " is not declared in action.yml");
            }
        });
        env.putAll(extraEnv);
        return env;
    }

    /** @return the post step's environment: the inputs again, plus STATE_* from the main step */
    Map<String, String> postEnv() {
        return postEnv(readKeyValues(stateFile));
    }

    private Map<String, String> postEnv(Map<String, String> state) {
        Map<String, String> env = mainEnv();
        state.forEach((k, v) -> env.put("STATE_" + k, v));
        return env;
    }

    /**
     * The runner keeps each action step's state apart: take the state the last main step saved, so that another use
     * of the action in the same job starts with none.
     */
    Map<String, String> takeState() throws IOException {
        Map<String, String> state = readKeyValues(stateFile);
        Files.writeString(stateFile, "");
        return state;
    }

    /** Runs the post step of an earlier use of the action, with the state {@link #takeState()} took from it. */
    Step runJavaPost(Map<String, String> state) {
        return runProcess(javaCommand(ActionMain.Phase.POST), postEnv(state));
    }

    /** @return the environment a later `run:` step gets: base + everything exported with GITHUB_ENV */
    Map<String, String> laterStepEnv() {
        Map<String, String> env = baseEnv();
        env.putAll(extraEnv);
        env.putAll(exported());
        return env;
    }

    private Map<String, String> baseEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("RUNNER_TEMP", runnerTemp.toString());
        env.put("GITHUB_OUTPUT", output.toString());
        env.put("GITHUB_ENV", envFile.toString());
        env.put("GITHUB_STATE", stateFile.toString());
        env.put("GITHUB_PATH", pathFile.toString());
        env.put("GITHUB_ACTIONS", "true");
        return env;
    }

    Step runInProcess(ActionMain.Phase phase) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            code = ActionMain.run(phase, phase == ActionMain.Phase.MAIN ? mainEnv() : postEnv(), out);
        }
        return new Step(code, bytes.toString(StandardCharsets.UTF_8), "");
    }

    /** Runs the step as its own JVM from the test class path (no shaded jar needed). */
    Step runJava(ActionMain.Phase phase) {
        return runProcess(javaCommand(phase), phase == ActionMain.Phase.MAIN ? mainEnv() : postEnv());
    }

    /** Runs the main step as its own JVM and asserts that it succeeded (its log is the failure message). */
    Step runMainOk() {
        Step main = runJava(ActionMain.Phase.MAIN);
        assertEquals(0, main.exitCode(), main.stdout() + main.stderr());
        return main;
    }

    /** @return the job-private directory the last main step recorded in its state */
    Path isolatedDir() {
        return Path.of(state().get(IsolatedConfig.STATE_NAME));
    }

    private static List<String> javaCommand(ActionMain.Phase phase) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the JVM options the node shim uses (fast start for a short-lived process)
        return List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ActionMain.class.getName(), phase.name().toLowerCase());
    }

    /** Runs {@code node <actionDir>/dist/main.js} or {@code post.js} on the Node that action.yml declares. */
    Step runNode(Path actionDir, ActionMain.Phase phase, Map<String, String> extra) {
        Map<String, String> env = phase == ActionMain.Phase.MAIN ? mainEnv() : postEnv();
        env.putAll(extra);
        String script = actionDir.resolve("dist").resolve(phase == ActionMain.Phase.MAIN ? "main.js" : "post.js").toString();
        return runProcess(List.of(RunnerNode.executable(), script),
                env);
    }

    static Step runProcess(List<String> command, Map<String, String> env) {
        try {
            ClientProcesses.Result r = ClientProcesses.run(command, env, null, null, PROCESS_TIMEOUT);
            return new Step(r.exitCode(), r.stdout(), r.stderr());
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    Map<String, String> outputs() {
        return readKeyValues(output);
    }

    Map<String, String> exported() {
        return readKeyValues(envFile);
    }

    Map<String, String> state() {
        return readKeyValues(stateFile);
    }

    List<String> addedPaths() {
        try {
            return Files.readAllLines(pathFile).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return true when no step wrote any file command */
    boolean nothingWritten() throws IOException {
        return Files.size(output) == 0 && Files.size(envFile) == 0 && Files.size(stateFile) == 0
                && Files.size(pathFile) == 0;
    }

    /** Parses the runner's file-command format: {@code name<<DELIM ... DELIM} blocks and {@code name=value} lines. */
    static Map<String, String> readKeyValues(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            if (heredoc > 0) {
                String name = line.substring(0, heredoc);
                String delimiter = line.substring(heredoc + 2);
                List<String> value = new ArrayList<>();
                i++;
                while (i < lines.size() && !lines.get(i).equals(delimiter)) {
                    value.add(lines.get(i++));
                }
                if (i >= lines.size()) {
                    throw new AssertionError("unterminated heredoc for " + name + " in " + file);
                }
                values.put(name, String.join("\n", value));
            } else if (line.contains("=")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            } else if (!line.isBlank()) {
                throw new AssertionError("malformed file-command line in " + file + ": " + line);
            }
        }
        return values;
    }

    static String readUnchecked(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode actionYml() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(ACTION_YML.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
