package dev.acrbridge.jenkins.impl;

import dev.acrbridge.auth.proxy.ProxyServer;
import dev.acrbridge.auth.proxy.ProxySettings;
import dev.acrbridge.auth.secret.Secret;
import hudson.ProxyConfiguration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import jenkins.util.JenkinsJVM;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Jenkins' proxy configuration (Manage Jenkins, System, HTTP Proxy Configuration) as shared-auth's proxy model, for
 * every Entra and registry call made on the controller: server, port, user and password, and Jenkins' own reading
 * of its "No Proxy Host" patterns ({@code *.example.com}, {@code 10.*}). Read again for each request, so a changed
 * configuration applies at once. Without a Jenkins proxy, and on agents (which are often elsewhere in the network),
 * the process environment decides ({@code HTTPS_PROXY}, {@code NO_PROXY}).
 */
@Restricted(NoExternalUse.class)
public final class JenkinsProxy {
    private JenkinsProxy() {
    }

    /** @return the proxies for an auth core built in this JVM */
    public static ProxySettings settings() {
        if (!JenkinsJVM.isJenkinsJVM()) {
            return ProxySettings.fromEnvironment(System.getenv());
        }
        return ProxySettings.live(() -> {
            Jenkins jenkins = Jenkins.getInstanceOrNull();
            return of(jenkins == null ? null : jenkins.getProxy(), System.getenv());
        });
    }

    /**
     * @param config Jenkins' proxy configuration, or null when none is set
     * @param env    the environment used when there is none
     * @return the same proxy as shared-auth's model
     */
    static ProxySettings of(ProxyConfiguration config, Map<String, String> env) {
        if (config == null || config.getName() == null || config.getName().isBlank()) {
            return ProxySettings.fromEnvironment(env);
        }
        String host = config.getName().trim().replaceFirst("^(?i)https?://", "").replaceFirst("/.*$", "");
        String password = config.getSecretPassword() == null ? null : config.getSecretPassword().getPlainText();
        ProxyServer server = new ProxyServer(host, config.getPort() > 0 ? config.getPort() : 80, config.getUserName(),
                password == null ? null : Secret.of(password));
        List<Pattern> noProxy = config.getNoProxyHostPatterns();
        return ProxySettings.explicit(server, (h, port) -> noProxy.stream().anyMatch(p -> p.matcher(h).matches()),
                "Jenkins proxy configuration");
    }
}
