package dev.acrbridge.jenkins.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.jenkins.LocalStack;
import dev.acrbridge.jenkins.credentials.AcrEntraCredentials;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.tasks.Shell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import jenkins.authentication.tokens.api.AuthenticationTokens;
import org.jenkinsci.plugins.credentialsbinding.impl.SecretBuildWrapper;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryToken;
import org.jenkinsci.plugins.pipeline.modeldefinition.model.CredentialsBindingHandler;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The ways users already consume registry credentials: freestyle, declarative credentials(), withRegistry. */
@WithJenkins
class CompatibilityTest {
    @RegisterExtension
    static final LocalStack stack = LocalStack.withRegistries(1);
    private JenkinsRule j;
    private AcrEntraCredentials credential;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        credential = LocalStack.store(stack.servicePrincipalCredential("acr"));
    }

    @Test
    void freestyleBindingPushesMasksAndCleansUp() throws Exception {
        String host = stack.host(0);
        FreeStyleProject p = j.createFreeStyleProject();
        AcrLoginBinding binding = new AcrLoginBinding("acr");
        binding.setTools("podman");
        binding.setTokenVariable("TOKEN");
        p.getBuildWrappersList().add(new SecretBuildWrapper(List.of(binding)));
        p.getBuildersList().add(new Shell("export " + stack.sslCertFileEnv() + "\n" + stack.skopeoPush(host, "ci/fs:v1")
                + LocalStack.printVariables("REGISTRY_AUTH_FILE") + "echo \"token=$TOKEN\"\ncat \"$REGISTRY_AUTH_FILE\"\n"));
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        j.assertLogContains("[acrLogin] Logged podman in to " + host, b);
        stack.assertNoTokenInLog(j, b);
        Path authFile = Path.of(LocalStack.logged(b, "REGISTRY_AUTH_FILE"));
        assertTrue(authFile.getFileName().toString().equals("auth.json"), authFile.toString());
        assertFalse(Files.exists(authFile), "auth file removed at the end of the build");
        assertFalse(Files.exists(authFile.getParent().getParent()), "block directory removed");
    }

    @Test
    void declarativeCredentialsLogsTheStageIn() throws Exception {
        assertInstanceOf(AcrCredentialsBindingHandler.class, CredentialsBindingHandler.forCredential(credential),
                "chosen before the generic username/password handler");
        String host = stack.host(0);
        WorkflowJob p = j.createProject(WorkflowJob.class, "declarative");
        p.setDefinition(new CpsFlowDefinition("pipeline {\n agent any\n environment {\n  ACR = credentials('acr')\n  "
                + stack.sslCertFileEnv().replace("=", " = '") + "'\n }\n stages {\n  stage('push') {\n   steps {\n"
                + "    sh '''\n" + "test \"$ACR\" = '" + host + "'\ntest \"$ACR_USR\" = '" + RegistryCredential.NULL_GUID
                + "'\necho \"psw=$ACR_PSW\"\n" + stack.skopeoPush(host, "ci/decl:v1") + "'''\n   }\n  }\n }\n}", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("psw=****", b);
        stack.assertNoTokenInLog(j, b);
    }

    @Test
    void dockerWithRegistryGetsAWorkingToken() throws Exception {
        DockerRegistryToken token = AuthenticationTokens.convert(DockerRegistryToken.class, credential);
        String pair = new String(Base64.getDecoder().decode(token.getToken()), StandardCharsets.UTF_8);
        assertTrue(pair.startsWith(RegistryCredential.NULL_GUID + ":"), "username is the null GUID");
        String host = stack.host(0);
        // docker.withRegistry runs a real `docker login` (client-side, no daemon) with that token
        WorkflowJob p = j.createProject(WorkflowJob.class, "withRegistry");
        p.setDefinition(new CpsFlowDefinition("node {\n docker.withRegistry('https://" + host + "', 'acr') {\n"
                + "  sh 'grep -c \"" + host + "\" \"$DOCKER_CONFIG/config.json\"'\n }\n}", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("Login Succeeded", b);
        j.assertLogNotContains(pair.substring(RegistryCredential.NULL_GUID.length() + 1), b);
    }

    @Test
    void certificateServicePrincipalFromAJenkinsCertificateCredential() throws Exception {
        AcrEntraCredentials cert = LocalStack.store(stack.certificateCredential("acr-cert"));
        String host = stack.host(0);
        WorkflowJob p = j.createProject(WorkflowJob.class, "cert");
        p.setDefinition(new CpsFlowDefinition("node {\n withEnv(['" + stack.sslCertFileEnv() + "']) {\n"
                + "  withCredentials([acrLogin(credentialsId: 'acr-cert', tools: 'podman')]) {\n   sh '''\n"
                + stack.skopeoPush(host, "ci/cert:v1") + "'''\n  }\n }\n}", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("with the service principal with certificate;", b);
        assertEquals(RegistryCredential.NULL_GUID, cert.acquire(host).username());
        stack.assertNoTokenInLog(j, b);
    }

    @Test
    void abortedFreestyleStillCleansUp() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        p.getBuildWrappersList().add(new SecretBuildWrapper(List.of(new AcrLoginBinding("acr"))));
        p.getBuildersList().add(new Shell(LocalStack.printVariables("DOCKER_CONFIG")
                + LocalStack.printMarker("block-is-open") + "sleep 120\n"));
        FreeStyleBuild b = p.scheduleBuild2(0).waitForStart();
        // not "started": the build's cause ("Legacy code started this job") says that before the shell runs
        j.waitForMessage("block-is-open", b);
        Path dir = Path.of(LocalStack.logged(b, "DOCKER_CONFIG")).getParent();
        assertTrue(Files.isDirectory(dir), dir + " exists while the block runs");
        b.getExecutor().interrupt();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        assertFalse(Files.exists(dir), "block directory removed after abort");
    }
}
