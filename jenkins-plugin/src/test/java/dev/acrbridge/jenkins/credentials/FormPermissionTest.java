package dev.acrbridge.jenkins.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.jenkins.LocalStack;
import dev.acrbridge.jenkins.Users;
import dev.acrbridge.testsvc.Endpoint;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;
import org.htmlunit.FailingHttpStatusCodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.access.AccessDeniedException;

/** "Test connection" and the credential lists: POST only, Item.CONFIGURE in a job, ADMINISTER globally. */
@WithJenkins
class FormPermissionTest {
    @RegisterExtension
    static final LocalStack stack = LocalStack.withRegistries(1);

    /** "admin" administers, "dev" may configure every job, "reader" may only read them. */
    private static void secure(JenkinsRule j) {
        Users.secure(j)
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE).everywhere().to("dev")
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader");
    }

    /** Test connection as {@code user} in {@code context}, asking for pull and push on ci/app. */
    private static FormValidation testConnection(String user, Item context, String secret) {
        return Users.as(user, () -> stack.testConnection(context, secret, "ci/app:pull,push"));
    }

    @Test
    void readerCannotRunTheTestAnywhere(JenkinsRule j) throws Exception {
        secure(j);
        FreeStyleProject job = j.createFreeStyleProject("job");
        assertThrows(AccessDeniedException.class, () -> testConnection("reader", job, LocalStack.CLIENT_SECRET));
        assertThrows(AccessDeniedException.class, () -> testConnection("reader", null, LocalStack.CLIENT_SECRET));
        assertEquals(0, stack.svc().count(Endpoint.ENTRA_TOKEN), "no request was made for a denied user");
    }

    @Test
    void jobConfigurerMayNotChooseWhereSecretsGoNorTestGlobally(JenkinsRule j) throws Exception {
        secure(j);
        FreeStyleProject job = j.createFreeStyleProject("job");
        FormValidation refused = testConnection("dev", job, LocalStack.CLIENT_SECRET);
        assertEquals(FormValidation.Kind.ERROR, refused.kind, refused.renderHtml());
        assertTrue(refused.renderHtml().contains("Overall/Administer"), refused.renderHtml());
        assertThrows(AccessDeniedException.class, () -> testConnection("dev", null, LocalStack.CLIENT_SECRET));
        assertEquals(0, stack.svc().count(Endpoint.ENTRA_TOKEN), "nothing was sent for the refused test");
    }

    @Test
    void adminTestRunsTheWholeChainWithThePermissionCheck(JenkinsRule j) {
        secure(j);
        FormValidation ok = testConnection("admin", null, LocalStack.CLIENT_SECRET);
        assertEquals(FormValidation.Kind.OK, ok.kind, ok.renderHtml());
        assertTrue(ok.renderHtml().contains(stack.host(0)), ok.renderHtml());
    }

    @Test
    void adminTestNamesTheFixForAWrongSecret(JenkinsRule j) {
        secure(j);
        FormValidation bad = testConnection("admin", null, "wrong-secret");
        assertEquals(FormValidation.Kind.ERROR, bad.kind);
        assertTrue(bad.renderHtml().contains("Fix:"), bad.renderHtml());
        assertTrue(!bad.renderHtml().contains("wrong-secret"), "the secret is not echoed");
    }

    @Test
    void testConnectionIsPostOnly(JenkinsRule j) throws Exception {
        secure(j);
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");
        String local = stack.host(0);
        // a GET matches no web method (the @POST one is skipped): Stapler answers 404, and nothing runs
        FailingHttpStatusCodeException e = assertThrows(FailingHttpStatusCodeException.class, () -> wc.goTo(
                "descriptorByName/" + AcrEntraCredentials.class.getName() + "/testConnection?registry=" + local
                        + "&identityType=SERVICE_PRINCIPAL_SECRET&tenantId=" + LocalStack.TENANT + "&clientId="
                        + LocalStack.CLIENT + "&clientSecret=" + LocalStack.CLIENT_SECRET + "&cloud=custom"
                        + "&authorityHost=" + stack.svc().authorityHost() + "&allowedRegistryHosts=" + local
                        + "&caCertificateFile=" + stack.svc().caCertificatePem()));
        assertEquals(404, e.getStatusCode());
        assertEquals(0, stack.svc().count(Endpoint.ENTRA_TOKEN), "a GET ran nothing");
    }

    @Test
    void credentialListsOnlyForThoseWhoMayConfigure(JenkinsRule j) throws Exception {
        secure(j);
        stack.certificateCredential("cert-sp");
        FreeStyleProject job = j.createFreeStyleProject("job");
        AcrEntraCredentials.DescriptorImpl d = j.jenkins.getDescriptorByType(AcrEntraCredentials.DescriptorImpl.class);
        ListBoxModel reader = Users.as("reader", () -> d.doFillCertificateCredentialsIdItems(job, "current"));
        assertEquals(1, reader.size());
        assertEquals("current", reader.get(0).value);
        ListBoxModel dev = Users.as("dev", () -> d.doFillCertificateCredentialsIdItems(job, ""));
        assertTrue(dev.stream().anyMatch(o -> o.value.equals("cert-sp-certificate")), dev.toString());
    }
}
