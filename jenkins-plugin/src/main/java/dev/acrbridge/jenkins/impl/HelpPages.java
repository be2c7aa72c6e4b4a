package dev.acrbridge.jenkins.impl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Help boxes without the "(from ACR Credential Bridge (Entra identity to Azure Container Registry))" line Jenkins
 * appends to every help text of a plugin: each of ours already says what the field is and where to find its value,
 * and the credential kind names Azure Container Registry. Jenkins adds the line from the {@code X-Plugin-From} header
 * of {@code Descriptor.doHelp}; the descriptors serve their help through this response, which drops that header.
 */
@Restricted(NoExternalUse.class)
public final class HelpPages {
    static final String ATTRIBUTION_HEADER = "X-Plugin-From";

    private HelpPages() {
    }

    /**
     * @param rsp the response of a help request
     * @return the same response, except that the attribution header is never set
     */
    public static StaplerResponse2 withoutAttribution(StaplerResponse2 rsp) {
        return (StaplerResponse2) Proxy.newProxyInstance(HelpPages.class.getClassLoader(),
                new Class<?>[] {StaplerResponse2.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setHeader") && args != null && args.length == 2
                            && ATTRIBUTION_HEADER.equalsIgnoreCase(String.valueOf(args[0]))) {
                        return null;
                    }
                    try {
                        return method.invoke(rsp, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
