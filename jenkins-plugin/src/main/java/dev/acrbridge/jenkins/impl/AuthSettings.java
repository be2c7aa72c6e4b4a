package dev.acrbridge.jenkins.impl;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.settings.FieldLabels;
import dev.acrbridge.auth.settings.LoginSettings;
import dev.acrbridge.auth.settings.SettingKey;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    /** The form fields these settings come from, named in validation errors. */
    private static final FieldLabels FIELDS = FieldLabels.of(Map.of(SettingKey.CLOUD, "cloud",
            SettingKey.AUTHORITY_HOST, "authorityHost", SettingKey.REGISTRY_SUFFIX, "registrySuffix"));

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
        // the shared settings model validates the cloud as for the CLI and the action; errors name these fields
        boolean custom = CUSTOM.equals(cloud);
        return LoginSettings.builder().labels(FIELDS).set(SettingKey.CLOUD, cloud)
                .set(SettingKey.AUTHORITY_HOST, custom ? authorityHost : null)
                .set(SettingKey.REGISTRY_SUFFIX, custom ? registrySuffix : null).build().cloud();
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
