package dev.acrbridge.jenkins.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.jenkins.LocalStack;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Fault;
import hudson.model.Result;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * An {@code acrLogin} block that outlives its registry token. The local service issues 30-second refresh tokens
 * (a real ACR's live 3 hours); shared-auth's refresh rule renews such a token at three quarters of its life, and the
 * block's login files get the renewed one, so a push after the first token has expired still succeeds.
 */
@WithJenkins
class LongBlockRenewalTest {
    private static final Duration LIFE = Duration.ofSeconds(30);
    @RegisterExtension
    static final LocalStack stack = LocalStack.withRegistries(1).refreshTokenLifetime(LIFE);
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        LocalStack.store(stack.servicePrincipalCredential("acr"));
    }

    /** Shell lines: fail unless the registry refuses {@code $TOKEN} (the block's first token) by now. */
    private String firstTokenIsExpired(String host) {
        return "if printf %s \"$TOKEN\" | skopeo login --authfile \"$WORKSPACE_TMP/first.json\" --cert-dir '"
                + stack.certDir(host) + "' -u " + RegistryCredential.NULL_GUID + " --password-stdin " + host
                + "; then echo first token still accepted; exit 1; fi\n";
    }

    @Test
    void aPushAfterTheFirstTokenExpiredSucceedsAndRenewalStopsWithTheBlock() throws Exception {
        String host = stack.host(0);
        WorkflowJob p = j.createProject(WorkflowJob.class, "long");
        p.setDefinition(new CpsFlowDefinition("node {\n withEnv(['" + stack.sslCertFileEnv()
                + "', 'WORKSPACE_TMP=' + pwd(tmp: true)]) {\n"
                + "  withCredentials([acrLogin(credentialsId: 'acr', tools: 'podman', tokenVariable: 'TOKEN')]) {\n"
                + "   sh '''\n" + stack.skopeoPush(host, "ci/long:v1") + "sleep " + (LIFE.toSeconds() + 8) + "\n"
                + firstTokenIsExpired(host) + stack.skopeoPush(host, "ci/long:v2") + "'''\n  }\n"
                + "  sh '''\n" + LocalStack.printMarker("block-has-ended") + "sleep " + LIFE.toSeconds() + "\n'''\n"
                + " }\n}", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("block-has-ended", b);
        long exchangesAtBlockEnd = stack.svc().count(Endpoint.ACR_EXCHANGE);
        j.assertBuildStatus(Result.SUCCESS, j.waitForCompletion(b));
        j.assertLogContains("Login files for " + host + " renewed", b);
        j.assertLogNotContains("first token still accepted", b);
        assertTrue(exchangesAtBlockEnd >= 2, "the first token and at least one renewal: " + exchangesAtBlockEnd);
        assertEquals(exchangesAtBlockEnd, stack.svc().count(Endpoint.ACR_EXCHANGE),
                "no renewal after the block ended (the build slept a whole token life outside it)");
        stack.assertNoTokenInLog(j, b);
    }

    @Test
    void aFailedRenewalIsLoggedOnceAndTheOldTokenServesUntilItExpires() throws Exception {
        String host = stack.host(0);
        WorkflowJob p = j.createProject(WorkflowJob.class, "failing");
        // renewal is due at 3/4 of the life; the second push runs after that, before the first token expires
        long secondPushAt = LIFE.toSeconds() * 7 / 8;
        p.setDefinition(new CpsFlowDefinition("node {\n withEnv(['" + stack.sslCertFileEnv() + "']) {\n"
                + "  withCredentials([acrLogin(credentialsId: 'acr', tools: 'podman')]) {\n"
                + "   sh '''\n" + LocalStack.printMarker("block-is-open") + "sleep " + secondPushAt + "\n"
                + stack.skopeoPush(host, "ci/old:v1") + "'''\n  }\n }\n}", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("block-is-open", b);
        stack.svc().faults().inject(Endpoint.ACR_EXCHANGE, Fault.status(401));
        j.assertBuildStatus(Result.SUCCESS, j.waitForCompletion(b));
        String log = JenkinsRule.getLog(b);
        assertEquals(1, log.split("Renewing the login for " + host + " failed", -1).length - 1,
                "logged once, however often it is retried:\n" + log);
        assertTrue(stack.svc().count(Endpoint.ACR_EXCHANGE) >= 2, "renewal was attempted");
    }
}
