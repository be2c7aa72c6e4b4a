package dev.acrbridge.jenkins.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.casc.CredentialsRootConfigurator;
import dev.acrbridge.jenkins.LocalStack;
import hudson.ExtensionList;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.model.CNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The credential's stored and JCasC forms across the form-per-identity change: each identity type survives a JCasC
 * export and re-import unchanged, an unusable one is refused with the field named, and a credential stored in
 * today's XML format still loads, is named and renders.
 */
@WithJenkins
class CredentialFormatTest {
    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String CLIENT = "5d1c3a53-aaaa-4f7c-9b1e-0c4d2c1f7e11";
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    private static Map<String, AcrEntraCredentials> byId() {
        return CredentialsProvider.lookupCredentialsInItemGroup(AcrEntraCredentials.class, Jenkins.get(), ACL.SYSTEM2,
                List.of()).stream().collect(Collectors.toMap(AcrEntraCredentials::getId, c -> c));
    }

    private void apply(String credentialsYaml) throws Exception {
        Path file = Files.createTempFile(j.jenkins.getRootDir().toPath(), "casc", ".yaml");
        Files.writeString(file, "credentials:\n  system:\n    domainCredentials:\n      - credentials:\n"
                + credentialsYaml.indent(10));
        ConfigurationAsCode.get().configure(file.toString());
    }

    @Test
    void everyIdentityTypeSurvivesAJcascRoundTrip() throws Exception {
        apply("""
                - acrEntra:
                    id: sp-secret
                    registry: contoso.azurecr.io
                    identityType: SERVICE_PRINCIPAL_SECRET
                    tenantId: %1$s
                    clientId: %2$s
                    clientSecret: "casc-secret"
                - acrEntra:
                    id: sp-cert
                    registry: contoso.azurecr.io
                    identityType: SERVICE_PRINCIPAL_CERTIFICATE
                    tenantId: contoso.onmicrosoft.com
                    clientId: %2$s
                    certificateCredentialsId: sp-p12
                - acrEntra:
                    id: mi-user
                    registry: fabrikam.azurecr.cn
                    identityType: MANAGED_IDENTITY
                    userAssignedIdType: RESOURCE_ID
                    userAssignedId: /subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ci
                    cloud: china
                    usedOn: AGENT
                - acrEntra:
                    id: wi
                    registry: contoso.azurecr.io
                    identityType: WORKLOAD_IDENTITY
                    tenantId: %1$s
                    clientId: %2$s
                    tokenFile: /var/run/secrets/azure/tokens/azure-identity-token
                    usedOn: AGENT
                - acrEntra:
                    id: federated
                    registry: registry.contoso.example
                    identityType: FEDERATED_TOKEN
                    tenantId: %1$s
                    clientId: %2$s
                    assertionCredentialsId: oidc-token
                    allowedRegistryHosts: registry.contoso.example
                """.formatted(TENANT, CLIENT));
        Map<String, AcrEntraCredentials> before = byId();
        assertEquals(5, before.size(), before.keySet().toString());
        assertEquals("casc-secret", before.get("sp-secret").getClientSecret().getPlainText());
        assertEquals("sp-p12", before.get("sp-cert").getCertificateCredentialsId());
        assertEquals(UserAssignedIdType.RESOURCE_ID, before.get("mi-user").getUserAssignedIdType());
        assertNull(before.get("mi-user").getTenantId());
        assertEquals("/var/run/secrets/azure/tokens/azure-identity-token", before.get("wi").getTokenFile());
        assertEquals("oidc-token", before.get("federated").getAssertionCredentialsId());

        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CredentialsRootConfigurator root = ExtensionList.lookupSingleton(CredentialsRootConfigurator.class);
        CNode node = root.describe(root.getTargetComponent(context), context);
        String exported = Util.toYamlString(node);
        for (IdentityType type : IdentityType.values()) {
            assertTrue(exported.contains(type.name()), type + " missing in\n" + exported);
        }
        assertFalse(exported.contains("casc-secret"), "the secret is exported encrypted:\n" + exported);
        Path file = Path.of(j.jenkins.getRootDir().getPath(), "exported.yaml");
        Files.writeString(file, "credentials:\n" + exported.indent(2));
        ConfigurationAsCode.get().configure(file.toString());
        Map<String, AcrEntraCredentials> after = byId();
        assertEquals(before.keySet(), after.keySet());
        for (String id : before.keySet()) {
            j.assertEqualDataBoundBeans(before.get(id), after.get(id));
            assertEquals(before.get(id).getIdentityType(), after.get(id).getIdentityType(), id);
        }
    }

    @Test
    void jcascRefusesAnUnusableCredentialNamingTheField() {
        Exception e = assertThrows(Exception.class, () -> apply("""
                - acrEntra:
                    id: bad
                    registry: contoso.azurecr.io
                    identityType: SERVICE_PRINCIPAL_SECRET
                    tenantId: common
                    clientId: %s
                    clientSecret: "s"
                """.formatted(CLIENT)));
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        assertTrue(all.toString().contains("Directory (tenant) ID"), all.toString());
        assertFalse(byId().containsKey("bad"));
    }

    /** The XML a credential was stored with before the form change, as XStream wrote it. */
    @Test
    void aCredentialStoredInTodaysFormatStillLoads() throws Exception {
        String xml = """
                <dev.acrbridge.jenkins.credentials.AcrEntraCredentials plugin="acr-entra-login@0.1.0-SNAPSHOT">
                  <scope>GLOBAL</scope>
                  <id>stored-sp</id>
                  <description>pushes from main</description>
                  <registry>contoso.azurecr.io</registry>
                  <identityType>SERVICE_PRINCIPAL_SECRET</identityType>
                  <tenantId>%s</tenantId>
                  <clientId>%s</clientId>
                  <clientSecret>%s</clientSecret>
                  <userAssignedIdType>SYSTEM_ASSIGNED</userAssignedIdType>
                  <cloud>public</cloud>
                  <usedOn>CONTROLLER</usedOn>
                </dev.acrbridge.jenkins.credentials.AcrEntraCredentials>
                """.formatted(TENANT, CLIENT, Secret.fromString("stored-secret").getEncryptedValue());
        AcrEntraCredentials c = (AcrEntraCredentials) Jenkins.XSTREAM2.fromXML(xml);
        assertEquals(IdentityType.SERVICE_PRINCIPAL_SECRET, c.getIdentityType());
        assertEquals("stored-secret", c.getClientSecret().getPlainText());
        assertEquals(UsedOn.CONTROLLER, c.getUsedOn());
        assertEquals("contoso.azurecr.io, service principal 5d1c3a53\u2026 (pushes from main)",
                CredentialsNameProvider.name(c));

        LocalStack.store(c);
        JenkinsRule.WebClient wc = j.createWebClient();
        HtmlPage update = wc.goTo("manage/credentials/store/system/domain/_/credential/stored-sp/update");
        assertEquals(TENANT, update.getFormByName("update").getInputByName("_.tenantId").getValue());
        assertTrue(update.getFormByName("update").getRadioButtonsByName("appCredential").stream()
                .anyMatch(r -> r.isChecked() && r.getValueAttribute().equals("SERVICE_PRINCIPAL_SECRET")));
    }
}
