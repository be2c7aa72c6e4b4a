package dev.acrbridge.jenkins.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.jenkins.LocalStack;
import dev.acrbridge.jenkins.credentials.AcrEntraCredentials;
import hudson.model.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** {@code withCredentials([acrLogin(...)])} in Pipeline against the local stack, pushing with skopeo. */
@WithJenkins
class AcrLoginPipelineTest {
    @RegisterExtension
    static final LocalStack stack = LocalStack.withRegistries(2);
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        LocalStack.store(stack.servicePrincipalCredential("acr"));
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p" + System.nanoTime());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, p.scheduleBuild2(0));
    }

    @Test
    void pushesWithSkopeoMasksEveryFormAndRemovesTheLogin() throws Exception {
        String host = stack.host(0);
        WorkflowRun b = run("node {\n withEnv(['" + stack.sslCertFileEnv() + "']) {\n"
                + "  withCredentials([acrLogin(credentialsId: 'acr', tokenVariable: 'TOKEN', usernameVariable: 'USER',"
                + " loginServerVariable: 'SERVER')]) {\n"
                + "   sh '''\n" + stack.skopeoPush(host, "ci/app:v1")
                + LocalStack.printVariables("DOCKER_CONFIG", "REGISTRY_AUTH_FILE", "HELM_REGISTRY_CONFIG")
                + "echo \"user=$USER server=$SERVER token=$TOKEN\"\n"
                + "printf %s \"$TOKEN\" | base64 -w0; echo\n"
                + "printf %s \"$USER:$TOKEN\" | base64 -w0; echo\n"
                + "cat \"$DOCKER_CONFIG/config.json\" \"$REGISTRY_AUTH_FILE\" \"$HELM_REGISTRY_CONFIG\"\n"
                + "stat -c '%a %n' \"$DOCKER_CONFIG/config.json\" \"$REGISTRY_AUTH_FILE\" \"$HELM_REGISTRY_CONFIG\"\n"
                + "'''\n  }\n }\n}", Result.SUCCESS);
        j.assertLogContains("[acrLogin] Logged docker, podman and helm in to " + host
                + " with the service principal; the token came from the controller and is valid for 2 h", b);
        j.assertLogContains("user=" + RegistryCredential.NULL_GUID + " server=" + host, b);
        j.assertLogContains("600 ", b);
        j.assertLogNotContains("644 ", b);
        stack.assertNoTokenInLog(j, b);
        for (String dir : loggedDirs(b)) {
            assertFalse(Files.exists(Path.of(dir)), dir + " must be removed when the block ends");
        }
        j.assertLogContains("[acrLogin] Logins for " + host + " removed.", b);
    }

    @Test
    void nestedBlocksForTwoRegistriesBothWork() throws Exception {
        String outer = stack.host(0);
        String inner = stack.host(1);
        WorkflowRun b = run("node {\n withEnv(['" + stack.sslCertFileEnv() + "']) {\n"
                + "  withCredentials([acrLogin(credentialsId: 'acr', tools: 'podman,docker')]) {\n"
                + "   sh 'echo \"OUTER_DOCKER=$DOCKER_CONFIG\"'\n"
                + "   withCredentials([acrLogin(credentialsId: 'acr', registry: '" + inner + "', tools: 'podman,docker')]) {\n"
                + "    sh '''\necho \"INNER_DOCKER=$DOCKER_CONFIG\"\n"
                + stack.skopeoPush(outer, "ci/outer:v1") + stack.skopeoPush(inner, "ci/inner:v1")
                + "grep -q '" + outer + "' \"$DOCKER_CONFIG/config.json\"\n"
                + "grep -q '" + inner + "' \"$DOCKER_CONFIG/config.json\"\n'''\n"
                + "   }\n"
                + "   sh '''\n" + stack.skopeoPush(outer, "ci/outer:v2")
                + "if grep -q '" + inner + "' \"$REGISTRY_AUTH_FILE\"; then echo inner login leaked; exit 1; fi\n'''\n"
                + "  }\n }\n}", Result.SUCCESS);
        String outerDocker = LocalStack.logged(b, "OUTER_DOCKER");
        String innerDocker = LocalStack.logged(b, "INNER_DOCKER");
        assertTrue(!outerDocker.equals(innerDocker), "each block has its own directory");
        assertFalse(Files.exists(Path.of(outerDocker)));
        assertFalse(Files.exists(Path.of(innerDocker)));
        stack.assertNoTokenInLog(j, b);
    }

    @Test
    void abortRemovesTheLogin() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "abort");
        p.setDefinition(new CpsFlowDefinition("node {\n withCredentials([acrLogin(credentialsId: 'acr')]) {\n"
                + "  sh '''\n" + LocalStack.printVariables("DOCKER_CONFIG", "REGISTRY_AUTH_FILE", "HELM_REGISTRY_CONFIG")
                + LocalStack.printMarker("block-is-open") + "sleep 120\n'''\n }\n}", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("block-is-open", b);
        for (String dir : loggedDirs(b)) {
            assertTrue(Files.exists(Path.of(dir)), dir + " exists while the block runs");
        }
        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        for (String dir : loggedDirs(b)) {
            assertFalse(Files.exists(Path.of(dir)), dir + " must be removed after an abort");
        }
    }

    @Test
    void failureNamesTheFixInTheBuildLog() throws Exception {
        AcrEntraCredentials wrong = stack.servicePrincipalCredential("wrong");
        wrong.setClientSecret(hudson.util.Secret.fromString("not-the-secret"));
        LocalStack.store(wrong);
        WorkflowRun b = run("node {\n withCredentials([acrLogin(credentialsId: 'wrong')]) {\n  echo 'unreachable'\n }\n}",
                Result.FAILURE);
        j.assertLogContains("[acrLogin] ", b);
        j.assertLogContains("Fix: ", b);
        j.assertLogContains("the credential's “Client secret”", b); // the form's label, not the CLI's
        j.assertLogNotContains("AZURE_CLIENT_SECRET", b);
        j.assertLogNotContains("unreachable", b);
        j.assertLogNotContains("not-the-secret", b);
        Path tmp = Path.of(j.jenkins.getWorkspaceFor(b.getParent()).getRemote() + "@tmp");
        if (Files.isDirectory(tmp)) {
            try (var entries = Files.list(tmp)) {
                assertEquals(0, entries.filter(x -> x.getFileName().toString().startsWith("acr-login-")).count(),
                        "nothing half-written");
            }
        }
    }

    @Test
    void usernamePasswordBindingLogsSkopeoInWithTheToken() throws Exception {
        String host = stack.host(0);
        WorkflowRun b = run("node {\n withEnv(['" + stack.sslCertFileEnv() + "', 'REGISTRY_AUTH_FILE=' + pwd(tmp: true) + '/auth.json']) {\n"
                + "  withCredentials([usernamePassword(credentialsId: 'acr', usernameVariable: 'U', passwordVariable: 'P')]) {\n"
                + "   sh '''\nprintf %s \"$P\" | skopeo login --cert-dir '" + stack.certDir(host) + "' -u \"$U\" --password-stdin "
                + host + "\n" + stack.skopeoPush(host, "ci/up:v1") + "skopeo logout " + host + "\n'''\n  }\n }\n}",
                Result.SUCCESS);
        j.assertLogContains("Login Succeeded", b);
        stack.assertNoTokenInLog(j, b);
    }

    private static java.util.List<String> loggedDirs(WorkflowRun b) throws Exception {
        String docker = LocalStack.logged(b, "DOCKER_CONFIG");
        // the block directory is the parent of docker/, containers/ and helm/
        return java.util.List.of(docker, LocalStack.logged(b, "REGISTRY_AUTH_FILE"),
                LocalStack.logged(b, "HELM_REGISTRY_CONFIG"), Path.of(docker).getParent().toString());
    }
}
