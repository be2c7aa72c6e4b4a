package dev.acrbridge.jenkins.impl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.jenkins.LocalStack;
import dev.acrbridge.jenkins.credentials.AcrEntraCredentials;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.SquidProxy;
import hudson.ProxyConfiguration;
import hudson.model.Result;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
    /** Entra and the ACR token endpoints under proxied names (the stack's real registry is not used here). */
    @RegisterExtension
    static final LocalStack stack = LocalStack.withRegistries(1);
    private static String registry;

    @BeforeAll
    static void nameTheRegistry() {
        registry = stack.svc().addRegistryName(REGISTRY);
    }

    /** The stack's service principal for the proxied registry name, with Entra under its proxied name. */
    private static void storeCredential() throws Exception {
        AcrEntraCredentials c = stack.servicePrincipalCredential("acr", registry);
        c.setAuthorityHost(stack.svc().httpsUnder(ENTRA).toString());
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

            String port = String.valueOf(stack.svc().httpsUnder(ENTRA).getPort());
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
