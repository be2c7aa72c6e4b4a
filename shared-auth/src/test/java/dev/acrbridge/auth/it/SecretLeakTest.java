package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.settings.LoginSettings;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.auth.secret.SecretForms;
import dev.acrbridge.testsvc.Certificates;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Fault;
import dev.acrbridge.testsvc.KeyAndCertificate;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real secrets flow through real failures; no form of any of them (raw, base64, user:secret base64, JSON, URL)
 * may appear in an exception message, its causes, its stack trace text, or a toString.
 */
class SecretLeakTest {
    static final String SP_SECRET = "Sp~Secret.Value_8Q~zz\"quoted\"/slash+plus=";
    static final String ADMIN_PASSWORD = "AdminPass+/=9xYzW";
    static final String TOKEN_PASSWORD = "TokenPass/+=7aBcD";
    static final String P12_PASSWORD = "p12-Pass\\word!";
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    static AcrAuth auth;
    static String tenant = LocalCloud.guid();
    static String client = LocalCloud.guid();
    static final List<String> FORMS = new ArrayList<>();
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        Principal sp = cloud.svc().entra().servicePrincipal(tenant, client, SP_SECRET);
        cloud.svc().acr().assign(sp, Role.ACR_PUSH);
        cloud.svc().acr().adminUser("contoso", ADMIN_PASSWORD);
        cloud.svc().acr().repositoryToken("ci-token", TOKEN_PASSWORD, Map.of("app", Set.of("content/read")));
        auth = LocalCloud.auth(cloud.svc()).build();
        String oidc = cloud.svc().githubOidcRequestToken();
        for (String s : List.of(SP_SECRET, ADMIN_PASSWORD, TOKEN_PASSWORD, P12_PASSWORD, oidc)) {
            FORMS.addAll(SecretForms.of(Secret.of(s), "contoso"));
            FORMS.addAll(SecretForms.of(Secret.of(s), "ci-token"));
            FORMS.addAll(SecretForms.of(Secret.of(s), RegistryCredential.NULL_GUID));
        }
    }

    private static void assertClean(AcrAuthException e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String all = trace + "\n" + e;
        for (String form : FORMS) {
            assertFalse(all.contains(form), "secret form leaked into:\n" + all);
        }
        assertFalse(all.matches("(?s).*eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}.*"), "a JWT leaked into:\n" + all);
    }

    private static void assertCleanFailure(IdentitySpec spec) {
        assertClean(assertThrows(AcrAuthException.class, () -> auth.credential(spec, cloud.svc().registryHost())));
    }

    @Test
    void wrongAndRightSecretsThroughEntraAndRegistryFailures() {
        assertCleanFailure(new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of(SP_SECRET + "x")));
        IdentitySpec sp = new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of(SP_SECRET));
        for (Fault f : List.of(Fault.status(401), Fault.status(403), Fault.status(429), Fault.status(503),
                Fault.malformedJson(), Fault.truncatedBody(), Fault.reset())) {
            cloud.svc().faults().clear();
            // the Entra token was sent: it must not come back in text
            cloud.svc().faults().inject(Endpoint.ACR_EXCHANGE, f);
            assertCleanFailure(sp);
        }
        cloud.svc().faults().clear();
        cloud.svc().faults().inject(Endpoint.ENTRA_TOKEN, Fault.status(401).aadsts(7000215));
        assertCleanFailure(sp);
    }

    @Test
    void registryNativePasswordsThroughFailures() {
        assertCleanFailure(new IdentitySpec.AdminUser("contoso", Secret.of(ADMIN_PASSWORD + "x")));
        assertCleanFailure(new IdentitySpec.RepositoryToken("ci-token", Secret.of(TOKEN_PASSWORD + "x")));
        cloud.svc().faults().inject(Endpoint.ACR_TOKEN, Fault.status(503));
        assertCleanFailure(new IdentitySpec.AdminUser("contoso", Secret.of(ADMIN_PASSWORD)));
    }

    @Test
    void gitHubRequestTokenAndCertificatePasswordThroughFailures() {
        IdentitySpec gh = new IdentitySpec.GitHubOidc(tenant, client, URI.create(cloud.svc().githubOidcRequestUrl()),
                Secret.of(cloud.svc().githubOidcRequestToken() + "x"), null);
        assertCleanFailure(gh); // GitHub answers 401 to the wrong request token

        KeyAndCertificate cert = Certificates.selfSigned("CN=leak");
        Path p12 = cert.writePkcs12(dir.resolve("c.p12"), P12_PASSWORD.toCharArray());
        assertCleanFailure(new IdentitySpec.ServicePrincipalCertificate(tenant, client, p12,
                Secret.of(P12_PASSWORD + "x"), false)); // wrong password: the store does not open
        assertCleanFailure(new IdentitySpec.ServicePrincipalCertificate(tenant, client, p12,
                Secret.of(P12_PASSWORD), false)); // right password, certificate unknown to the app
    }

    @Test
    void toStringsAndResolverErrorsShowNoSecret() {
        IdentitySpec spec = LoginSettings.fromEnvironment(Map.of("AZURE_TENANT_ID", tenant, "AZURE_CLIENT_ID", client,
                "AZURE_CLIENT_SECRET", SP_SECRET)).identity();
        RegistryCredential cred = auth.credential(spec, cloud.svc().registryHost());
        for (String text : List.of(spec.toString(), cred.toString(), spec.cacheKey())) {
            for (String form : FORMS) {
                assertFalse(text.contains(form), text);
            }
            assertFalse(text.contains(cred.password().reveal()), text);
        }
        AcrAuthException bad = assertThrows(AcrAuthException.class, () -> LoginSettings.fromEnvironment(Map.of(
                "AZURE_TENANT_ID", tenant, "AZURE_CLIENT_ID", "not-a-guid", "AZURE_CLIENT_SECRET", SP_SECRET)).identity());
        assertClean(bad);
        assertTrue(bad.getMessage().contains("AZURE_CLIENT_ID"));
    }
}
