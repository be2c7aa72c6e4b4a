package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An existing Azure CLI login, through azure-identity's AzureCliCredential, in a child JVM whose PATH starts with a
 * stand-in {@code az}. The stand-in prints a real Entra token that the local Entra issued (the cloud part is all
 * that is faked) and records its arguments; for one tenant it answers like a CLI that is not logged in.
 */
class AzureCliTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    @TempDir
    static Path dir;

    @Test
    void cliLoginBecomesARefreshTokenAndAMissingLoginSaysAzLogin() throws Exception {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        Principal sp = cloud.svc().entra().servicePrincipal(tenant, client, "cli-secret-value");
        cloud.svc().acr().assign(sp, Role.ACR_PULL);
        String form = "grant_type=client_credentials&client_id=" + client + "&client_secret=cli-secret-value&scope="
                + URLEncoder.encode("https://containerregistry.azure.net/.default", StandardCharsets.UTF_8);
        HttpResponse<String> entra = HttpClient.newBuilder().sslContext(cloud.svc().sslContext()).build().send(
                HttpRequest.newBuilder(URI.create(cloud.svc().authorityHost() + "/" + tenant + "/oauth2/v2.0/token"))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode token = LocalCloud.JSON.readTree(entra.body());
        Path answer = dir.resolve("az-answer.json");
        Files.writeString(answer, LocalCloud.JSON.writeValueAsString(Map.of(
                "accessToken", token.get("access_token").asText(), "tokenType", "Bearer", "tenant", tenant,
                "expires_on", System.currentTimeMillis() / 1000 + 3000)));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path args = dir.resolve("az-args.txt");
        Path az = bin.resolve("az");
        Files.writeString(az, "#!/bin/sh\n"
                + "echo \"$@\" >> '" + args + "'\n"
                + "case \"$*\" in *not-logged-in.example*) echo \"ERROR: Please run 'az login' to setup account.\"; exit 1;; esac\n"
                + "cat '" + answer + "'\n");
        Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwx------"));

        List<String> lines = ChildJvm.run(cloud.svc(), Map.of("PATH", bin + ":" + System.getenv("PATH")),
                "cli;ACR_AUTH_TYPE=azure-cli", "nologin;ACR_AUTH_TYPE=azure-cli;AZURE_TENANT_ID=not-logged-in.example");

        String ok = ChildJvm.result(lines, "cli");
        assertTrue(ok.startsWith("RESULT cli ok 00000000-0000-0000-0000-000000000000 AZURE_CLI"), String.join("\n", lines));
        String nologin = ChildJvm.result(lines, "nologin");
        assertTrue(nologin.contains("EntraAuthenticationException") && nologin.contains("az login"), nologin);
        List<String> calls = Files.readAllLines(args);
        assertEquals(2, calls.size(), calls.toString());
        assertTrue(calls.get(0).contains("account get-access-token") && calls.get(0).contains(
                "--resource https://containerregistry.azure.net"), "ACR audience asked of the CLI: " + calls.get(0));
        assertTrue(calls.get(1).contains("--tenant not-logged-in.example"), calls.get(1));
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ACR_EXCHANGE));
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN), "only the stand-in's own token request");
    }
}
