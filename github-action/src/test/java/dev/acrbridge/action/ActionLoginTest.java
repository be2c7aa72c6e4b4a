package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.testsvc.Certificates;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.KeyAndCertificate;
import dev.acrbridge.testsvc.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The action's main and post steps as separate JVM processes, the way the runner runs them, against the local Entra
 * and a real registry; later steps push and pull with podman and skopeo using only what the action exported.
 */
class ActionLoginTest {
    static final String NULL_GUID = "00000000-0000-0000-0000-000000000000";
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final LocalCloud cloud = new LocalCloud();

    @TempDir
    Path tmp;

    @Test
    void oidcLoginPushPullAndPostCleanupKeepingTheUsersOwnDockerConfig() throws IOException {
        RunnerJob job = cloud.oidcPushJob(tmp.resolve("job"))
                .input("check-permissions", "app:pull,push");
        Path userDocker = Files.createDirectories(job.home.resolve(".docker/cli-plugins"));
        Clients.writeCliPlugin(userDocker, "hello", "hello from a CLI plugin");
        String userConfig = "{\"auths\":{\"other.example.com\":{\"auth\":\"dXNlcjpvdGhlcg==\"}},\"credsStore\":\"desktop\"}";
        Files.writeString(userDocker.resolveSibling("config.json"), userConfig);
        cloud.svc().clearRequests();

        RunnerJob.Step main = job.runMainOk();

        Map<String, String> out = job.outputs();
        assertEquals(cloud.host(), out.get("login-server"));
        assertEquals(cloud.host(), out.get("login-servers"));
        assertEquals(NULL_GUID, out.get("username"));
        Instant expires = Instant.parse(out.get("expires-at"));
        assertTrue(expires.isAfter(Instant.now().plus(Duration.ofMinutes(30))), out.get("expires-at"));
        assertFalse(out.containsKey("token"), "the token is an output only with expose-token");

        Path dir = job.isolatedDir();
        assertEquals(job.runnerTemp, dir.getParent());
        Map<String, String> exported = job.exported();
        assertEquals(Map.of("DOCKER_CONFIG", dir.resolve("docker").toString(),
                "REGISTRY_AUTH_FILE", dir.resolve("containers/auth.json").toString(),
                "HELM_REGISTRY_CONFIG", dir.resolve("helm/registry/config.json").toString()), exported);
        assertEquals(exported.get("DOCKER_CONFIG"), out.get("docker-config"));

        String token = tokenIn(Path.of(exported.get("REGISTRY_AUTH_FILE")));
        List<String> forms = LocalCloud.secretForms(NULL_GUID, token);
        Secrets.assertMaskedBeforeAnyUse(main.stdout(), forms);
        Secrets.assertAbsent(main.stderr(), forms);
        assertEquals(List.of(), LocalCloud.filesContaining(tmp, dir, forms), "secret outside the isolated dir");
        assertEquals(token, tokenIn(Path.of(exported.get("HELM_REGISTRY_CONFIG"))));
        for (String file : List.of("docker/config.json", "containers/auth.json", "helm/registry/config.json")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))));
        }

        // the user's other login and CLI plugins (buildx) survive; no OS keychain; their own file is untouched
        JsonNode docker = JSON.readTree(dir.resolve("docker/config.json").toFile());
        assertTrue(docker.path("auths").has("other.example.com"));
        assertEquals(token, decodeAuth(docker.path("auths").path(cloud.host())));
        assertFalse(docker.has("credsStore"));
        assertEquals(userDocker.toString(), docker.path("cliPluginsExtraDirs").path(0).asText());
        assertEquals(userConfig, Files.readString(userDocker.resolveSibling("config.json")));

        // a fresh GitHub ID token for every Entra request
        long entra = cloud.svc().count(Endpoint.ENTRA_TOKEN);
        assertTrue(entra >= 1);
        assertEquals(entra, cloud.svc().count(Endpoint.GITHUB_OIDC));
        assertTrue(main.stdout().contains("OK      repository:app:pull,push"), main.stdout());

        // later steps: push with podman (REGISTRY_AUTH_FILE), pull-side check with skopeo through DOCKER_CONFIG only
        Clients clients = cloud.clients(tmp.resolve("clients"));
        String image = clients.buildImage("app", "hello from the action\n");
        String target = cloud.host() + "/app:" + UUID.randomUUID();
        RunnerJob.Step push = clients.podmanPush(job.laterStepEnv(), image, target);
        assertEquals(0, push.exitCode(), push.stdout() + push.stderr());
        Map<String, String> dockerOnly = new java.util.HashMap<>(job.laterStepEnv());
        dockerOnly.remove("REGISTRY_AUTH_FILE");
        RunnerJob.Step inspect = clients.skopeoInspect(dockerOnly, target);
        assertEquals(0, inspect.exitCode(), inspect.stdout() + inspect.stderr());
        RunnerJob.Step manifest = Clients.docker(dockerOnly, "manifest", "inspect", target);
        assertEquals(0, manifest.exitCode(), manifest.stdout() + manifest.stderr());
        assertTrue(manifest.stdout().contains("application/vnd.oci.image.manifest.v1+json"), manifest.stdout());
        // docker still finds the user's CLI plugins (buildx is one) through the isolated config
        RunnerJob.Step plugin = Clients.docker(dockerOnly, "hello");
        assertEquals(0, plugin.exitCode(), plugin.stdout() + plugin.stderr());
        assertEquals("hello from a CLI plugin", plugin.stdout().strip());
        Map<String, String> bareConfig = new java.util.HashMap<>(dockerOnly);
        bareConfig.put("DOCKER_CONFIG", Files.createDirectories(tmp.resolve("bare-docker-config")).toString());
        assertNotEquals(0, Clients.docker(bareConfig, "hello").exitCode(), "a bare DOCKER_CONFIG hides the plugins");

        RunnerJob.Step post = job.runJava(ActionMain.Phase.POST);
        assertEquals(0, post.exitCode(), post.stdout() + post.stderr());
        assertFalse(Files.exists(dir), "post step must remove the isolated config");
        assertEquals(userConfig, Files.readString(userDocker.resolveSibling("config.json")));
        RunnerJob.Step after = clients.podmanPush(job.laterStepEnv(), image, target + "-after");
        assertNotEquals(0, after.exitCode(), "credentials must not outlive the post step");
    }

    @Test
    void credentialHelperModeMintsTokensPerRequestFromPrivateSettings() throws IOException {
        RunnerJob job = cloud.oidcPushJob(tmp.resolve("job"))
                .input("credential-helper", "true").input("tools", "docker,podman");
        job.runMainOk();
        Path dir = job.isolatedDir();
        for (String file : List.of("docker/config.json", "containers/auth.json")) {
            JsonNode config = JSON.readTree(dir.resolve(file).toFile());
            assertEquals("acr-login", config.path("credHelpers").path(cloud.host()).asText(), file);
            assertFalse(config.path("auths").has(cloud.host()), file + " must not hold a token");
        }
        assertEquals(List.of(dir.resolve("bin").toString()), job.addedPaths());
        Path launcher = dir.resolve("bin").resolve(CredentialHelperSetup.LAUNCHER);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher)));
        Path settings = new dev.acrbridge.credhelper.HelperSettings(dir.resolve("helper")).fileOf(cloud.host());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));
        String requestToken = cloud.svc().githubOidcRequestToken();
        assertTrue(Files.readString(settings).contains(requestToken), "the helper needs the OIDC request token");
        assertEquals(List.of(), LocalCloud.filesContaining(tmp, dir, List.of(requestToken)));
        assertFalse(job.exported().containsKey("ACTIONS_ID_TOKEN_REQUEST_TOKEN"));

        // a later step: podman finds docker-credential-acr-login on the PATH the action added; the helper mints
        Map<String, String> later = new java.util.HashMap<>(job.laterStepEnv());
        later.put("PATH", job.addedPaths().get(0) + java.io.File.pathSeparator + later.get("PATH"));
        Clients clients = cloud.clients(tmp.resolve("clients"));
        String image = clients.buildImage("helper", "pushed through the credential helper\n");
        long entraBefore = cloud.svc().count(Endpoint.ENTRA_TOKEN);
        String target = cloud.host() + "/app:helper-" + UUID.randomUUID();
        RunnerJob.Step push = clients.podmanPush(later, image, target);
        assertEquals(0, push.exitCode(), push.stdout() + push.stderr());
        assertTrue(cloud.svc().count(Endpoint.ENTRA_TOKEN) > entraBefore, "the helper got its own token");
        RunnerJob.Step manifest = Clients.docker(later, "manifest", "inspect", target);
        assertEquals(0, manifest.exitCode(), "docker through the helper: " + manifest.stdout() + manifest.stderr());
        assertEquals(cloud.svc().count(Endpoint.ENTRA_TOKEN), cloud.svc().count(Endpoint.GITHUB_OIDC));

        assertEquals(0, job.runJava(ActionMain.Phase.POST).exitCode());
        assertFalse(Files.exists(dir), "settings, launcher and token cache go with the post step");
        RunnerJob.Step after = clients.podmanPush(later, image, target + "-after");
        assertNotEquals(0, after.exitCode());
    }

    @Test
    void servicePrincipalSecretAndExposedTokenAreMaskedAndOnlyInTheOutput() throws IOException {
        String clientId = UUID.randomUUID().toString();
        String secret = "sp~" + UUID.randomUUID() + "%\"x";
        cloud.svc().acr().assign(cloud.svc().entra().servicePrincipal(LocalCloud.TENANT, clientId, secret),
                Role.ACR_PUSH);
        RunnerJob job = cloud.job(tmp.resolve("job")).input("tenant-id", LocalCloud.TENANT).input("client-id", clientId)
                .input("client-secret", secret).input("expose-token", "true").input("tools", "podman");

        RunnerJob.Step main = job.runMainOk();
        assertTrue(main.stdout().contains("service principal (secret)"), main.stdout());
        String token = job.outputs().get("token");
        assertEquals(token, tokenIn(Path.of(job.exported().get("REGISTRY_AUTH_FILE"))));
        assertEquals(Map.of("REGISTRY_AUTH_FILE", job.exported().get("REGISTRY_AUTH_FILE")), job.exported());
        assertEquals("", job.outputs().get("docker-config"));

        Secrets.assertMaskedBeforeAnyUse(main.stdout(), List.of(secret));
        Secrets.assertMaskedBeforeAnyUse(main.stdout(), LocalCloud.secretForms(NULL_GUID, token));
        Secrets.assertAbsent(main.stderr(), List.of(secret, token));
        Path dir = job.isolatedDir();
        assertEquals(List.of(), LocalCloud.filesContaining(tmp, null, List.of(secret)), "client secret written");
        // the token output was asked for: GITHUB_OUTPUT is the one place outside the isolated dir that holds it
        assertEquals(List.of(job.output), LocalCloud.filesContaining(tmp, dir, List.of(token)));
        assertEquals(0, job.runJava(ActionMain.Phase.POST).exitCode());
        assertFalse(Files.exists(dir));
    }

    @Test
    void certificatePemContentIsWrittenPrivatelyMaskedLineByLineAndRemoved() throws IOException {
        String clientId = UUID.randomUUID().toString();
        KeyAndCertificate cert = Certificates.selfSigned("CN=acr-login-action-test");
        cloud.svc().acr().assign(cloud.svc().entra().certificatePrincipal(LocalCloud.TENANT, clientId,
                cert.certificate()), Role.ACR_PUSH);
        String pem = cert.privateKeyPem() + cert.certificatePem();
        RunnerJob job = cloud.job(tmp.resolve("job")).input("auth-type", "certificate").input("tenant-id", LocalCloud.TENANT)
                .input("client-id", clientId).input("client-certificate", pem).input("tools", "docker");

        RunnerJob.Step main = job.runMainOk();
        Path dir = job.isolatedDir();
        Path written = dir.resolve("client-certificate.pem");
        assertEquals(pem.strip(), Files.readString(written).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        List<String> keyLines = cert.privateKeyPem().lines().filter(l -> !l.startsWith("-----")).toList();
        Secrets.assertMaskedBeforeAnyUse(main.stdout(), keyLines);
        assertEquals(List.of(), LocalCloud.filesContaining(tmp, dir, keyLines), "key material outside the dir");
        assertEquals(0, job.runJava(ActionMain.Phase.POST).exitCode());
        assertFalse(Files.exists(written));
    }

    @Test
    void missingRightFailsNamingTheRoleAndLeavesNoCredentials() throws IOException {
        RunnerJob job = cloud.oidcJob(tmp.resolve("job"), cloud.federatedApp(Role.ACR_PULL))
                .input("check-permissions", "app:push");
        RunnerJob.Step main = job.runJava(ActionMain.Phase.MAIN);
        assertEquals(1, main.exitCode(), main.stdout());
        String error = String.join("\n", main.errors());
        assertTrue(error.contains("check-permissions failed") && error.contains("MISSING"), error);
        assertTrue(error.contains("AcrPush") || error.contains("Repository Writer"), error);
        assertEquals(Map.of(), job.exported());
        assertEquals(Map.of(), job.outputs());
        try (var left = Files.list(job.runnerTemp)) {
            assertEquals(List.of(), left.toList(), "the isolated dir is removed on failure");
        }
    }

    @Test
    void entraRefusalIsReportedWithoutSecretsAndWritesNothing() throws IOException {
        // an app without a federated credential for this repository's subject
        String clientId = UUID.randomUUID().toString();
        cloud.svc().entra().federatedPrincipal(LocalCloud.TENANT, clientId, cloud.svc().github().issuer(),
                "repo:someone/else:ref:refs/heads/main", "api://AzureADTokenExchange");
        RunnerJob job = cloud.oidcJob(tmp.resolve("job"), clientId);
        RunnerJob.Step main = job.runJava(ActionMain.Phase.MAIN);
        assertEquals(1, main.exitCode(), main.stdout());
        String error = String.join("\n", main.errors());
        assertTrue(error.contains("AADSTS"), error);
        Secrets.assertMaskedBeforeAnyUse(main.stdout(), List.of(cloud.svc().githubOidcRequestToken()));
        Secrets.assertAbsent(main.stderr(), List.of(cloud.svc().githubOidcRequestToken()));
        assertEquals(Map.of(), job.exported());
        assertEquals(Map.of(), job.outputs());
    }

    @Test
    void managedIdentityOfASelfHostedRunnerIsTheAutoChoiceWithoutIdentityInputs() throws IOException {
        cloud.svc().acr().assign(cloud.svc().entra().systemAssignedIdentity(), Role.ACR_PUSH);
        RunnerJob job = cloud.job(tmp.resolve("job")).input("tools", "podman")
                .env("AZURE_POD_IDENTITY_AUTHORITY_HOST", cloud.svc().imdsAuthorityHost());
        RunnerJob.Step main = job.runMainOk();
        assertTrue(main.stdout().contains("with managed identity"), main.stdout());
        assertEquals(NULL_GUID, job.outputs().get("username"));
        String token = tokenIn(Path.of(job.exported().get("REGISTRY_AUTH_FILE")));
        Secrets.assertMaskedBeforeAnyUse(main.stdout(), LocalCloud.secretForms(NULL_GUID, token));
        assertEquals(0, job.runJava(ActionMain.Phase.POST).exitCode());
    }

    @Test
    void adminUserPasswordLogsInPodmanAndIsMaskedInEveryForm() throws IOException {
        String password = "admin-" + UUID.randomUUID();
        cloud.svc().acr().adminUser("contoso", password);
        RunnerJob job = cloud.job(tmp.resolve("job")).input("auth-type", "admin").input("username", "contoso")
                .input("password", password).input("tools", "podman");
        RunnerJob.Step main = job.runMainOk();
        assertEquals("contoso", job.outputs().get("username"));
        assertEquals("", job.outputs().get("expires-at"), "admin passwords do not expire");
        List<String> forms = LocalCloud.secretForms("contoso", password);
        Secrets.assertMaskedBeforeAnyUse(main.stdout(), forms);
        Path dir = job.isolatedDir();
        assertEquals(List.of(), LocalCloud.filesContaining(tmp, dir, forms));

        Clients clients = cloud.clients(tmp.resolve("clients"));
        String image = clients.buildImage("admin", "pushed as the admin user\n");
        RunnerJob.Step push = clients.podmanPush(job.laterStepEnv(), image,
                cloud.host() + "/app:admin-" + UUID.randomUUID());
        assertEquals(0, push.exitCode(), push.stdout() + push.stderr());
        assertEquals(0, job.runJava(ActionMain.Phase.POST).exitCode());
        assertFalse(Files.exists(dir));
    }

    static String tokenIn(Path authFile) throws IOException {
        JsonNode auths = JSON.readTree(authFile.toFile()).path("auths");
        return decodeAuth(auths.path(auths.fieldNames().next()));
    }

    static String decodeAuth(JsonNode entry) {
        String pair = new String(Base64.getDecoder().decode(entry.path("auth").asText()), StandardCharsets.UTF_8);
        assertTrue(pair.startsWith(NULL_GUID + ":"), "auth entry is not null-GUID:token");
        return pair.substring(pair.indexOf(':') + 1);
    }
}
