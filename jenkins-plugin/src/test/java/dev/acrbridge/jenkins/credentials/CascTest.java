package dev.acrbridge.jenkins.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.casc.CredentialsRootConfigurator;
import hudson.ExtensionList;
import hudson.security.ACL;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;

/** Configuration as code: the credential from YAML, exported back with the symbol and without the plain secret. */
@WithJenkinsConfiguredWithCode
class CascTest {

    private static Map<String, AcrEntraCredentials> byId() {
        return CredentialsProvider.lookupCredentialsInItemGroup(AcrEntraCredentials.class, Jenkins.get(), ACL.SYSTEM2,
                List.of()).stream().collect(Collectors.toMap(AcrEntraCredentials::getId, c -> c));
    }

    @Test
    @ConfiguredWithCode("casc.yaml")
    void configuresEveryIdentityKindFromYaml(JenkinsConfiguredWithCodeRule j) {
        Map<String, AcrEntraCredentials> creds = byId();
        AcrEntraCredentials sp = creds.get("acr-sp");
        assertEquals(IdentityType.SERVICE_PRINCIPAL_SECRET, sp.getIdentityType());
        assertEquals("contoso.azurecr.io", sp.getRegistry());
        assertEquals("casc-client-secret", sp.getClientSecret().getPlainText());
        assertEquals(UsedOn.CONTROLLER, sp.getUsedOn());
        assertEquals("public", sp.getCloud());

        AcrEntraCredentials mi = creds.get("acr-mi");
        assertEquals(IdentityType.MANAGED_IDENTITY, mi.getIdentityType());
        assertEquals(UserAssignedIdType.CLIENT_ID, mi.getUserAssignedIdType());
        assertEquals("china", mi.getCloud());
        assertEquals(UsedOn.AGENT, mi.getUsedOn());
        assertNull(mi.getClientSecret());

        AcrEntraCredentials wi = creds.get("acr-wi");
        assertEquals("/var/run/secrets/azure/tokens/azure-identity-token", wi.getTokenFile());
        assertEquals("registry.contoso.example", wi.getAllowedRegistryHosts());
    }

    @Test
    @ConfiguredWithCode("casc.yaml")
    void exportsWithTheSymbolAndAnEncryptedSecretThenReappliesTheSame(JenkinsConfiguredWithCodeRule j)
            throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CredentialsRootConfigurator root = ExtensionList.lookupSingleton(CredentialsRootConfigurator.class);
        CNode node = root.describe(root.getTargetComponent(context), context);
        String exported = Util.toYamlString(node);
        assertTrue(exported.contains("acrEntra:"), exported);
        assertTrue(exported.contains("identityType: \"SERVICE_PRINCIPAL_SECRET\"")
                || exported.contains("identityType: SERVICE_PRINCIPAL_SECRET"), exported);
        assertFalse(exported.contains("casc-client-secret"), "the secret is exported encrypted:\n" + exported);

        Map<String, AcrEntraCredentials> before = byId();
        Path file = Path.of(j.jenkins.getRootDir().getPath(), "exported.yaml");
        java.nio.file.Files.writeString(file, "credentials:\n" + exported.indent(2));
        ConfigurationAsCode.get().configure(file.toString());
        Map<String, AcrEntraCredentials> after = byId();
        assertEquals(before.keySet(), after.keySet());
        for (String id : before.keySet()) {
            j.assertEqualDataBoundBeans(before.get(id), after.get(id));
        }
    }

    @Test
    @ConfiguredWithCode("casc.yaml")
    void theExampleYamlConfigures(JenkinsConfiguredWithCodeRule j) throws Exception {
        System.setProperty("ACR_TENANT_ID", "72f988bf-86f1-41af-91ab-2d7cd011db47");
        System.setProperty("ACR_CLIENT_ID", "5d1c3a53-aaaa-4f7c-9b1e-0c4d2c1f7e11");
        System.setProperty("ACR_CLIENT_SECRET", "example-secret");
        try {
            ConfigurationAsCode.get().configure(Path.of("../examples/jenkins/jcasc.yaml").toAbsolutePath().toString());
        } finally {
            System.clearProperty("ACR_TENANT_ID");
            System.clearProperty("ACR_CLIENT_ID");
            System.clearProperty("ACR_CLIENT_SECRET");
        }
        AcrEntraCredentials example = byId().get("acr-push");
        assertEquals("example-secret", example.getClientSecret().getPlainText());
        assertEquals(IdentityType.SERVICE_PRINCIPAL_SECRET, example.getIdentityType());
        assertTrue(byId().containsKey("acr-aks-agents"));
    }
}
