package dev.acrbridge.auth;

import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The auth core's entry point: identity -> Entra token (ACR audience) -> {@code /oauth2/exchange} -> registry
 * credential, with host trust, retries, an expiry-aware single-flight cache and errors that name the fix.
 *
 * <pre>{@code
 * AcrAuth auth = AcrAuth.builder().cloud(AzureCloud.PUBLIC).build();
 * RegistryCredential cred = auth.credential(identity, "contoso.azurecr.io");
 * }</pre>
 */
public final class AcrAuth {
    // SKELETON: the shared-auth implementation fills this in; the signatures are the contract other modules code to.

    private AcrAuth() {
    }

    /** @return a builder with the defaults: public cloud, ACR audience, no extra trusted hosts */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A registry credential for the identity, from the cache when still fresh.
     *
     * @param identity what the user configured
     * @param registry login server ({@code contoso.azurecr.io}) or bare registry name ({@code contoso}, resolved with
     *                 the cloud's suffix)
     * @return the credential (refresh token with the null-GUID username, or the admin/token password)
     * @throws dev.acrbridge.auth.diagnostics.AcrAuthException naming the cause and the fix
     */
    public RegistryCredential credential(IdentitySpec identity, String registry) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Builder for {@link AcrAuth}. */
    public static final class Builder {
        Builder() {
        }

        /** @param cloud the Azure cloud (authority host and registry suffix); default {@link AzureCloud#PUBLIC} */
        public Builder cloud(AzureCloud cloud) { return this; }

        /** @param audience the Entra resource to ask for; default {@link AzureCloud#ACR_AUDIENCE} */
        public Builder audience(String audience) { return this; }

        /** @param hosts extra registry hosts ({@code host[:port]}) trusted although they miss the cloud suffix */
        public Builder allowRegistryHosts(Set<String> hosts) { return this; }

        /** @param pemFile extra CA certificates (PEM) trusted for TLS on top of the JDK's */
        public Builder trustedCertificates(Path pemFile) { return this; }

        /** @param sslContext TLS context for every connection (Entra, managed identity, registry) */
        public Builder sslContext(SSLContext sslContext) { return this; }

        /** @param environment variables read for identity detection and CI endpoints; default the process env */
        public Builder environment(Map<String, String> environment) { return this; }

        /** @param timeout per-request timeout; default 30 s */
        public Builder requestTimeout(Duration timeout) { return this; }

        /** @return the configured auth core */
        public AcrAuth build() { return new AcrAuth(); }
    }
}
