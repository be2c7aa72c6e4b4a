package dev.acrbridge.jenkins.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.jenkins.LocalStack;
import hudson.util.FormValidation;
import hudson.util.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The credential's configuration round trips (data binding, XML on disk), its username/password face, form checks. */
@WithJenkins
class AcrEntraCredentialsTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    /** Every field a workload identity uses (the constructor drops fields the chosen identity does not use). */
    private static AcrEntraCredentials workloadIdentity() {
        return withAppAndTrust(IdentityType.WORKLOAD_IDENTITY);
    }

    /** Every field of every identity set, on a managed identity used on the agent (stored as is by the setters). */
    private static AcrEntraCredentials full() {
        AcrEntraCredentials c = withAppAndTrust(IdentityType.MANAGED_IDENTITY);
        c.setClientSecret(Secret.fromString("round-trip-secret"));
        c.setUserAssignedIdType(UserAssignedIdType.RESOURCE_ID);
        c.setUserAssignedId("/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ci");
        return c;
    }

    /** Tenant, client, token file, a custom cloud, other trusted hosts, a CA file, used on the agent. */
    private static AcrEntraCredentials withAppAndTrust(IdentityType type) {
        AcrEntraCredentials c = new AcrEntraCredentials(CredentialsScope.GLOBAL, "acr", "desc", "contoso.azurecr.io",
                type);
        c.setTenantId("72f988bf-86f1-41af-91ab-2d7cd011db47");
        c.setClientId("5d1c3a53-aaaa-4f7c-9b1e-0c4d2c1f7e11");
        c.setTokenFile("/var/run/secrets/azure/tokens/azure-identity-token");
        c.setCloud("custom");
        c.setAuthorityHost("https://login.example.net");
        c.setRegistrySuffix(".azurecr.example");
        c.setUsedOn(UsedOn.AGENT);
        c.setAllowedRegistryHosts("registry.contoso.example");
        c.setCaCertificateFile("/etc/ssl/contoso-ca.pem");
        return c;
    }

    @Test
    void dataBindingRoundTripKeepsEveryField() throws Exception {
        AcrEntraCredentials before = workloadIdentity();
        DescribableModel<AcrEntraCredentials> model = DescribableModel.of(AcrEntraCredentials.class);
        AcrEntraCredentials after = model.instantiate(model.uninstantiate2(before).getArguments());
        j.assertEqualDataBoundBeans(before, after);
    }

    @Test
    void savedToDiskEncryptedAndReloaded() throws Exception {
        LocalStack.store(full());
        String xml = Files.readString(j.jenkins.getRootDir().toPath().resolve("credentials.xml"), StandardCharsets.UTF_8);
        assertTrue(xml.contains("contoso.azurecr.io"), xml);
        assertFalse(xml.contains("round-trip-secret"), "the client secret is stored encrypted");
        // read back what XStream wrote, into a fresh object graph
        SystemCredentialsProvider fromDisk = (SystemCredentialsProvider) SystemCredentialsProvider.getConfigFile().read();
        AcrEntraCredentials reloaded = (AcrEntraCredentials) fromDisk.getCredentials().get(0);
        j.assertEqualDataBoundBeans(full(), reloaded);
    }

    @Test
    void usernameIsTheNullGuidAndNotSecret() {
        AcrEntraCredentials c = full();
        assertEquals(RegistryCredential.NULL_GUID, c.getUsername());
        assertFalse(c.isUsernameSecret());
    }

    @Test
    void agentOnlyCredentialHasNoControllerPasswordAndSaysWhatToDo() {
        AcrAuthException e = assertThrows(AcrAuthException.class, () -> full().getPassword());
        assertTrue(e.getMessage().contains("acrLogin"), e.getMessage());
        assertTrue(e.getMessage().contains("'acr'"), e.getMessage());
    }

    @Test
    void missingFieldsAreNamedWithTheFix() {
        AcrEntraCredentials c = new AcrEntraCredentials(CredentialsScope.GLOBAL, "sp", null, "contoso.azurecr.io",
                IdentityType.SERVICE_PRINCIPAL_SECRET);
        c.setTenantId(LocalStack.TENANT);
        c.setClientId(LocalStack.CLIENT);
        AcrAuthException e = assertThrows(AcrAuthException.class, c::getPassword);
        assertTrue(e.getMessage().contains("clientSecret"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
    }

    /** The CLI's and the action's rules (shared-auth's validator), not a copy: caught before any request. */
    @Test
    void identityFieldsFollowTheSharedRules() {
        AcrEntraCredentials c = new AcrEntraCredentials(CredentialsScope.GLOBAL, "sp", null, "contoso.azurecr.io",
                IdentityType.SERVICE_PRINCIPAL_SECRET);
        c.setClientSecret(Secret.fromString("s"));
        c.setTenantId("common");
        c.setClientId(LocalStack.CLIENT);
        AcrAuthException tenant = assertThrows(AcrAuthException.class, c::getPassword);
        assertTrue(tenant.getMessage().contains("tenantId"), tenant.getMessage());
        c.setTenantId(LocalStack.TENANT);
        c.setClientId("my-app-name");
        AcrAuthException client = assertThrows(AcrAuthException.class, c::getPassword);
        assertTrue(client.getMessage().contains("clientId"), client.getMessage());

        AcrEntraCredentials.DescriptorImpl d = j.jenkins.getDescriptorByType(AcrEntraCredentials.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.ERROR, d.doCheckTenantId("common", "SERVICE_PRINCIPAL_SECRET", null).kind);
        assertEquals(FormValidation.Kind.ERROR, d.doCheckTenantId("not a tenant", "SERVICE_PRINCIPAL_SECRET", null).kind);
        assertEquals(FormValidation.Kind.OK,
                d.doCheckTenantId("contoso.onmicrosoft.com", "SERVICE_PRINCIPAL_SECRET", null).kind);
        assertEquals(FormValidation.Kind.ERROR, d.doCheckClientId("my-app-name", "WORKLOAD_IDENTITY", null).kind);
        assertEquals(FormValidation.Kind.OK, d.doCheckClientId(LocalStack.CLIENT, "WORKLOAD_IDENTITY", null).kind);
        assertEquals(FormValidation.Kind.ERROR, d.doCheckUserAssignedId("not-a-guid", "CLIENT_ID", "MANAGED_IDENTITY").kind);
        assertEquals(FormValidation.Kind.OK, d.doCheckUserAssignedId(LocalStack.CLIENT, "CLIENT_ID", "MANAGED_IDENTITY").kind);
        assertEquals(FormValidation.Kind.ERROR, d.doCheckUserAssignedId("/subscriptions/x", "RESOURCE_ID", "MANAGED_IDENTITY").kind);
    }

    @Test
    void registryFieldIsChecked() {
        AcrEntraCredentials.DescriptorImpl d = j.jenkins.getDescriptorByType(AcrEntraCredentials.DescriptorImpl.class);
        // an empty field stays quiet (an untouched form shows no error); saving names it
        assertEquals(FormValidation.Kind.OK, d.doCheckRegistry("", "public", null, null, null).kind);
        assertEquals(FormValidation.Kind.ERROR, d.doCheckRegistry("not a host/", "public", null, null, null).kind);
        assertEquals(FormValidation.Kind.OK, d.doCheckRegistry("contoso.azurecr.io", "public", null, null, null).kind);
        assertEquals(FormValidation.Kind.WARNING,
                d.doCheckRegistry("https://Contoso.azurecr.io/", "public", null, null, null).kind);
        assertEquals(FormValidation.Kind.OK, d.doCheckTenantId("", "SERVICE_PRINCIPAL_SECRET", null).kind);
        assertEquals(FormValidation.Kind.ERROR, d.doCheckTenantId("t", "SERVICE_PRINCIPAL_SECRET", null).kind);
        assertEquals(FormValidation.Kind.OK, d.doCheckTenantId("t", "MANAGED_IDENTITY", null).kind);
    }
}
