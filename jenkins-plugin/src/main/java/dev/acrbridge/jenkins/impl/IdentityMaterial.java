package dev.acrbridge.jenkins.impl;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.files.PrivateFiles;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.identity.IdentitySpec;
import hudson.util.Secret;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * An identity with every Jenkins reference already resolved (certificate bytes taken from the certificate
 * credential, the federated token minted from the token credential), so that it can be turned into a shared-auth
 * {@link IdentitySpec} on the controller or, serialized, on an agent. Never printed: {@link #toString()} names the
 * kind only. It speaks shared-auth's terms ({@link IdentityKind}, {@link IdentitySpec.UserAssignedId.Type}), not the
 * credential's, so that the credential package depends on this one and never the other way round.
 */
@Restricted(NoExternalUse.class)
public final class IdentityMaterial implements Serializable {
    private static final long serialVersionUID = 1L;

    private final IdentityKind kind;
    private final String tenantId;
    private final String clientId;
    private final Secret clientSecret;
    private final byte[] pkcs12;
    private final Secret pkcs12Password;
    private final String certificateDigest;
    private final IdentitySpec.UserAssignedId.Type userAssignedIdType;
    private final String userAssignedId;
    private final String tokenFile;
    private final Secret assertion;
    private final String assertionSource;

    private IdentityMaterial(Builder b) {
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.tenantId = b.tenantId;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.pkcs12 = b.pkcs12 == null ? null : b.pkcs12.clone();
        this.pkcs12Password = b.pkcs12Password;
        this.certificateDigest = b.certificateDigest;
        this.userAssignedIdType = b.userAssignedIdType;
        this.userAssignedId = b.userAssignedId;
        this.tokenFile = b.tokenFile;
        this.assertion = b.assertion;
        this.assertionSource = b.assertionSource;
    }

    /** @return a builder for the given identity kind */
    public static Builder builder(IdentityKind kind) {
        return new Builder(kind);
    }

    /**
     * Builds the shared-auth spec. A certificate is written to {@code dir} (0600) and must stay there as long as the
     * spec is in use.
     *
     * @param dir        a private directory for files the spec needs
     * @param assertions where a federated token spec reads the current assertion at each Entra request
     * @return the spec
     * @throws IOException when the certificate file cannot be written
     * @throws InvalidConfigurationException naming the missing field and the fix
     */
    public IdentitySpec toSpec(Path dir, Supplier<dev.acrbridge.auth.secret.Secret> assertions) throws IOException {
        switch (kind) {
            case SERVICE_PRINCIPAL_SECRET:
                requireTenantAndClient();
                require(clientSecret != null && !clientSecret.getPlainText().isBlank(), "clientSecret",
                        "enter the client secret of the service principal");
                return new IdentitySpec.ServicePrincipalSecret(tenantId, clientId,
                        dev.acrbridge.auth.secret.Secret.of(clientSecret.getPlainText()));
            case SERVICE_PRINCIPAL_CERTIFICATE:
                requireTenantAndClient();
                require(pkcs12 != null, "certificateCredentialsId", "pick a certificate credential (PKCS#12)");
                Path file = dir.resolve("service-principal.p12");
                PrivateFiles.writeAtomically(file, pkcs12);
                return new IdentitySpec.ServicePrincipalCertificate(tenantId, clientId, file,
                        pkcs12Password == null ? null : dev.acrbridge.auth.secret.Secret.of(pkcs12Password.getPlainText()),
                        false);
            case MANAGED_IDENTITY:
                if (userAssignedIdType == null) {
                    return new IdentitySpec.ManagedIdentity(null);
                }
                require(userAssignedId != null && !userAssignedId.isBlank(), "userAssignedId",
                        "enter the " + userAssignedIdType.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                                + " of the user-assigned identity");
                return new IdentitySpec.ManagedIdentity(
                        new IdentitySpec.UserAssignedId(userAssignedIdType, userAssignedId.trim()));
            case WORKLOAD_IDENTITY:
                requireTenantAndClient();
                require(tokenFile != null && !tokenFile.isBlank(), "tokenFile",
                        "enter the path of the projected service account token (AZURE_FEDERATED_TOKEN_FILE)");
                return new IdentitySpec.WorkloadIdentityFile(tenantId, clientId, Path.of(tokenFile.trim()));
            case CLIENT_ASSERTION:
                requireTenantAndClient();
                require(assertion != null, "assertionCredentialsId",
                        "pick the secret text credential that yields the federated token");
                return new IdentitySpec.ClientAssertion(tenantId, clientId, assertions, assertionSource);
            default:
                throw new IllegalStateException("unhandled identity kind " + kind);
        }
    }

    /** @return the federated token minted for this use, or null for other identity types */
    public Secret assertion() {
        return assertion;
    }

    /**
     * A digest of everything that makes this identity, secrets included, so that two Jenkins credentials never share
     * a cache entry unless they hold the very same identity and secret.
     *
     * @param settings the auth settings the identity is used with
     * @return a hex SHA-256
     */
    public String fingerprint(AuthSettings settings) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Object part : new Object[] {settings, kind, tenantId, clientId, reveal(clientSecret),
                    certificateDigest, reveal(pkcs12Password), userAssignedIdType,
                    userAssignedId, tokenFile, assertionSource}) {
                d.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String reveal(Secret s) {
        return s == null ? null : s.getPlainText();
    }

    private void requireTenantAndClient() {
        require(tenantId != null && !tenantId.isBlank(), "tenantId", "enter the directory (tenant) id");
        require(clientId != null && !clientId.isBlank(), "clientId", "enter the application (client) id");
    }

    private static void require(boolean ok, String field, String fix) {
        if (!ok) {
            throw new InvalidConfigurationException(field, field + " is empty", fix);
        }
    }

    @Override
    public String toString() {
        return "IdentityMaterial[" + kind + "]";
    }

    /** Builder; secrets go in as Jenkins {@link Secret}s. */
    public static final class Builder {
        private final IdentityKind kind;
        private String tenantId;
        private String clientId;
        private Secret clientSecret;
        private byte[] pkcs12;
        private Secret pkcs12Password;
        private String certificateDigest;
        private IdentitySpec.UserAssignedId.Type userAssignedIdType;
        private String userAssignedId;
        private String tokenFile;
        private Secret assertion;
        private String assertionSource;

        private Builder(IdentityKind kind) {
            this.kind = kind;
        }

        public Builder tenantAndClient(String tenant, String client) {
            this.tenantId = trim(tenant);
            this.clientId = trim(client);
            return this;
        }

        public Builder clientSecret(Secret secret) {
            this.clientSecret = secret;
            return this;
        }

        /**
         * @param pkcs12Bytes PKCS#12 with the key and certificate
         * @param password    its password
         * @param digest      a stable digest of the key material (PKCS#12 bytes differ at each export: random salt)
         */
        public Builder certificate(byte[] pkcs12Bytes, Secret password, String digest) {
            this.pkcs12 = pkcs12Bytes == null ? null : pkcs12Bytes.clone();
            this.pkcs12Password = password;
            this.certificateDigest = digest;
            return this;
        }

        /**
         * @param idType how the user-assigned identity is named, or null for the system-assigned identity
         * @param id     the user-assigned identity's id
         */
        public Builder managedIdentity(IdentitySpec.UserAssignedId.Type idType, String id) {
            this.userAssignedIdType = idType;
            this.userAssignedId = trim(id);
            return this;
        }

        public Builder tokenFile(String path) {
            this.tokenFile = trim(path);
            return this;
        }

        public Builder assertion(Secret token, String source) {
            this.assertion = token;
            this.assertionSource = source;
            return this;
        }

        public IdentityMaterial build() {
            return new IdentityMaterial(this);
        }

        private static String trim(String s) {
            return s == null ? null : s.trim();
        }
    }
}
