package dev.acrbridge.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.ClientProcesses;
import dev.acrbridge.testsvc.CloudStack;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/kubernetes/pull-secret-refresh.yaml}, as far as it runs without a cluster: its RBAC lets the job's
 * service account do exactly what {@code kubectl apply} does to the one Secret, and the CronJob's own command (minus
 * {@code --apply}) runs with the workload identity the manifest's service account federates as.
 */
class KubernetesPullSecretExampleTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("user.dir"), "kubernetes",
            "pull-secret-refresh.yaml");
    @TempDir
    Path tmp;

    private static Map<String, JsonNode> byKind() throws Exception {
        Map<String, JsonNode> docs = new HashMap<>();
        try (MappingIterator<JsonNode> it = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .readValues(EXAMPLE.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                docs.put(doc.path("kind").asText(), doc);
            }
        }
        return docs;
    }

    private static String option(List<String> command, String name) {
        return command.get(command.indexOf(name) + 1);
    }

    @Test
    void theCronJobsServiceAccountMayApplyExactlyItsSecretAndItsCommandRunsAsThatWorkloadIdentity() throws Exception {
        Map<String, JsonNode> docs = byKind();
        JsonNode pod = docs.get("CronJob").path("spec").path("jobTemplate").path("spec").path("template");
        List<String> command = new ArrayList<>();
        pod.path("spec").path("containers").path(0).path("command").forEach(c -> command.add(c.asText()));
        assertEquals(List.of("acr-login", "pull-secret"), command.subList(0, 2));
        assertTrue(command.contains("--apply"), command.toString());
        String secretName = option(command, "--name");
        String namespace = option(command, "--namespace");
        String account = pod.path("spec").path("serviceAccountName").asText();
        assertEquals("true", pod.path("metadata").path("labels").path("azure.workload.identity/use").asText());
        assertEquals(account, docs.get("ServiceAccount").path("metadata").path("name").asText());
        for (String kind : List.of("ServiceAccount", "Role", "RoleBinding", "CronJob")) {
            assertEquals(namespace, docs.get(kind).path("metadata").path("namespace").asText(), kind);
        }
        JsonNode binding = docs.get("RoleBinding");
        assertEquals(docs.get("Role").path("metadata").path("name").asText(),
                binding.path("roleRef").path("name").asText());
        assertEquals(account, binding.path("subjects").path(0).path("name").asText());

        // kubectl apply: GET the secret, then POST (create) or PATCH it; nothing else on any other secret
        Set<String> onTheSecret = new HashSet<>();
        Set<String> onAnySecret = new HashSet<>();
        for (JsonNode rule : docs.get("Role").path("rules")) {
            assertEquals("secrets", rule.path("resources").path(0).asText());
            Set<String> target = rule.has("resourceNames") ? onTheSecret : onAnySecret;
            if (rule.has("resourceNames")) {
                assertEquals(secretName, rule.path("resourceNames").path(0).asText());
            }
            rule.path("verbs").forEach(v -> target.add(v.asText()));
        }
        assertEquals(Set.of("get", "patch"), onTheSecret);
        assertEquals(Set.of("create"), onAnySecret, "create cannot be limited by name in RBAC; nothing more");

        // the command, against the local cloud, as the identity the service account federates as
        String tenant = UUID.randomUUID().toString();
        String clientId = UUID.randomUUID().toString();
        String subject = "system:serviceaccount:" + namespace + ":" + account;
        try (CloudStack cloud = CloudStack.start()) {
            LocalAzure svc = cloud.svc();
            Principal identity = svc.entra().federatedPrincipal(tenant, clientId, svc.entra().kubernetesIssuer(),
                    subject, "api://AzureADTokenExchange");
            svc.acr().assign(identity, Role.ACR_PULL);
            Path tokenFile = Files.writeString(tmp.resolve("azure-identity-token"), svc.entra().mintFederatedToken(
                    svc.entra().kubernetesIssuer(), subject, "api://AzureADTokenExchange", Duration.ofHours(1)));
            Map<String, String> env = ClientEnvironment.privateHome(tmp.resolve("home"));
            env.putAll(ClientEnvironment.localAcrLogin(svc, cloud.host()));
            pod.path("spec").path("containers").path(0).path("env").forEach(e -> env.put(e.path("name").asText(),
                    e.path("value").asText()));
            env.put("HOME", tmp.resolve("home").toString());
            env.put("AZURE_TENANT_ID", tenant);      // injected by the workload identity webhook
            env.put("AZURE_CLIENT_ID", clientId);
            env.put("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
            List<String> local = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", Path.of(System.getProperty("user.dir"), "..", "github-action", "target",
                    "acr-login.jar").toString()));
            for (String arg : command.subList(1, command.size())) {
                if (!arg.equals("--apply")) { // no cluster here: print the manifest kubectl would get
                    local.add(arg.equals("contoso.azurecr.io") ? cloud.host() : arg);
                }
            }
            ClientProcesses.Result r = ClientProcesses.run(local, env, null, null, Duration.ofSeconds(120));
            assertEquals(0, r.exitCode(), r.both());
            assertTrue(r.stdout().contains("  name: " + secretName + "\n  namespace: " + namespace + "\n"),
                    r.stdout());
            assertTrue(r.stdout().contains("type: kubernetes.io/dockerconfigjson"), r.stdout());
            assertTrue(r.stderr().contains("as workload identity") || r.stderr().contains("workload identity"),
                    r.stderr());
        }
    }
}
