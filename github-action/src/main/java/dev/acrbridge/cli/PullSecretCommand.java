package dev.acrbridge.cli;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.login.ClientCommand;
import dev.acrbridge.auth.login.ClientLoginException;
import dev.acrbridge.auth.login.KubernetesPullSecret;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.settings.AuthSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code acr-login pull-secret}: a Kubernetes image pull secret for clusters that cannot get Entra tokens themselves
 * (another tenant or cloud, on-premises): printed, or handed to {@code kubectl apply -f -} on stdin.
 */
@Command(name = "pull-secret", mixinStandardHelpOptions = true, description = {
    "Print (or --apply) a kubernetes.io/dockerconfigjson Secret for REGISTRY, the manifest kubectl create secret "
            + "docker-registry --dry-run=client writes. The manifest holds a credential: do not log stdout.",
    "--credential refresh-token (default for Entra identities): an ACR refresh token, annotated "
            + KubernetesPullSecret.EXPIRES_ANNOTATION + " and " + KubernetesPullSecret.SHORT_LIVED_ANNOTATION
            + "; re-create it before it expires (examples/kubernetes/: a CronJob with workload identity).",
    "--credential service-principal: the application id and client secret themselves (ACR accepts them like "
            + "docker login -u APP_ID); lives as long as the secret. --credential password (default with "
            + "--username): a repository-scoped token or the admin user."})
final class PullSecretCommand extends IdentityCommand {
    private static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(60);
    /** Variables kubectl needs to find its cluster, passed on explicitly: in a pod, in-cluster config. */
    private static final List<String> KUBECTL_VARIABLES = List.of("KUBECONFIG", "KUBERNETES_SERVICE_HOST",
            "KUBERNETES_SERVICE_PORT");

    @Parameters(paramLabel = "REGISTRY", description = "login server (contoso.azurecr.io) or name")
    String registry;
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "the Secret's name")
    String name;
    @Option(names = "--namespace", paramLabel = "NS", description = "its namespace (default: the kubeconfig's)")
    String namespace;
    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "yaml", description = "yaml (default) or json")
    String output;
    @Option(names = "--credential", paramLabel = "KIND", description = "refresh-token, service-principal or password "
            + "(default: password with --username/ACR_USERNAME, else refresh-token)")
    String credentialKind;
    @Option(names = "--apply", description = "run 'kubectl apply -f -' with the manifest on stdin (never on the "
            + "command line), with your kubeconfig; print nothing secret")
    boolean apply;

    @Override
    public Integer call() throws Exception {
        KubernetesPullSecret.Format format = format();
        checkNames();
        AuthSettings settings = settings();
        IdentitySpec identity = settings.identity();
        String kind = credentialKind(identity);
        Path kubectl = apply ? kubectl() : null;
        AcrAuth auth = settings.acrAuth();
        RegistryCredential credential;
        if (kind.equals("service-principal")) {
            credential = auth.servicePrincipalLogin((IdentitySpec.ServicePrincipalSecret) identity, registry);
        } else {
            credential = auth.credential(identity, registry);
        }
        KubernetesPullSecret secret = new KubernetesPullSecret(credential, name, namespace);
        if (apply) {
            apply(kubectl, secret);
        } else {
            parent.out.print(secret.render(format).reveal());
            parent.out.flush();
        }
        parent.err.println(summary(credential, secret));
        return ExitCodes.OK;
    }

    private KubernetesPullSecret.Format format() {
        switch (output.toLowerCase(Locale.ROOT)) {
            case "yaml": return KubernetesPullSecret.Format.YAML;
            case "json": return KubernetesPullSecret.Format.JSON;
            default: throw new InvalidConfigurationException("--output", "unknown format '" + output + "'",
                    "use --output yaml or --output json");
        }
    }

    private void checkNames() {
        try {
            KubernetesPullSecret.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("--name", e.getMessage(), "use a name like acr-pull");
        }
        if (namespace != null) {
            try {
                KubernetesPullSecret.checkNamespace(namespace);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("--namespace", e.getMessage(),
                        "use the namespace's name as kubectl get namespaces shows it");
            }
        }
    }

    private String credentialKind(IdentitySpec identity) {
        boolean basic = identity instanceof IdentitySpec.RepositoryToken || identity instanceof IdentitySpec.AdminUser;
        String kind = credentialKind == null ? (basic ? "password" : "refresh-token")
                : credentialKind.toLowerCase(Locale.ROOT);
        switch (kind) {
            case "refresh-token":
                if (basic) {
                    throw new InvalidConfigurationException("--credential", "refresh-token needs an Entra identity, "
                            + "not a registry username and password", "drop --credential (the pull secret then "
                            + "holds the username and password), or log in with an Entra identity");
                }
                return kind;
            case "service-principal":
                if (!(identity instanceof IdentitySpec.ServicePrincipalSecret)) {
                    throw new InvalidConfigurationException("--credential", "service-principal needs a service "
                            + "principal with a client secret, not " + identity.kind().label(),
                            "give --tenant-id, --client-id and the secret (AZURE_CLIENT_SECRET, "
                                    + "--client-secret-stdin or --client-secret-file)");
                }
                return kind;
            case "password":
                if (!basic) {
                    throw new InvalidConfigurationException("--credential", "password needs a repository-scoped "
                            + "token or the admin user", "give --username and the password (ACR_PASSWORD, "
                            + "--password-stdin or --password-file), with --auth-type token or admin");
                }
                return kind;
            default:
                throw new InvalidConfigurationException("--credential", "unknown kind '" + credentialKind + "'",
                        "use refresh-token, service-principal or password");
        }
    }

    private Path kubectl() {
        return ClientCommand.findOnPath("kubectl", parent.env.get("PATH")).orElseThrow(() ->
                new InvalidConfigurationException("--apply", "no kubectl on PATH",
                        "install kubectl, or drop --apply and pipe the output to 'kubectl apply -f -'"));
    }

    private void apply(Path kubectl, KubernetesPullSecret secret) throws java.io.IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String variable : KUBECTL_VARIABLES) {
            String value = parent.env.get(variable);
            if (value != null) {
                env.put(variable, value);
            }
        }
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "apply", "-f", "-"));
        ClientCommand.Result result = new ClientCommand(command, env, KUBECTL_TIMEOUT)
                .run(secret.render(KubernetesPullSecret.Format.YAML));
        if (result.exitCode() != 0) {
            throw new ClientLoginException("kubectl apply -f - failed (exit " + result.exitCode() + "): "
                    + result.output().strip(), "check that kubectl reaches the cluster (kubectl get secrets"
                    + (namespace == null ? "" : " -n " + namespace) + ") and may create and patch secrets there");
        }
        parent.err.println("acr-login: kubectl: " + result.output().strip());
    }

    private static String summary(RegistryCredential credential, KubernetesPullSecret secret) {
        String head = "acr-login: " + credential.loginServer() + ": pull secret for " + credential.identityKind()
                .label();
        if (!secret.isShortLived()) {
            return head + " '" + credential.username() + "'; valid as long as its password or client secret";
        }
        return head + "; short-lived: " + Summary.expiry(credential.expiresAt(), Instant.now())
                + "; re-create it before then (a CronJob: examples/kubernetes/), or use --credential "
                + "service-principal";
    }
}
