package dev.acrbridge.jenkins.impl;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The non-identity settings of a credential that shape the auth core: cloud, trusted registry hosts, extra CA
 * certificates. Serializable so an agent can build the same auth core for agent-side acquisition.
 *
 * @param cloud              {@code public}, {@code china}, {@code usgov} or {@code custom}
 * @param authorityHost      HTTPS Entra authority host, only for {@code custom}
 * @param registrySuffix     registry login-server suffix, only for {@code custom}; default {@code .azurecr.io}
 * @param allowedHosts       registry hosts trusted although they miss the cloud's suffix (lower case)
 * @param caCertificateFile  PEM file of extra CA certificates on the acquiring machine, or null
 */
@Restricted(NoExternalUse.class)
public record AuthSettings(String cloud, String authorityHost, String registrySuffix, List<String> allowedHosts,
                           String caCertificateFile) implements Serializable {

    private static final long serialVersionUID = 1L;
    static final String CUSTOM = "custom";

    public AuthSettings {
        cloud = cloud == null || cloud.isBlank() ? "public" : cloud.trim().toLowerCase(Locale.ROOT);
        // a plain ArrayList: this record crosses the remoting channel, whose class filter knows the common JDK types
        allowedHosts = new ArrayList<>(new TreeSet<>(allowedHosts == null ? List.of() : allowedHosts));
        caCertificateFile = caCertificateFile == null || caCertificateFile.isBlank() ? null : caCertificateFile.trim();
    }

    /** @return the trusted extra hosts (read-only) */
    @Override
    public List<String> allowedHosts() {
        return Collections.unmodifiableList(allowedHosts);
    }

    /**
     * @param commaSeparated hosts as typed in the form ({@code a.example:5000, b.example})
     * @return the hosts, trimmed and lower-cased, empty entries dropped
     */
    public static List<String> parseHosts(String commaSeparated) {
        Set<String> hosts = new TreeSet<>();
        if (commaSeparated != null) {
            for (String h : commaSeparated.split("[,\\s]+")) {
                if (!h.isBlank()) {
                    hosts.add(h.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(hosts);
    }

    /**
     * @return the Azure cloud these settings name
     * @throws InvalidConfigurationException naming the field and the fix
     */
    public AzureCloud azureCloud() {
        if (!CUSTOM.equals(cloud)) {
            try {
                return AzureCloud.named(cloud);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("cloud", e.getMessage(), "choose public, china, usgov or custom");
            }
        }
        if (authorityHost == null || authorityHost.isBlank()) {
            throw new InvalidConfigurationException("authorityHost", "a custom cloud needs an authority host",
                    "enter the Entra authority host of that cloud, e.g. https://login.example.net");
        }
        String suffix = registrySuffix == null || registrySuffix.isBlank() ? ".azurecr.io" : registrySuffix.trim();
        try {
            return AzureCloud.custom(URI.create(authorityHost.trim()), suffix.startsWith(".") ? suffix : "." + suffix,
                    AzureCloud.PUBLIC.armAudience());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("authorityHost", e.getMessage(),
                    "enter an https:// authority host and a registry suffix such as .azurecr.io");
        }
    }

    /** @return a new auth core for these settings; each holds its own token cache */
    public AcrAuth newAcrAuth() {
        AcrAuth.Builder builder = AcrAuth.builder().cloud(azureCloud()).allowRegistryHosts(Set.copyOf(allowedHosts))
                .proxies(JenkinsProxy.settings());
        if (caCertificateFile != null) {
            builder.trustedCertificates(Path.of(caCertificateFile));
        }
        return builder.build();
    }
}
