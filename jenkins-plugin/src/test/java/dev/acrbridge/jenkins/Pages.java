package dev.acrbridge.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import hudson.model.Descriptor;
import java.util.List;
import org.htmlunit.Page;
import org.jvnet.hudson.test.JenkinsRule;

/** The plugin's pages the way a browser fetches them. */
public final class Pages {
    private Pages() {
    }

    /** @return a web client without HtmlUnit's read timeout: pages render slowly on a loaded 2-core machine */
    public static JenkinsRule.WebClient patientClient(JenkinsRule j) {
        JenkinsRule.WebClient wc = j.createWebClient();
        wc.getOptions().setTimeout(0);
        return wc;
    }

    /**
     * Asserts that each field has a help file and that Jenkins serves it with content, as the form's "?" asks.
     *
     * @param descriptor the form's descriptor
     * @param fields     the fields that must have help
     */
    public static void assertHelpPagesRender(JenkinsRule j, Descriptor<?> descriptor, List<String> fields)
            throws Exception {
        JenkinsRule.WebClient wc = patientClient(j);
        String prefix = descriptor.clazz.getName().replace('.', '/') + "/help-";
        for (String field : fields) {
            assertNotNull(descriptor.clazz.getClassLoader().getResource(prefix + field + ".html"),
                    "no help for " + field + " of " + descriptor.clazz);
            String help = "descriptor/" + descriptor.clazz.getName() + "/help/" + field;
            Page page = wc.goTo(help, null);
            assertEquals(200, page.getWebResponse().getStatusCode(), help);
            assertFalse(page.getWebResponse().getContentAsString().isBlank(), help);
        }
    }
}
