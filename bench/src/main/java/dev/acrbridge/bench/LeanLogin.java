package dev.acrbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.AzureCloud;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.login.ContainersAuthWriter;
import dev.acrbridge.auth.registry.RegistryClient;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.registry.RegistryHost;
import dev.acrbridge.auth.registry.RegistryHostTrust;
import dev.acrbridge.auth.registry.TlsContexts;
import dev.acrbridge.auth.retry.RetryingHttp;
import dev.acrbridge.auth.retry.RetrySettings;
import dev.acrbridge.auth.secret.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * A measuring prototype, NOT a shipped login path: the same service-principal login as {@code acr-login login
 * --tool podman} (Entra client-credentials token, {@code GET /v2/}, exchange, auth file written with shared-auth's
 * registry client and writer), but with the one Entra POST sent by the JDK client instead of azure-identity/msal4j
 * and without picocli. Its cold start is what the protocol costs on this JVM; the difference to the CLI is what the
 * libraries on the login path cost.
 *
 * <p>Arguments: {@code <registry> <auth file> <client secret file>}; settings from the same variables as the CLI.
 */
public final class LeanLogin {
    private LeanLogin() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        URI authority = URI.create(env.get("AZURE_AUTHORITY_HOST"));
        Duration timeout = Duration.ofSeconds(30);
        SSLContext ssl = TlsContexts.withExtraCertificates(Path.of(env.get("ACR_LOGIN_CA_FILE")));
        HttpClient jdk = HttpClient.newBuilder().sslContext(ssl).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        RetryingHttp http = new RetryingHttp(jdk, RetrySettings.DEFAULT, Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()));
        AzureCloud cloud = AzureCloud.custom(authority, ".azurecr.io", "https://management.azure.com");
        RegistryHostTrust trust = new RegistryHostTrust(cloud, Set.of(env.get("ACR_LOGIN_ALLOWED_HOSTS")));
        RegistryClient registry = new RegistryClient(http, trust, timeout);
        RegistryHost host = trust.resolve(args[0]);
        RegistryClient.Endpoint endpoint = registry.discover(host);

        String secret = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
        String form = "grant_type=client_credentials&client_id=" + enc(env.get("AZURE_CLIENT_ID"))
                + "&client_secret=" + enc(secret) + "&scope=" + enc(AzureCloud.ACR_AUDIENCE + "/.default");
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(authority.resolve("/" + env.get("AZURE_TENANT_ID")
                        + "/oauth2/v2.0/token")).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (token.statusCode() != 200) {
            throw new IllegalStateException("Entra answered " + token.statusCode());
        }
        String access = new ObjectMapper().readTree(token.body()).path("access_token").asText();
        RegistryCredential credential = registry.exchange(endpoint, Secret.of(access),
                IdentityKind.SERVICE_PRINCIPAL_SECRET, false);
        new ContainersAuthWriter(Path.of(args[1])).login(credential);
        System.exit(0);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
