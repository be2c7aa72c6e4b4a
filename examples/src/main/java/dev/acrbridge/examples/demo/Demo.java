package dev.acrbridge.examples.demo;

import dev.acrbridge.auth.settings.SettingKey;
import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.ClientProcesses;
import dev.acrbridge.testsvc.Dockerd;
import dev.acrbridge.testsvc.Helm;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.RegistryMode;
import dev.acrbridge.testsvc.RegistryStack;
import dev.acrbridge.testsvc.Role;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The README's first command: the whole chain on the local stack. A local Entra + ACR token service in front of a
 * real registry; the {@code acr-login} CLI logs in with a service principal and with workload identity; podman and
 * docker push real images; helm publishes a chart; the permission check shows its advice for a repository the identity may not push to.
 */
public final class Demo {
    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String SP_CLIENT = "5b5e4e3c-1f0f-4c34-9a0e-6f6f6f6f0001";
    private static final String WI_CLIENT = "5b5e4e3c-1f0f-4c34-9a0e-6f6f6f6f0002";
    private static final String WI_SUBJECT = "system:serviceaccount:ci:image-builder";

    private final Path cliJar;
    private final Path work;
    private final PrintStream out;
    private final Steps steps;

    private Demo(Path cliJar, Path work, PrintStream out) {
        this.cliJar = cliJar;
        this.work = work;
        this.out = out;
        this.steps = new Steps(out);
    }

    public static void main(String[] args) throws Exception {
        run(Path.of(args.length > 0 ? args[0] : "github-action/target/acr-login.jar"), System.out);
    }

    /**
     * Runs the whole demo; any failed step throws.
     *
     * @param cliJar the shaded {@code acr-login.jar}
     * @param out    where the steps and their timings are printed
     * @throws Exception when a step fails
     */
    public static void run(Path cliJar, PrintStream out) throws Exception {
        Path jar = cliJar.toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("acr-login.jar not found at " + jar + ": build first (./demo does)");
        }
        // short: podman limits its run root to 50 characters
        Path work = Files.createTempDirectory(Path.of("/tmp"), "acrdemo-");
        try {
            new Demo(jar, work, out).run();
        } finally {
            deleteTree(work);
        }
    }

    private void run() throws Exception {
        String spSecret = UUID.randomUUID() + "~demo";
        Holder<LocalAzure> svc = new Holder<>();
        Holder<RegistryStack> stack = new Holder<>();
        Holder<Dockerd> dockerd = new Holder<>();
        try {
            steps.run("start the local Entra + ACR token service and a real registry (docker-registry + nginx)", () -> {
                svc.value = LocalAzure.start();
                stack.value = RegistryStack.start(svc.value);
                svc.value.acr().mode(RegistryMode.ABAC);
                Principal sp = svc.value.entra().servicePrincipal(TENANT, SP_CLIENT, spSecret);
                svc.value.acr().assign(sp, Role.REPOSITORY_WRITER, "demo/*");
                svc.value.acr().assign(sp, Role.REPOSITORY_WRITER, "charts/*");
                Principal wi = svc.value.entra().federatedPrincipal(TENANT, WI_CLIENT,
                        svc.value.entra().kubernetesIssuer(), WI_SUBJECT, "api://AzureADTokenExchange");
                svc.value.acr().assign(wi, Role.REPOSITORY_WRITER, "demo/*");
                return "Entra authority " + svc.value.authorityHost() + "\nregistry       https://"
                        + stack.value.registryHost() + " (ABAC mode; both identities: Repository Writer on demo/*, the "
                        + "service principal on charts/* too)";
            });
            String registry = stack.value.registryHost();
            Map<String, String> common = commonEnv(svc.value, registry);

            Path authFile = work.resolve("containers/auth.json");
            steps.run("acr-login login --tool podman, as a service principal (secret from the environment)", () -> {
                Map<String, String> env = new LinkedHashMap<>(common);
                env.put(SettingKey.TENANT_ID.variable(), TENANT);
                env.put(SettingKey.CLIENT_ID.variable(), SP_CLIENT);
                env.put(SettingKey.CLIENT_SECRET.variable(), spSecret);
                return cli(env, "login", registry, "--tool", "podman", "--auth-file", authFile.toString());
            });

            steps.run("podman builds a one-file image and pushes it with that auth file", () -> {
                String image = "localhost/demo-hello:1";
                Path context = Files.createDirectories(work.resolve("context"));
                Files.writeString(context.resolve("hello.txt"), "hello from ACR Credential Bridge\n");
                Files.writeString(context.resolve("Containerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
                podman(common, "build", "-q", "-t", image, context.toString());
                Map<String, String> env = new LinkedHashMap<>(common);
                env.put("REGISTRY_AUTH_FILE", authFile.toString());
                podman(env, "push", "--cert-dir", stack.value.certDirectory().toString(), image,
                        "docker://" + registry + "/demo/hello:sp");
                podman(common, "save", "--format", "docker-archive", "-o", work.resolve("hello.tar").toString(),
                        image);
                return "pushed " + registry + "/demo/hello:sp";
            });

            Path dockerConfig = work.resolve("docker-config");
            steps.run("acr-login login --tool docker, as a Kubernetes workload identity (federated token file)", () -> {
                Path tokenFile = work.resolve("azure-identity-token");
                Files.writeString(tokenFile, svc.value.entra().mintFederatedToken(svc.value.entra().kubernetesIssuer(),
                        WI_SUBJECT, "api://AzureADTokenExchange", Duration.ofHours(1)));
                Map<String, String> env = new LinkedHashMap<>(common);
                env.put(SettingKey.TENANT_ID.variable(), TENANT);
                env.put(SettingKey.CLIENT_ID.variable(), WI_CLIENT);
                env.put(SettingKey.FEDERATED_TOKEN_FILE.variable(), tokenFile.toString());
                return cli(env, "login", registry, "--tool", "docker", "--docker-config", dockerConfig.toString());
            });

            steps.run("start dockerd (Debian docker.io) in a private root", () -> {
                dockerd.value = Dockerd.start();
                return "DOCKER_HOST=" + dockerd.value.dockerHost();
            });

            steps.run("docker load + docker push with the isolated DOCKER_CONFIG", () -> {
                Map<String, String> env = new LinkedHashMap<>(common);
                env.put("DOCKER_HOST", dockerd.value.dockerHost());
                env.put("DOCKER_CONFIG", dockerConfig.toString());
                String target = registry + "/demo/hello:wi";
                docker(env, "load", "-q", "-i", work.resolve("hello.tar").toString());
                docker(env, "tag", "localhost/demo-hello:1", target);
                String out = docker(env, "push", target);
                return out.lines().filter(l -> l.contains("digest:")).findFirst().orElse("pushed " + target);
            });

            Path helmConfig = work.resolve("helm/registry/config.json");
            steps.run("acr-login login --tool helm, as the service principal (helm registry login)", () -> {
                Map<String, String> env = new LinkedHashMap<>(common);
                env.put("AZURE_TENANT_ID", TENANT);
                env.put("AZURE_CLIENT_ID", SP_CLIENT);
                env.put("AZURE_CLIENT_SECRET", spSecret);
                return cli(env, "login", registry, "--tool", "helm", "--helm-config", helmConfig.toString());
            });

            steps.run("helm " + Helm.VERSION + " packages a chart, pushes it to oci://" + registry
                    + "/charts and pulls it back", () -> {
                Helm helm = new Helm(work.resolve("helm-work"));
                Map<String, String> env = new LinkedHashMap<>(common);
                env.put("HELM_REGISTRY_CONFIG", helmConfig.toString());
                Path chart = helm.packageChart("demo-chart", "0.1.0", "published by ./demo");
                Helm.Transfer pushed = helm.push(chart, registry, env, svc.value.caCertificatePem());
                Helm.Transfer pulled = helm.pull(registry, "demo-chart", "0.1.0", env, svc.value.caCertificatePem());
                if (!pushed.digest().equals(pulled.digest())
                        || !Helm.sha256(chart).equals(Helm.sha256(helm.pulledArchive("demo-chart", "0.1.0")))) {
                    throw new IllegalStateException("the chart pulled back differs from the chart pushed:\n"
                            + pushed.output() + "\n" + pulled.output());
                }
                return "pushed " + pushed.reference() + " " + pushed.digest() + "\npulled it back: same digest, "
                        + "same archive";
            });

            steps.run("acr-login check: may the workload identity push to other/app? (it may not)", () -> {
                Map<String, String> env = new LinkedHashMap<>(common);
                env.put(SettingKey.TENANT_ID.variable(), TENANT);
                env.put(SettingKey.CLIENT_ID.variable(), WI_CLIENT);
                env.put(SettingKey.FEDERATED_TOKEN_FILE.variable(), work.resolve("azure-identity-token").toString());
                ClientProcesses.Result r = Processes.run(cliCommand("check", registry, "--need", "other/app:push",
                        "--need", "demo/hello:pull,push", "--registry-mode", "abac"), env, null);
                if (r.exitCode() != 3) {
                    throw new IllegalStateException("expected exit 3 (permission short), got " + r.exitCode()
                            + ":\n" + r.both());
                }
                return r.both() + "\n(exit 3: permission short, as expected)";
            });
        } finally {
            if (dockerd.value != null) {
                dockerd.value.close();
            }
            if (stack.value != null) {
                stack.value.close();
            }
            if (svc.value != null) {
                svc.value.close();
            }
        }
        steps.summary();
        out.println("\nDemo finished: two identities, three clients, two image pushes, one chart published, one "
                + "permission report.");
    }

    private Map<String, String> commonEnv(LocalAzure svc, String registry) {
        Map<String, String> env = ClientEnvironment.privateHome(work);
        env.putAll(ClientEnvironment.localAcrLogin(svc, registry));
        // the machine may export SSL_CERT_FILE for its own CA: replace it for the clients
        env.put("SSL_CERT_FILE", svc.caCertificatePem().toString());
        return env;
    }

    private List<String> cliCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", cliJar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private String cli(Map<String, String> env, String... args) throws Exception {
        return Processes.runOk(cliCommand(args), env).both();
    }

    private String podman(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Processes.executable("podman"),
                "--root", work.resolve("podman/store").toString(), "--runroot", work.resolve("podman/run").toString(),
                "--storage-driver", "vfs"));
        command.addAll(List.of(args));
        return Processes.runOk(command, env).both();
    }

    private String docker(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Processes.executable("docker")));
        command.addAll(List.of(args));
        return Processes.runOk(command, env).both();
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }

    /** A slot a step fills, so later steps and the cleanup see it. */
    private static final class Holder<T> {
        T value;
    }
}
