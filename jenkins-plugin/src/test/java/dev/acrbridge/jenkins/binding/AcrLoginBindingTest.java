package dev.acrbridge.jenkins.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import dev.acrbridge.jenkins.LocalStack;
import dev.acrbridge.jenkins.Pages;
import dev.acrbridge.jenkins.credentials.AcrEntraCredentials;
import dev.acrbridge.jenkins.credentials.IdentityType;
import hudson.model.FreeStyleProject;
import hudson.util.FormValidation;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.credentialsbinding.impl.SecretBuildWrapper;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The binding's configuration: data binding, the job page it is edited on, its checks and help. */
@WithJenkins
class AcrLoginBindingTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    /** Every field set to something other than its default, as a Pipeline step's arguments. */
    private static AcrLoginBinding everyField() throws Exception {
        return DescribableModel.of(AcrLoginBinding.class).instantiate(Map.of("credentialsId", "acr",
                "registry", "other.azurecr.io", "tools", "helm,podman", "loginServerVariable", "SERVER",
                "usernameVariable", "USER", "tokenVariable", "TOKEN"));
    }

    @Test
    void dataBindingRoundTripKeepsEveryField() throws Exception {
        AcrLoginBinding binding = everyField();
        DescribableModel<AcrLoginBinding> model = DescribableModel.of(AcrLoginBinding.class);
        j.assertEqualDataBoundBeans(binding, model.instantiate(model.uninstantiate2(binding).getArguments()));
    }

    @Test
    void bindingConfigurationRoundTripsThroughTheJobPage() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        AcrLoginBinding binding = everyField();
        p.getBuildWrappersList().add(new SecretBuildWrapper(List.of(binding)));
        // configRoundtrip, with no HtmlUnit read timeout: the job page is heavy on a loaded machine
        // the credential exists, so the credentials drop-down offers it; wait for the drop-downs to be filled
        LocalStack.store(new AcrEntraCredentials(CredentialsScope.GLOBAL, "acr", null, "contoso.azurecr.io",
                IdentityType.SERVICE_PRINCIPAL_SECRET));
        JenkinsRule.WebClient wc = Pages.patientClient(j);
        HtmlPage configure = wc.getPage(p, "configure");
        wc.waitForBackgroundJavaScript(10000);
        j.submit(configure.getFormByName("config"));
        SecretBuildWrapper wrapper = p.getBuildWrappersList().get(SecretBuildWrapper.class);
        assertEquals(1, wrapper.getBindings().size());
        j.assertEqualDataBoundBeans(binding, wrapper.getBindings().get(0));
    }

    @Test
    void unknownToolIsRefusedWithTheAllowedValues() {
        AcrLoginBinding.DescriptorImpl d = j.jenkins.getDescriptorByType(AcrLoginBinding.DescriptorImpl.class);
        FormValidation v = d.doCheckTools("docker,kubectl");
        assertEquals(FormValidation.Kind.ERROR, v.kind);
        assertTrue(v.getMessage().contains("docker, podman, helm"), v.getMessage());
        assertEquals(FormValidation.Kind.OK, d.doCheckTools("docker, helm").kind);
    }

    @Test
    void everyHelpPageRenders() throws Exception {
        Pages.assertHelpPagesRender(j, j.jenkins.getDescriptorByType(AcrLoginBinding.DescriptorImpl.class),
                List.of("registry", "tools", "loginServerVariable", "usernameVariable", "tokenVariable"));
    }
}
