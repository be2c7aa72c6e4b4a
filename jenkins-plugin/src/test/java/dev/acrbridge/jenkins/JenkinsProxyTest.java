package dev.acrbridge.jenkins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import dev.acrbridge.jenkins.credentials.AcrEntraCredentials;
import dev.acrbridge.jenkins.credentials.IdentityType;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Role;
import dev.acrbridge.testsvc.SquidProxy;
import hudson.ProxyConfiguration;
import hudson.model.Result;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The acrLogin binding takes Jenkins' proxy configuration. Entra and the registry are addressed by names only the
 * squid proxy resolves (to the local service), so the binding can only succeed through the proxy Jenkins names.
 */
@WithJenkins
class JenkinsProxyTest {
    private static final String ENTRA = "entra." + LocalAzure.PROXIED_DOMAIN;
    private static final String REGISTRY = "registry." + LocalAzure.PROXIED_DOMAIN;
    private static final String TENANT = UUID.randomUUID().toString();
    private static final String CLIENT = UUID.randomUUID().toString();
    private static LocalAzure svc;
    private static String registry;

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
        registry = svc.addRegistryName(REGISTRY);
        svc.acr().assign(svc.entra().servicePrincipal(TENANT, CLIENT, "jenkins-sp-secret"), Role.ACR_PUSH);
    }

    @AfterAll
    static void stop() {
        if (svc != null) {
            svc.close();
        }
    }

    private static void storeCredential() throws Exception {
        AcrEntraCredentials c = new AcrEntraCredentials(CredentialsScope.GLOBAL, "acr", "SP behind a proxy", registry,
                IdentityType.SERVICE_PRINCIPAL_SECRET);
        c.setTenantId(TENANT);
        c.setClientId(CLIENT);
        c.setClientSecret(hudson.util.Secret.fromString("jenkins-sp-secret"));
        c.setCloud("custom");
        c.setAuthorityHost(svc.httpsUnder(ENTRA).toString());
        c.setCaCertificateFile(svc.caCertificatePem().toString());
        c.setAllowedRegistryHosts(registry);
        LocalStack.store(c);
    }

    private static WorkflowRun run(JenkinsRule j, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p" + System.nanoTime());
        p.setDefinition(new CpsFlowDefinition("node {\n withCredentials([acrLogin(credentialsId: 'acr', "
                + "tools: 'docker')]) {\n  sh 'grep -c \"" + registry + "\" \"$DOCKER_CONFIG/config.json\"'\n }\n}",
                true));
        return j.assertBuildStatus(expected, p.scheduleBuild2(0));
    }

    @Test
    void theBindingTunnelsEntraAndTheRegistryThroughJenkinsProxy(JenkinsRule j) throws Exception {
        try (SquidProxy squid = SquidProxy.open(ENTRA, REGISTRY)) {
            j.jenkins.setProxy(new ProxyConfiguration("127.0.0.1", squid.port(), null, null, "*.internal.example"));
            storeCredential();

            run(j, Result.SUCCESS);

            String port = String.valueOf(svc.httpsUnder(ENTRA).getPort());
            List<String> hosts = List.of(ENTRA + ":" + port, REGISTRY + ":" + port);
            List<SquidProxy.Entry> log = squid.awaitEntries(l -> hosts.stream().allMatch(
                    h -> l.stream().anyMatch(e -> e.tunnelTo(h))), Duration.ofSeconds(30));
            for (String h : hosts) {
                assertTrue(log.stream().anyMatch(e -> e.tunnelTo(h)), "CONNECT " + h + ":\n" + squid.rawAccessLog());
            }
        }
    }

    @Test
    void anAuthenticatingProxyFailureNamesTheProxyAndNeverItsPassword(JenkinsRule j) throws Exception {
        String password = "jenkins-proxy-" + UUID.randomUUID();
        try (SquidProxy squid = SquidProxy.withBasicAuth("jenkins", password, ENTRA, REGISTRY)) {
            j.jenkins.setProxy(new ProxyConfiguration("127.0.0.1", squid.port(), "jenkins", "wrong-" + password));
            storeCredential();

            WorkflowRun b = run(j, Result.FAILURE);

            j.assertLogContains("The proxy " + squid.url(), b);
            j.assertLogNotContains(password, b);
            j.assertLogNotContains("Entra refused", b);
        }
    }
}
