package dev.acrbridge.jenkins.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import dev.acrbridge.jenkins.LocalStack;
import dev.acrbridge.jenkins.Pages;
import hudson.util.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlElementUtil;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlOption;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.html.HtmlTextArea;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The credential the way a person meets it: pages rendered by Jenkins, filled in and submitted through HtmlUnit
 * (JavaScript on), then compared with what was typed. These would have caught the HTTP 500 of the add-credential
 * page: a Jelly title Stapler could not parse.
 */
@WithJenkins
class CredentialFormTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    @Test
    void addCredentialFormRendersAndCreatesTheCredential() throws Exception {
        JenkinsRule.WebClient wc = Pages.patientClient(j);
        HtmlPage page = wc.goTo("credentials/store/system/domain/_/newCredentials");
        HtmlForm form = page.getFormByName("newCredentials");
        String kind = j.jenkins.getDescriptorByType(AcrEntraCredentials.DescriptorImpl.class).getDisplayName();
        HtmlOption option = page.getDocumentElement().querySelectorAll("select.dropdownList option").stream()
                .filter(n -> n instanceof HtmlOption o && o.getVisibleText().equals(kind))
                .map(n -> (HtmlOption) n).findFirst().orElseThrow(() -> new AssertionError(kind + " not offered"));
        HtmlElementUtil.click(option);
        wc.waitForBackgroundJavaScript(5000);
        assertNotNull(form.getInputsByName("_.tenantId").stream().findFirst().orElse(null),
                "the credential's own form was rendered (it failed with HTTP 500 when a title had a parenthesis)");
        expandAdvanced(page);

        set(form, "_.id", "acr-ui");
        set(form, "_.description", "typed in the browser");
        set(form, "_.registry", "contoso.azurecr.io");
        choose(form, "identityType", "APP"); // the form asks app registration or managed identity, then the proof
        choose(form, "appCredential", IdentityType.SERVICE_PRINCIPAL_SECRET.name());
        set(form, "_.tenantId", LocalStack.TENANT);
        set(form, "_.clientId", LocalStack.CLIENT);
        set(form, "_.clientSecret", "typed-secret-value");
        set(form, "_.allowedRegistryHosts", "registry.contoso.example");
        j.submit(form);

        AcrEntraCredentials saved = SystemCredentialsProvider.getInstance().getCredentials().stream()
                .filter(c -> c instanceof AcrEntraCredentials a && a.getId().equals("acr-ui"))
                .map(c -> (AcrEntraCredentials) c).findFirst().orElseThrow(() -> new AssertionError("not created"));
        assertEquals("contoso.azurecr.io", saved.getRegistry());
        assertEquals(IdentityType.SERVICE_PRINCIPAL_SECRET, saved.getIdentityType());
        assertEquals(LocalStack.TENANT, saved.getTenantId());
        assertEquals(LocalStack.CLIENT, saved.getClientId());
        assertEquals("typed-secret-value", saved.getClientSecret().getPlainText());
        assertEquals("registry.contoso.example", saved.getAllowedRegistryHosts());
        assertEquals("typed in the browser", saved.getDescription());
        String xml = Files.readString(j.jenkins.getRootDir().toPath().resolve("credentials.xml"), StandardCharsets.UTF_8);
        assertFalse(xml.contains("typed-secret-value"), "stored encrypted");
    }

    @Test
    void updatePageRoundTripKeepsEveryFieldAndTheSecret() throws Exception {
        AcrEntraCredentials before = new AcrEntraCredentials(CredentialsScope.GLOBAL, "acr-edit", "edit me",
                "contoso.azurecr.io", IdentityType.SERVICE_PRINCIPAL_SECRET);
        before.setTenantId(LocalStack.TENANT);
        before.setClientId(LocalStack.CLIENT);
        before.setClientSecret(Secret.fromString("kept-secret"));
        before.setCloud("usgov");
        before.setAllowedRegistryHosts("registry.contoso.example");
        before.setCaCertificateFile("/etc/ssl/contoso-ca.pem");
        LocalStack.store(before);

        HtmlPage page = Pages.patientClient(j).goTo("credentials/store/system/domain/_/credential/acr-edit/update");
        assertFalse(page.asXml().contains("kept-secret"), "the secret is never sent to the browser in clear");
        j.submit(page.getFormByName("update"));

        AcrEntraCredentials after = (AcrEntraCredentials) SystemCredentialsProvider.getInstance().getCredentials()
                .stream().filter(c -> c instanceof AcrEntraCredentials a && a.getId().equals("acr-edit"))
                .findFirst().orElseThrow();
        j.assertEqualDataBoundBeans(before, after);
        assertEquals("kept-secret", after.getClientSecret().getPlainText());
    }

    @Test
    void managedIdentityOnTheAgentRoundTripsThroughTheUpdatePage() throws Exception {
        AcrEntraCredentials before = new AcrEntraCredentials(CredentialsScope.GLOBAL, "acr-mi", null,
                "fabrikam.azurecr.cn", IdentityType.MANAGED_IDENTITY);
        before.setUserAssignedIdType(UserAssignedIdType.CLIENT_ID);
        before.setUserAssignedId(LocalStack.CLIENT);
        before.setCloud("china");
        before.setUsedOn(UsedOn.AGENT);
        LocalStack.store(before);
        HtmlPage page = Pages.patientClient(j).goTo("credentials/store/system/domain/_/credential/acr-mi/update");
        j.submit(page.getFormByName("update"));
        AcrEntraCredentials after = (AcrEntraCredentials) SystemCredentialsProvider.getInstance().getCredentials()
                .stream().filter(c -> c instanceof AcrEntraCredentials a && a.getId().equals("acr-mi"))
                .findFirst().orElseThrow();
        j.assertEqualDataBoundBeans(before, after);
    }

    @Test
    void everyHelpPageRenders() throws Exception {
        Pages.assertHelpPagesRender(j, j.jenkins.getDescriptorByType(AcrEntraCredentials.DescriptorImpl.class),
                List.of("registry", "identityType", "tenantId", "clientId", "clientSecret", "certificateCredentialsId",
                        "userAssignedIdType", "userAssignedId", "tokenFile", "assertionCredentialsId", "usedOn",
                        "cloud", "authorityHost", "registrySuffix", "allowedRegistryHosts", "caCertificateFile",
                        "permissions"));
    }

    private static void expandAdvanced(HtmlPage page) throws Exception {
        for (DomNode n : page.getDocumentElement().querySelectorAll("button.advanced-button")) {
            if (((DomElement) n).isDisplayed()) {
                HtmlElementUtil.click((HtmlButton) n);
            }
        }
    }

    /** Sets every visible input or text area with that name (other kinds' blocks may hold the same name). */
    private static void set(HtmlForm form, String name, String value) {
        int set = 0;
        for (HtmlElement e : form.getElementsByAttribute("input", "name", name)) {
            ((HtmlInput) e).setValue(value);
            set++;
        }
        for (HtmlElement e : form.getElementsByAttribute("textarea", "name", name)) {
            ((HtmlTextArea) e).setText(value);
            set++;
        }
        assertTrue(set > 0, "no field " + name + " in the form");
    }

    /** Picks a choice whether the form shows it as a drop-down or as radio buttons. */
    private static void choose(HtmlForm form, String field, String value) throws Exception {
        for (String name : List.of(field, "_." + field)) { // f:enum names its select after the bare field
            for (HtmlElement e : form.getElementsByAttribute("select", "name", name)) {
                HtmlSelect select = (HtmlSelect) e;
                select.setSelectedAttribute(select.getOptionByValue(value), true);
                return;
            }
        }
        for (HtmlElement e : form.getElementsByAttribute("input", "type", "radio")) {
            HtmlRadioButtonInput radio = (HtmlRadioButtonInput) e;
            if (radio.getNameAttribute().endsWith(field) && value.equals(radio.getValueAttribute())) {
                HtmlElementUtil.click(radio);
                return;
            }
        }
        throw new AssertionError("no choice " + field + "=" + value + " in the form");
    }
}
