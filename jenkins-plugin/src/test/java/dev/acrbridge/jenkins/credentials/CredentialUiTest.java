package dev.acrbridge.jenkins.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import dev.acrbridge.jenkins.LocalStack;
import dev.acrbridge.testsvc.Endpoint;
import hudson.util.FormValidation;
import hudson.util.Secret;
import java.util.List;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlOption;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The credential form the way an administrator meets it: rendered by Jenkins, driven in HtmlUnit (with Jenkins' own
 * form JavaScript) and submitted.
 */
@WithJenkins
class CredentialUiTest {
    private static final String STORE = "manage/credentials/store/system/domain/_/";
    @RegisterExtension
    static final LocalStack stack = LocalStack.withRegistries(1);
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    private JenkinsRule.WebClient web() {
        JenkinsRule.WebClient wc = j.createWebClient();
        wc.getOptions().setThrowExceptionOnFailingStatusCode(false);
        return wc;
    }

    private static AcrEntraCredentials managedIdentity(String id, String registry, String userAssignedId) {
        AcrEntraCredentials c = new AcrEntraCredentials(CredentialsScope.GLOBAL, id, null, registry,
                IdentityType.MANAGED_IDENTITY);
        c.setUserAssignedIdType(userAssignedId == null ? UserAssignedIdType.SYSTEM_ASSIGNED
                : UserAssignedIdType.CLIENT_ID);
        c.setUserAssignedId(userAssignedId);
        return c;
    }

    @Test
    void theCredentialsListTellsCredentialsApart() throws Exception {
        LocalStack.store(stack.servicePrincipalCredential("acr-sp"));
        LocalStack.store(managedIdentity("acr-mi", "fabrikam.azurecr.io", "0f6a3e2c-1111-4c1b-9d7e-5b5b5b5b5b5b"));
        AcrEntraCredentials system = managedIdentity("acr-mi-system", "contoso.azurecr.io", null);
        LocalStack.store(system);

        assertEquals(stack.host(0) + ", service principal 5d1c3a53\u2026 (test SP)",
                CredentialsNameProvider.name(stack.servicePrincipalCredential("x")));
        assertEquals("contoso.azurecr.io, managed identity (system-assigned)", CredentialsNameProvider.name(system));

        HtmlPage list = web().goTo(STORE);
        String text = list.asNormalizedText();
        assertTrue(text.contains(stack.host(0) + ", service principal 5d1c3a53\u2026 (test SP)"), text);
        assertTrue(text.contains("fabrikam.azurecr.io, managed identity 0f6a3e2c\u2026"), text);
        assertTrue(text.contains("contoso.azurecr.io, managed identity (system-assigned)"), text);
        assertFalse(text.contains("00000000-0000-0000-0000-000000000000/******"), text);

        HtmlPage page = web().goTo(STORE + "credential/acr-sp/");
        assertTrue(page.getTitleText().contains(stack.host(0) + ", service principal"), page.getTitleText());

        AcrEntraCredentials.DescriptorImpl d = j.jenkins.getDescriptorByType(AcrEntraCredentials.DescriptorImpl.class);
        assertEquals("symbol-acr-entra plugin-acr-entra-login", d.getIconClassName());
        assertNotNull(AcrEntraCredentials.class.getClassLoader().getResource("images/symbols/acr-entra.svg"));
    }

    /** The radio block of the chosen identity is shown, the others hidden; switching moves the fields. */
    @Test
    void eachIdentityTypeShowsOnlyItsFields() throws Exception {
        LocalStack.store(stack.servicePrincipalCredential("acr-sp"));
        HtmlPage page = web().goTo(STORE + "credential/acr-sp/update");
        HtmlForm form = page.getFormByName("update");
        assertTrue(shown(form, "_.tenantId"), "tenant shown for a service principal");
        assertTrue(shown(form, "_.clientSecret"), "client secret shown for a service principal with a secret");
        assertFalse(shown(form, "_.tokenFile"), "token file hidden");
        assertFalse(shown(form, "_.certificateCredentialsId"), "certificate hidden");
        assertFalse(shown(form, "_.userAssignedId"), "managed identity hidden");

        radio(form, "appCredential", "WORKLOAD_IDENTITY").click();
        assertTrue(shown(form, "_.tokenFile"), "token file shown once chosen");
        assertFalse(shown(form, "_.clientSecret"), "client secret hidden for workload identity");
        assertTrue(shown(form, "_.tenantId"), "tenant still shown for workload identity");

        radio(form, "identityType", "MANAGED_IDENTITY").click();
        assertTrue(shown(form, "_.userAssignedId"), "managed identity fields shown");
        assertFalse(shown(form, "_.tenantId"), "no tenant for a managed identity");
        assertFalse(shown(form, "_.tokenFile"), "no token file for a managed identity");
    }

    /** Fields of identities not chosen are neither submitted nor saved (a client secret on a managed identity). */
    @Test
    void switchingToManagedIdentityDropsTheSecret() throws Exception {
        LocalStack.store(stack.servicePrincipalCredential("acr-sp"));
        HtmlPage page = web().goTo(STORE + "credential/acr-sp/update");
        HtmlForm form = page.getFormByName("update");
        radio(form, "identityType", "MANAGED_IDENTITY").click();
        j.submit(form);
        AcrEntraCredentials saved = stored("acr-sp");
        assertEquals(IdentityType.MANAGED_IDENTITY, saved.getIdentityType());
        assertNull(saved.getClientSecret(), "the client secret is gone");
        assertNull(saved.getTenantId());
        assertEquals(UserAssignedIdType.SYSTEM_ASSIGNED, saved.getUserAssignedIdType());
    }

    /** "New credentials" with this kind chosen: the identity's radio blocks, and no red message before typing. */
    @Test
    void anUntouchedNewFormShowsNoError() throws Exception {
        JenkinsRule.WebClient wc = web();
        HtmlPage page = wc.goTo(STORE + "newCredentials");
        HtmlForm form = page.getFormByName("newCredentials");
        chooseKind(wc, form);
        wc.waitForBackgroundJavaScript(30_000); // the scope and credential lists are filled by AJAX
        assertNoErrorShown(form, "an untouched form shows no error");
        assertTrue(radio(form, "identityType", "APP").isChecked());
        assertTrue(radio(form, "appCredential", "SERVICE_PRINCIPAL_SECRET").isChecked());
    }

    /** Every field of the identity emptied and saved: refused, each field named, the stored credential unchanged. */
    @Test
    void anEmptiedCredentialIsRefusedWithTheFieldsNamed() throws Exception {
        LocalStack.store(stack.servicePrincipalCredential("acr-sp"));
        HtmlPage page = web().goTo(STORE + "credential/acr-sp/update");
        HtmlForm form = page.getFormByName("update");
        for (String field : List.of("_.registry", "_.tenantId", "_.clientId", "_.clientSecret")) {
            form.getInputByName(field).setValue("");
        }
        HtmlPage answer = j.submit(form);
        String text = answer.asNormalizedText();
        assertTrue(text.contains("Registry login server"), text);
        assertTrue(text.contains("Directory (tenant) ID"), text);
        assertTrue(text.contains("Application (client) ID"), text);
        assertTrue(text.contains("Client secret"), text);
        assertEquals(stack.host(0), stored("acr-sp").getRegistry(), "nothing was saved");
        assertEquals(LocalStack.CLIENT_SECRET, stored("acr-sp").getClientSecret().getPlainText());
    }

    @Test
    void anInvalidTenantIsRefusedOnSaveAndTheStoredCredentialIsUntouched() throws Exception {
        LocalStack.store(stack.servicePrincipalCredential("acr-sp"));
        HtmlPage page = web().goTo(STORE + "credential/acr-sp/update");
        HtmlForm form = page.getFormByName("update");
        form.getInputByName("_.tenantId").setValue("not a tenant");
        form.getInputByName("_.clientId").setValue("abc");
        HtmlPage answer = j.submit(form);
        String text = answer.asNormalizedText();
        assertTrue(text.contains("Directory (tenant) ID: 'not a tenant' is neither a GUID nor a domain."), text);
        assertTrue(text.contains("Application (client) ID: 'abc' is not a GUID."), text);
        assertEquals(LocalStack.TENANT, stored("acr-sp").getTenantId());
    }

    @Test
    void inlineChecksAreQuietWhenEmptyAndNameTheProblemOtherwise() {
        AcrEntraCredentials.DescriptorImpl d = j.jenkins.getDescriptorByType(AcrEntraCredentials.DescriptorImpl.class);
        for (FormValidation quiet : List.of(d.doCheckRegistry("", "public", null, null, null),
                d.doCheckTenantId("", "APP", "SERVICE_PRINCIPAL_SECRET"),
                d.doCheckClientId("", "APP", "SERVICE_PRINCIPAL_SECRET"),
                d.doCheckTokenFile("", "APP", "WORKLOAD_IDENTITY"),
                d.doCheckUserAssignedId("", "CLIENT_ID", "MANAGED_IDENTITY"),
                d.doCheckAuthorityHost("", "public"), d.doCheckRegistrySuffix("", "custom"),
                d.doCheckAllowedRegistryHosts(""), d.doCheckCaCertificateFile(""))) {
            assertEquals(FormValidation.Kind.OK, quiet.kind, quiet.renderHtml());
        }
        assertError(d.doCheckTenantId("common", "APP", "SERVICE_PRINCIPAL_SECRET"), "is not a tenant");
        assertError(d.doCheckTenantId("not a tenant", "APP", "SERVICE_PRINCIPAL_SECRET"), "neither a GUID");
        assertEquals(FormValidation.Kind.OK, d.doCheckTenantId("not a tenant", "MANAGED_IDENTITY", null).kind,
                "a managed identity has no tenant field");
        assertError(d.doCheckClientId("abc", "APP", "SERVICE_PRINCIPAL_CERTIFICATE"), "is not a GUID");
        assertError(d.doCheckUserAssignedId("abc", "RESOURCE_ID", "MANAGED_IDENTITY"), "resource id");
        assertError(d.doCheckAuthorityHost("http://login.example.net", "custom"), "https");
        assertEquals(FormValidation.Kind.WARNING, d.doCheckRegistrySuffix("azurecr.example", "custom").kind);
        assertError(d.doCheckAllowedRegistryHosts("https://registry.example/v2"), "host[:port]");
        assertError(d.doCheckCaCertificateFile("certs/ca.pem"), "absolute path");
        assertError(d.doCheckRegistry("evil.example.com", "public", null, null, null), "not trusted");
        assertEquals(FormValidation.Kind.WARNING, d.doCheckRegistry("contoso", "public", null, null, null).kind);
        assertEquals(FormValidation.Kind.OK,
                d.doCheckRegistry("registry.contoso.example", "public", null, null, "registry.contoso.example").kind);
        String html = d.doCheckTenantId("common", "APP", null).renderHtml();
        assertFalse(html.contains("AZURE_"), "no CLI variable names in the form: " + html);
    }

    /** Test connection, clicked in the rendered form: a wrong secret is an error block with the fix. */
    @Test
    void testConnectionShowsAWrongSecretAsAnError() throws Exception {
        AcrEntraCredentials c = stack.servicePrincipalCredential("acr-sp");
        c.setClientSecret(Secret.fromString("wrong-secret"));
        LocalStack.store(c);
        JenkinsRule.WebClient wc = web();
        HtmlPage page = wc.goTo(STORE + "credential/acr-sp/update");
        HtmlElement button = page.getDocumentElement().getOneHtmlElementByAttribute("button",
                "data-validate-button-method", "testConnection");
        button.click();
        wc.waitForBackgroundJavaScript(10_000);
        List<DomElement> errors = page.getByXPath(
                "//div[contains(@class,'validation-error-area')]//div[@class='error']");
        assertEquals(1, errors.size(), page.asXml());
        String text = errors.get(0).asNormalizedText();
        assertTrue(text.contains("Client secret"), text);
        assertTrue(text.contains("Fix:"), text);
        assertFalse(text.contains("AZURE_CLIENT_SECRET"), text);
        assertFalse(page.asXml().contains("wrong-secret"), "the secret is not echoed");
    }

    /** A missing permission is a warning with a table: each need, OK or MISSING, and the role to assign. */
    @Test
    void testConnectionShowsAMissingPermissionAsAWarningWithTheRole() {
        FormValidation v = stack.testConnection(null, LocalStack.CLIENT_SECRET, "ci/app:pull,push ci/app:delete");
        String html = v.renderHtml();
        assertEquals(FormValidation.Kind.WARNING, v.kind, html);
        assertTrue(html.contains("<table"), html);
        assertTrue(html.contains("MISSING: delete"), html);
        assertTrue(html.contains("OK"), html);
        assertTrue(html.contains("valid for"), html);
        assertFalse(html.contains("<pre>"), html);
    }

    /** Every field problem at once, and nothing sent. */
    @Test
    void testConnectionListsEveryProblemBeforeSendingAnything() {
        AcrEntraCredentials.DescriptorImpl d = j.jenkins.getDescriptorByType(AcrEntraCredentials.DescriptorImpl.class);
        FormValidation v = d.doTestConnection(null, stack.host(0), "SERVICE_PRINCIPAL_SECRET", "common", "abc",
                null, null, null, null, null, null, "custom", "http://login.example.net", "azurecr.example",
                "CONTROLLER", "https://x.example/", "ca.pem", "app:fly");
        String html = v.renderHtml();
        assertEquals(FormValidation.Kind.ERROR, v.kind, html);
        for (String label : List.of("Directory (tenant) ID", "Application (client) ID", "Client secret",
                "Authority host", "Registry suffix", "Other trusted registry hosts", "Extra CA certificates",
                "Check permissions for")) {
            assertTrue(html.contains(label), label + " missing in " + html);
        }
        assertEquals(0, stack.svc().count(Endpoint.ENTRA_TOKEN), "nothing was sent");
    }

    private AcrEntraCredentials stored(String id) {
        return com.cloudbees.plugins.credentials.CredentialsProvider.lookupCredentialsInItemGroup(
                AcrEntraCredentials.class, j.jenkins, hudson.security.ACL.SYSTEM2, List.of()).stream()
                .filter(c -> c.getId().equals(id)).findFirst().orElseThrow();
    }

    private static void assertError(FormValidation v, String expected) {
        assertEquals(FormValidation.Kind.ERROR, v.kind, v.renderHtml());
        assertTrue(v.renderHtml().contains(expected), expected + " not in " + v.renderHtml());
    }

    /** Picks "Azure Container Registry (Entra identity)" in the kind drop-down, which loads its form. */
    private static void chooseKind(JenkinsRule.WebClient wc, HtmlForm form) throws Exception {
        for (Object o : form.getByXPath(".//select")) {
            HtmlSelect select = (HtmlSelect) o;
            for (HtmlOption option : select.getOptions()) {
                if (option.getText().trim().equals("Azure Container Registry (Entra identity)")) {
                    select.setSelectedAttribute(option, true);
                    select.fireEvent("change");
                    wc.waitForBackgroundJavaScript(10_000);
                    return;
                }
            }
        }
        throw new AssertionError("no kind drop-down offers the ACR credential:\n" + form.asXml());
    }

    private static void assertNoErrorShown(HtmlForm form, String why) {
        List<Object> errors = form.getByXPath(".//div[contains(@class,'validation-error-area')]//div[@class='error']");
        assertTrue(errors.isEmpty(), why + ": " + errors);
    }

    private static HtmlRadioButtonInput radio(HtmlForm form, String name, String value) {
        return form.getRadioButtonsByName(name).stream().filter(r -> r.getValueAttribute().equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("no radio " + name + "=" + value));
    }

    /** Shown: no enclosing radio block is folded away (Jenkins marks folded rows form-container--hidden). */
    private static boolean shown(HtmlForm form, String name) {
        HtmlInput input = form.getInputsByName(name).isEmpty() ? null : form.getInputsByName(name).get(0);
        DomElement e = input != null ? input : form.getSelectByName(name);
        for (DomElement p = e; p != null && p != form; p = p.getParentNode() instanceof DomElement de ? de : null) {
            if (p.getAttribute("class").contains("form-container--hidden")) {
                return false;
            }
        }
        return true;
    }
}
