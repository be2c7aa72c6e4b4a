package dev.acrbridge.action;

import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.Executables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real container clients a later workflow step would run: podman builds a one-file image in a private store,
 * podman and skopeo push it using only the configuration the action exported. A missing client fails the test.
 */
final class Clients {
    private final Path work;
    private final Path caCertificates;
    private final Path certDir;

    /**
     * @param work           scratch directory (image store, build context)
     * @param caCertificates the CA the registry's TLS certificate chains to
     * @param certDir        a directory with that CA as {@code ca.crt}, for podman's and skopeo's --cert-dir
     */
    Clients(Path work, Path caCertificates, Path certDir) {
        this.work = work;
        this.caCertificates = caCertificates;
        this.certDir = certDir;
    }

    /** Builds {@code localhost/<name>} (FROM scratch + one file) in the private store. */
    String buildImage(String name, String content) throws IOException {
        Path context = Files.createDirectories(work.resolve("context-" + name));
        Files.writeString(context.resolve("hello.txt"), content);
        Files.writeString(context.resolve("Containerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
        String image = "localhost/" + name + ":1";
        RunnerJob.Step step = podman(Map.of(), "build", "-q", "-t", image, context.toString());
        if (step.exitCode() != 0) {
            throw new AssertionError("podman build failed:\n" + step.stdout() + step.stderr());
        }
        return image;
    }

    /** {@code podman push} with the step environment (REGISTRY_AUTH_FILE, DOCKER_CONFIG, PATH from the action). */
    RunnerJob.Step podmanPush(Map<String, String> stepEnv, String image, String target) {
        return podman(stepEnv, "push", "--cert-dir", certDir.toString(), image, "docker://" + target);
    }

    /** {@code skopeo inspect} of a pushed image: proves a pull-side login with the step environment. */
    RunnerJob.Step skopeoInspect(Map<String, String> stepEnv, String reference) {
        return RunnerJob.runProcess(List.of(executable("skopeo"), "--command-timeout", "60s", "inspect",
                "--cert-dir", certDir.toString(), "docker://" + reference), clientEnv(stepEnv));
    }

    private RunnerJob.Step podman(Map<String, String> stepEnv, String... args) {
        List<String> command = new ArrayList<>(List.of(executable("podman"), "--root", work.resolve("store").toString(),
                "--runroot", work.resolve("runroot").toString(), "--storage-driver", "vfs"));
        command.addAll(List.of(args));
        return RunnerJob.runProcess(command, clientEnv(stepEnv));
    }

    private Map<String, String> clientEnv(Map<String, String> stepEnv) {
        Map<String, String> env = ClientEnvironment.privateHome(work);
        env.putAll(stepEnv);
        // the machine may export SSL_CERT_FILE for its own CA: replace it, do not append
        env.put("SSL_CERT_FILE", caCertificates.toString());
        return env;
    }

    /** Runs the docker CLI (no daemon needed for logins, manifests and plugins) in a later step's environment. */
    static RunnerJob.Step docker(Map<String, String> stepEnv, String... args) {
        List<String> command = new ArrayList<>(List.of(executable("docker")));
        command.addAll(List.of(args));
        return RunnerJob.runProcess(command, stepEnv);
    }

    /** Installs a docker CLI plugin {@code docker-<name>} that prints {@code text}, as buildx installs itself. */
    static void writeCliPlugin(Path pluginDir, String name, String text) throws IOException {
        Path plugin = pluginDir.resolve("docker-" + name);
        Files.writeString(plugin, "#!/bin/sh\n"
                + "if [ \"$1\" = docker-cli-plugin-metadata ]; then\n"
                + "  echo '{\"SchemaVersion\":\"0.1.0\",\"Vendor\":\"acr-login tests\",\"Version\":\"1.0.0\"}'\n"
                + "  exit 0\n"
                + "fi\n"
                + "echo '" + text + "'\n");
        Files.setPosixFilePermissions(plugin, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String executable(String name) {
        return Executables.find(name, "the action tests push with real clients; .ci/install-packages installs it");
    }
}
