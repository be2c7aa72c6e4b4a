package dev.acrbridge.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.jenkins.credentials.AcrEntraCredentials;
import dev.acrbridge.testsvc.Endpoint;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import jenkins.model.Jenkins;
import org.htmlunit.FailingHttpStatusCodeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.access.AccessDeniedException;

/** "Test connection" and the credential lists: POST only, Item.CONFIGURE in a job, ADMINISTER globally. */
@WithJenkins
class FormPermissionTest {
    private static LocalStack stack;
    private JenkinsRule j;
    private FreeStyleProject job;
    private AcrEntraCredentials.DescriptorImpl descriptor;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start(1);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        job = j.createFreeStyleProject("job");
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE).everywhere().to("dev")
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader"));
        descriptor = j.jenkins.getDescriptorByType(AcrEntraCredentials.DescriptorImpl.class);
        stack.certificateCredential("cert-sp");
        stack.svc.clearRequests();
    }

    private FormValidation testConnection(Item context, String secret) {
        String local = stack.host(0);
        return descriptor.doTestConnection(context, local, "SERVICE_PRINCIPAL_SECRET", LocalStack.TENANT,
                LocalStack.CLIENT, Secret.fromString(secret), null, null, null, null, null, "custom",
                stack.svc.authorityHost().toString(), null, "CONTROLLER", local,
                stack.svc.caCertificatePem().toString(), "ci/app:pull,push");
    }

    @Test
    void readerCannotRunTheTestAnywhere() {
        try (ACLContext ignored = ACL.as2(User.getById("reader", true).impersonate2())) {
            assertThrows(AccessDeniedException.class, () -> testConnection(job, LocalStack.CLIENT_SECRET));
            assertThrows(AccessDeniedException.class, () -> testConnection(null, LocalStack.CLIENT_SECRET));
        }
        assertEquals(0, stack.svc.count(Endpoint.ENTRA_TOKEN), "no request was made for a denied user");
    }

    @Test
    void jobConfigurerMayNotChooseWhereSecretsGoNorTestGlobally() {
        try (ACLContext ignored = ACL.as2(User.getById("dev", true).impersonate2())) {
            FormValidation refused = testConnection(job, LocalStack.CLIENT_SECRET);
            assertEquals(FormValidation.Kind.ERROR, refused.kind, refused.renderHtml());
            assertTrue(refused.renderHtml().contains("Overall/Administer"), refused.renderHtml());
            assertThrows(AccessDeniedException.class, () -> testConnection(null, LocalStack.CLIENT_SECRET));
        }
        assertEquals(0, stack.svc.count(Endpoint.ENTRA_TOKEN), "nothing was sent for the refused test");
    }

    @Test
    void adminTestRunsTheWholeChainWithThePermissionCheck() {
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            FormValidation ok = testConnection(null, LocalStack.CLIENT_SECRET);
            assertEquals(FormValidation.Kind.OK, ok.kind, ok.renderHtml());
            assertTrue(ok.renderHtml().contains(stack.host(0)), ok.renderHtml());
        }
    }

    @Test
    void adminTestNamesTheFixForAWrongSecret() {
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            FormValidation bad = testConnection(null, "wrong-secret");
            assertEquals(FormValidation.Kind.ERROR, bad.kind);
            assertTrue(bad.renderHtml().contains("Fix:"), bad.renderHtml());
            assertTrue(!bad.renderHtml().contains("wrong-secret"), "the secret is not echoed");
        }
    }

    @Test
    void testConnectionIsPostOnly() throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");
        String local = stack.host(0);
        // a GET matches no web method (the @POST one is skipped): Stapler answers 404, and nothing runs
        FailingHttpStatusCodeException e = assertThrows(FailingHttpStatusCodeException.class, () -> wc.goTo(
                "descriptorByName/" + AcrEntraCredentials.class.getName() + "/testConnection?registry=" + local
                        + "&identityType=SERVICE_PRINCIPAL_SECRET&tenantId=" + LocalStack.TENANT + "&clientId="
                        + LocalStack.CLIENT + "&clientSecret=" + LocalStack.CLIENT_SECRET + "&cloud=custom"
                        + "&authorityHost=" + stack.svc.authorityHost() + "&allowedRegistryHosts=" + local
                        + "&caCertificateFile=" + stack.svc.caCertificatePem()));
        assertEquals(404, e.getStatusCode());
        assertEquals(0, stack.svc.count(Endpoint.ENTRA_TOKEN), "a GET ran nothing");
    }

    @Test
    void credentialListsOnlyForThoseWhoMayConfigure() {
        try (ACLContext ignored = ACL.as2(User.getById("reader", true).impersonate2())) {
            ListBoxModel items = descriptor.doFillCertificateCredentialsIdItems(job, "current");
            assertEquals(1, items.size());
            assertEquals("current", items.get(0).value);
        }
        try (ACLContext ignored = ACL.as2(User.getById("dev", true).impersonate2())) {
            ListBoxModel items = descriptor.doFillCertificateCredentialsIdItems(job, "");
            assertTrue(items.stream().anyMatch(o -> o.value.equals("cert-sp-certificate")), items.toString());
        }
    }
}
