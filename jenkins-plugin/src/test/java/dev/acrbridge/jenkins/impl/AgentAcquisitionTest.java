package dev.acrbridge.jenkins.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import dev.acrbridge.jenkins.LocalStack;
import dev.acrbridge.jenkins.credentials.AcrEntraCredentials;
import dev.acrbridge.jenkins.credentials.IdentityType;
import dev.acrbridge.jenkins.credentials.UsedOn;
import dev.acrbridge.testsvc.Endpoint;
import hudson.EnvVars;
import hudson.model.Label;
import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * "Use the identity on: agent": an agent JVM whose environment carries a managed identity endpoint (App Service
 * style, pointed at the local service) acquires the token itself; the controller, which has no identity, never
 * builds an auth core.
 */
@WithJenkins
class AgentAcquisitionTest {
    @RegisterExtension
    static final LocalStack stack = LocalStack.withRegistries(1).systemAssignedIdentityMayPush();

    @Test
    void managedIdentityOfTheAgentLogsInOnTheAgent(JenkinsRule j) throws Exception {
        j.jenkins.setNumExecutors(0);
        j.createOnlineSlave(Label.get("azure-mi"), new EnvVars("IDENTITY_ENDPOINT", stack.svc().appServiceEndpoint(),
                "IDENTITY_HEADER", stack.svc().appServiceHeader()));
        storeAgentManagedIdentity();

        String host = stack.host(0);
        WorkflowJob p = j.createProject(WorkflowJob.class, "agent");
        p.setDefinition(new CpsFlowDefinition("node('azure-mi') {\n withEnv(['" + stack.sslCertFileEnv() + "']) {\n"
                + "  withCredentials([acrLogin(credentialsId: 'acr-mi', tools: 'podman,docker', tokenVariable: 'T')]) {\n"
                + "   sh '''\n" + stack.skopeoPush(host, "ci/agent:v1") + "echo \"t=$T\"\n'''\n  }\n }\n}", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("with the managed identity; the token came from agent ", b);
        assertTrue(stack.svc().count(Endpoint.APP_SERVICE) >= 1, "the agent asked its managed identity endpoint");
        assertEquals(0, stack.svc().count(Endpoint.IMDS), "no IMDS probing");
        assertEquals(0, AcrTokenService.get().identities(), "the controller never acquired for this credential");
        stack.assertNoTokenInLog(j, b);
    }

    @Test
    void agentOnlyCredentialRefusesUsernamePasswordOnTheController(JenkinsRule j) throws Exception {
        storeAgentManagedIdentity();
        WorkflowJob p = j.createProject(WorkflowJob.class, "up");
        p.setDefinition(new CpsFlowDefinition("node {\n withCredentials([usernamePassword(credentialsId: 'acr-mi',"
                + " usernameVariable: 'U', passwordVariable: 'P')]) {\n  echo 'unreachable'\n }\n}", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("acrLogin", b);
        j.assertLogNotContains("unreachable", b);
        assertEquals(0, stack.svc().count(Endpoint.APP_SERVICE) + stack.svc().count(Endpoint.IMDS));
    }

    /** Stores "acr-mi": the system-assigned managed identity, acquired on the agent that runs the step. */
    private static void storeAgentManagedIdentity() throws Exception {
        AcrEntraCredentials c = new AcrEntraCredentials(CredentialsScope.GLOBAL, "acr-mi", null, stack.host(0),
                IdentityType.MANAGED_IDENTITY);
        c.setUsedOn(UsedOn.AGENT);
        LocalStack.store(stack.trustLocal(c));
    }
}
