package dev.acrbridge.jenkins.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import dev.acrbridge.jenkins.LocalStack;
import dev.acrbridge.jenkins.Users;
import dev.acrbridge.testsvc.Endpoint;
import hudson.model.Computer;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import jenkins.model.Jenkins;
import jenkins.security.QueueItemAuthenticatorConfiguration;
import org.htmlunit.FailingHttpStatusCodeException;
import org.htmlunit.Page;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockQueueItemAuthenticator;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Issue 10 as an attacker with only Item/Configure on one job: every way of making the controller use a
 * credential or a file that user must not reach is refused, and a recording listener on loopback (the "attacker's
 * host") sees no connection at all. The administrator can still test everything.
 */
@WithJenkins
class CredentialSecurityTest {
    private static final String TENANT = LocalStack.TENANT;
    private static final String CLIENT = LocalStack.CLIENT;
    /** Shaped like a JWT, so that only the permission model (not the JWT check) can stop it. */
    private static final String ROOT_TOKEN = jwt("root-secret-assertion");

    @RegisterExtension
    static final LocalStack stack = LocalStack.withRegistries(1);
    private JenkinsRule j;
    private Listener attacker;
    private FreeStyleProject job;
    private AcrEntraCredentials.DescriptorImpl descriptor;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        attacker = new Listener();
        job = j.createFreeStyleProject("job");
        j.createFreeStyleProject("other");
        Users.secure(j)
                .grant(Jenkins.READ).everywhere().to("dev", "narrow", "builder")
                .grant(Item.READ, Item.CONFIGURE).onItems(job).to("dev")
                // CONFIGURE implies USE_ITEM; "narrow" may configure but not use the job's credentials
                .grantWithoutImplication(Item.READ, Item.CONFIGURE).onItems(job).to("narrow")
                .grantWithoutImplication(Item.READ, Item.BUILD, Item.DISCOVER).everywhere().to("builder")
                .grantWithoutImplication(Computer.BUILD).everywhere().to("builder");
        descriptor = j.jenkins.getDescriptorByType(AcrEntraCredentials.DescriptorImpl.class);
        LocalStack.store(new StringCredentialsImpl(CredentialsScope.GLOBAL, "root-token", "root", Secret.fromString(
                ROOT_TOKEN)));
        LocalStack.store(new StringCredentialsImpl(CredentialsScope.SYSTEM, "system-token", "system",
                Secret.fromString(jwt("system-secret-assertion"))));
        stack.storeCertificate("root-cert", CredentialsScope.GLOBAL);
        stack.storeCertificate("system-cert", CredentialsScope.SYSTEM);
    }

    @AfterEach
    void tearDown() throws IOException {
        attacker.close();
    }

    private FormValidation test(String user, Item context, String identityType, String certificateId,
                                String tokenFile, String assertionId, String cloud, String authorityHost,
                                String caFile) {
        return Users.as(user, () -> descriptor.doTestConnection(context, "contoso.azurecr.io", identityType, TENANT,
                CLIENT, Secret.fromString("a-secret"), certificateId, null, null, tokenFile, assertionId, cloud,
                authorityHost, null, "CONTROLLER", null, caFile, null));
    }

    private void assertNothingLeft(FormValidation v, String expected) {
        assertEquals(FormValidation.Kind.ERROR, v.kind, v.renderHtml());
        assertTrue(v.renderHtml().contains(expected), v.renderHtml());
        assertEquals(0, attacker.connections(), "no connection reached the attacker's host");
        assertEquals(0, stack.svc().count(Endpoint.ENTRA_TOKEN), "nothing reached Entra either");
    }

    @Test
    void customAuthorityWithARootCredentialIsRefused() {
        FormValidation v = test("dev", job, "FEDERATED_TOKEN", null, null, "root-token", "custom",
                attacker.url(), null);
        assertNothingLeft(v, "Overall/Administer");
        assertFalse(v.renderHtml().contains("root-secret-assertion"), v.renderHtml());
    }

    @Test
    void certificateWithCustomAuthorityIsRefused() {
        FormValidation v = test("dev", job, "SERVICE_PRINCIPAL_CERTIFICATE", "root-cert", null, null, "custom",
                attacker.url(), null);
        assertNothingLeft(v, "Overall/Administer");
    }

    @Test
    void systemScopedReferenceIsRefusedWhateverTheRequestSays() {
        // the scope used to come from the request (scope=SYSTEM); it is no longer read at all
        FormValidation cert = test("dev", job, "SERVICE_PRINCIPAL_CERTIFICATE", "system-cert", null, null, "public",
                null, null);
        assertNothingLeft(cert, "system-cert");
        FormValidation token = test("dev", job, "FEDERATED_TOKEN", null, null, "system-token", "public", null, null);
        assertNothingLeft(token, "system-token");
    }

    @Test
    void controllerFilesAreNotReadForAJobConfigurer() throws Exception {
        Path secret = Files.writeString(j.jenkins.getRootDir().toPath().resolve("secret-for-admins"),
                jwt("controller-file-content"));
        FormValidation existing = test("dev", job, "WORKLOAD_IDENTITY", null, secret.toString(), null, "public",
                null, null);
        assertNothingLeft(existing, "Overall/Administer");
        FormValidation missing = test("dev", job, "WORKLOAD_IDENTITY", null, secret + ".missing", null, "public",
                null, null);
        assertEquals(existing.renderHtml(), missing.renderHtml(), "the answer does not tell whether a path exists");
        FormValidation ca = test("dev", job, "SERVICE_PRINCIPAL_SECRET", null, null, null, "public", null,
                secret.toString());
        assertNothingLeft(ca, "Overall/Administer");
        FormValidation devZero = test("dev", job, "WORKLOAD_IDENTITY", null, "/dev/zero", null, "public", null, null);
        assertNothingLeft(devZero, "Overall/Administer");
    }

    @Test
    void jobConfigurerCannotTestInJobsTheyCannotConfigureNorGlobally() throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().login("dev");
        String path = "descriptorByName/" + AcrEntraCredentials.class.getName() + "/testConnection";
        FailingHttpStatusCodeException other = assertThrows(FailingHttpStatusCodeException.class,
                () -> wc.getPage(wc.addCrumb(new org.htmlunit.WebRequest(
                        new java.net.URL(j.getURL(), "job/other/" + path), org.htmlunit.HttpMethod.POST))));
        assertTrue(other.getStatusCode() == 403 || other.getStatusCode() == 404, "status " + other.getStatusCode());
        FailingHttpStatusCodeException global = assertThrows(FailingHttpStatusCodeException.class,
                () -> wc.getPage(wc.addCrumb(new org.htmlunit.WebRequest(new java.net.URL(j.getURL(), path),
                        org.htmlunit.HttpMethod.POST))));
        assertEquals(403, global.getStatusCode());
        assertEquals(0, attacker.connections());
    }

    @Test
    void listsOfferOnlyWhatTheUserMayUse() throws Exception {
        ListBoxModel devCerts = Users.as("dev", () -> descriptor.doFillCertificateCredentialsIdItems(job, ""));
        assertTrue(has(devCerts, "root-cert"), "CONFIGURE implies USE_ITEM: the job may use it: " + devCerts);
        assertFalse(has(devCerts, "system-cert"), devCerts.toString());
        ListBoxModel devTokens = Users.as("dev", () -> descriptor.doFillAssertionCredentialsIdItems(job, ""));
        assertTrue(has(devTokens, "root-token"), devTokens.toString());
        assertFalse(has(devTokens, "system-token"), devTokens.toString());

        ListBoxModel narrow = Users.as("narrow", () -> descriptor.doFillCertificateCredentialsIdItems(job, ""));
        assertFalse(has(narrow, "root-cert") || has(narrow, "system-cert"), "no USE_ITEM: " + narrow);

        ListBoxModel global = Users.as("dev", () -> descriptor.doFillCertificateCredentialsIdItems(null, "mine"));
        assertEquals(1, global.size(), "the Jenkins-wide form is for administrators: " + global);
        assertEquals("mine", global.get(0).value);

        ListBoxModel admin = Users.as("admin", () -> descriptor.doFillCertificateCredentialsIdItems(null, ""));
        assertTrue(has(admin, "root-cert") && has(admin, "system-cert"), admin.toString());

        // through HTTP, the way a browser asks: under the job dev configures, and under one dev cannot see
        JenkinsRule.WebClient wc = j.createWebClient().login("dev");
        String fill = "/descriptorByName/" + AcrEntraCredentials.class.getName()
                + "/fillCertificateCredentialsIdItems";
        Page page = wc.goTo("job/job" + fill, "application/json");
        String json = page.getWebResponse().getContentAsString();
        assertTrue(json.contains("root-cert") && !json.contains("system-cert"), json);
        FailingHttpStatusCodeException hidden = assertThrows(FailingHttpStatusCodeException.class,
                () -> wc.goTo("job/other" + fill, "application/json"));
        assertEquals(404, hidden.getStatusCode());
    }

    @Test
    void aBuildCannotUseACredentialItsAuthenticationCannotSee() throws Exception {
        // Authorize Project style: the job runs as "builder", who may not use the job's (or Jenkins') credentials
        User builder = User.getById("builder", true);
        QueueItemAuthenticatorConfiguration.get().getAuthenticators().add(new MockQueueItemAuthenticator()
                .authenticate("p", builder.impersonate2()));
        AcrEntraCredentials own = new AcrEntraCredentials(CredentialsScope.USER, "mine", null, "contoso.azurecr.io",
                IdentityType.FEDERATED_TOKEN);
        own.setTenantId(TENANT);
        own.setClientId(CLIENT);
        own.setAssertionCredentialsId("root-token");
        own.setCloud("custom");
        own.setAuthorityHost(attacker.url());
        try (ACLContext ignored = ACL.as2(builder.impersonate2())) { // a user edits their own store
            for (CredentialsStore s : CredentialsProvider.lookupStores(builder)) {
                if (s.getContext() == builder) {
                    s.addCredentials(Domain.global(), own);
                }
            }
        }
        WorkflowRun b = refusedBuild("p", "mine");
        j.assertLogContains("root-token", b);
        j.assertLogContains("this build's authentication may not use it", b);
        j.assertLogNotContains("root-secret-assertion", b);
        assertEquals(0, attacker.connections(), "the root credential was never sent");
    }

    @Test
    void secretsAreNeverUsedOnAgents() throws Exception {
        FormValidation check = descriptor.doCheckUsedOn("AGENT", "SERVICE_PRINCIPAL_SECRET", null);
        assertEquals(FormValidation.Kind.ERROR, check.kind);
        assertEquals(FormValidation.Kind.OK, descriptor.doCheckUsedOn("AGENT", "MANAGED_IDENTITY", null).kind);
        AcrEntraCredentials sp = stack.servicePrincipalCredential("sp-agent");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sp.setUsedOn(UsedOn.AGENT));
        assertTrue(e.getMessage().contains("usedOn"), e.getMessage());

        // a credential saved before the rule (written to disk as-is) is moved to the controller when loaded
        forceUsedOn(sp, UsedOn.AGENT);
        LocalStack.store(sp);
        SystemCredentialsProvider fromDisk = (SystemCredentialsProvider) SystemCredentialsProvider.getConfigFile()
                .read();
        AcrEntraCredentials reloaded = (AcrEntraCredentials) fromDisk.getCredentials().stream()
                .filter(c -> c instanceof AcrEntraCredentials a && a.getId().equals("sp-agent")).findFirst()
                .orElseThrow();
        assertEquals(UsedOn.CONTROLLER, reloaded.getUsedOn());

        // and the runtime check refuses one that slipped past both (nothing is shipped to the agent)
        WorkflowRun b = refusedBuild("agent-secret", "sp-agent");
        j.assertLogContains("managed identity or a workload identity", b);
        assertEquals(0, stack.svc().count(Endpoint.ENTRA_TOKEN));
    }

    @Test
    void administratorCanStillTestEverything() {
        FormValidation ok = Users.as("admin", () -> stack.testConnection(null, LocalStack.CLIENT_SECRET, null));
        assertEquals(FormValidation.Kind.OK, ok.kind, ok.renderHtml());
        assertTrue(stack.svc().count(Endpoint.ENTRA_TOKEN) >= 1);
    }

    /** A pipeline binding {@code credentialsId}: it must fail before the block's body runs. */
    private WorkflowRun refusedBuild(String job, String credentialsId) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, job);
        p.setDefinition(new CpsFlowDefinition("node {\n withCredentials([acrLogin(credentialsId: '" + credentialsId
                + "')]) {\n  echo 'unreachable'\n }\n}", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogNotContains("unreachable", b);
        return b;
    }

    private static void forceUsedOn(AcrEntraCredentials c, UsedOn value) throws ReflectiveOperationException {
        Field f = AcrEntraCredentials.class.getDeclaredField("usedOn");
        f.setAccessible(true);
        f.set(c, value);
    }

    private static boolean has(ListBoxModel m, String id) {
        return m.stream().anyMatch(o -> id.equals(o.value));
    }

    private static String jwt(String subject) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + subject + "\"}").getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    /** The attacker's host: a loopback socket that counts every connection (a TLS client would connect first). */
    private static final class Listener implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger connections = new AtomicInteger();

        Listener() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                        connections.incrementAndGet();
                        s.setSoTimeout(200);
                        in.read(new byte[1024]);
                    } catch (IOException e) {
                        // closed, or the client gave up: counted already
                    }
                }
            }, "attacker-listener");
            t.setDaemon(true);
            t.start();
        }

        String url() {
            return "https://127.0.0.1:" + server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
