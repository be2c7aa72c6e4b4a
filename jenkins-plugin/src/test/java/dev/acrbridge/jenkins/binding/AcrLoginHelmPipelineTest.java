package dev.acrbridge.jenkins.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.jenkins.LocalStack;
import dev.acrbridge.testsvc.Helm;
import hudson.model.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code withCredentials([acrLogin(..., tools: 'helm')])}: the real helm 4 pushes a chart to {@code oci://HOST/charts}
 * and pulls it back inside the block with only what the binding set, and cannot reach it after the block.
 */
@WithJenkins
class AcrLoginHelmPipelineTest {
    @RegisterExtension
    static final LocalStack stack = LocalStack.withRegistries(1);

    @Test
    void helmPublishesAChartInsideTheBlockAndLosesAccessAfterIt(JenkinsRule j) throws Exception {
        LocalStack.store(stack.servicePrincipalCredential("acr"));
        String host = stack.host(0);
        Helm helm = stack.helm();
        Path work = stack.work();
        Path chart = helm.packageChart("jenkins-chart", "1.0.0", "published from a Jenkins pipeline");
        Path pulled = Files.createDirectories(work.resolve("pulled"));
        String pull = "helm pull oci://$ACR/charts/jenkins-chart --version 1.0.0 --destination " + pulled;
        WorkflowJob p = j.createProject(WorkflowJob.class, "helm");
        p.setDefinition(new CpsFlowDefinition("node {\n withEnv(['" + stack.sslCertFileEnv() + "', 'PATH+HELM="
                + Path.of(helm.binary()).getParent() + "', 'HOME=" + work.resolve("agent-home") + "']) {\n"
                + "  withCredentials([acrLogin(credentialsId: 'acr', tools: 'helm', loginServerVariable: 'ACR')]) {\n"
                + "   sh 'helm push " + chart + " oci://$ACR/charts'\n"
                + "   sh '" + pull + "'\n"
                + "  }\n"
                + "  withEnv(['ACR=" + host + "']) { sh '" + pull + " || echo PULL-REFUSED-AFTER-BLOCK' }\n"
                + " }\n}", true));
        WorkflowRun b = j.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0));
        String log = JenkinsRule.getLog(b);

        Matcher pushed = Pattern.compile("Pushed: " + Pattern.quote(host) + "/charts/jenkins-chart:1\\.0\\.0\\s+"
                + "Digest: (sha256:[0-9a-f]{64})").matcher(log);
        assertTrue(pushed.find(), log);
        Matcher pulledDigest = Pattern.compile("Pulled: " + Pattern.quote(host) + "/charts/jenkins-chart:1\\.0\\.0\\s+"
                + "Digest: (sha256:[0-9a-f]{64})").matcher(log);
        assertTrue(pulledDigest.find(), log);
        assertEquals(pushed.group(1), pulledDigest.group(1), "the chart pulled back is the chart pushed");
        assertEquals(Helm.sha256(chart), Helm.sha256(pulled.resolve("jenkins-chart-1.0.0.tgz")));
        assertTrue(log.contains("PULL-REFUSED-AFTER-BLOCK"), "no registry access after the block: " + log);
        stack.assertNoTokenInLog(j, b);
    }
}
