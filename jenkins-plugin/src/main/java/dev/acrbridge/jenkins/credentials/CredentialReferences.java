package dev.acrbridge.jenkins.credentials;

import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.files.InputFiles;
import dev.acrbridge.jenkins.impl.IdentityMaterial;
import hudson.util.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.HexFormat;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Resolves an ACR credential into {@link IdentityMaterial}: checks its fields with the shared rules, refuses
 * controller-side inputs nobody with administrator rights configured, and looks the credentials it refers to up
 * through a {@link ReferenceLookup} (the build's authentication, the form user's, or the Jenkins-wide store).
 */
final class CredentialReferences {
    private CredentialReferences() {
    }

    static IdentityMaterial resolve(AcrEntraCredentials c, ReferenceLookup lookup) {
        checkPlacement(c, lookup);
        IdentityType type = c.getIdentityType();
        if (type.needsTenantAndClient()) {
            SharedRules.checkTenantAndClient(c.getTenantId(), c.getClientId());
        }
        IdentityMaterial.Builder b = IdentityMaterial.builder(type.kind())
                .tenantAndClient(c.getTenantId(), c.getClientId());
        switch (type) {
            case SERVICE_PRINCIPAL_SECRET:
                return b.clientSecret(c.getClientSecret()).build();
            case SERVICE_PRINCIPAL_CERTIFICATE:
                StandardCertificateCredentials cert = lookup.find(required(c.getCertificateCredentialsId(),
                        "certificateCredentialsId"), StandardCertificateCredentials.class, "certificateCredentialsId");
                return exportCertificate(b, cert).build();
            case MANAGED_IDENTITY:
                SharedRules.checkManagedIdentity(c.getUserAssignedIdType(), c.getUserAssignedId());
                UserAssignedIdType which = c.getUserAssignedIdType();
                return b.managedIdentity(which == null ? null : which.sharedType(), c.getUserAssignedId()).build();
            case WORKLOAD_IDENTITY:
                return b.tokenFile(c.getTokenFile()).build();
            case FEDERATED_TOKEN:
                StringCredentials token = lookup.find(required(c.getAssertionCredentialsId(), "assertionCredentialsId"),
                        StringCredentials.class, "assertionCredentialsId");
                // getSecret() of token-minting credentials (OpenID Connect provider plugin) issues a fresh token
                Secret assertion = token.getSecret();
                InputFiles.requireJwt(Secret.toString(assertion), "assertionCredentialsId",
                        "credential '" + token.getId() + "'");
                return b.assertion(assertion, "jenkins-credential:" + token.getId()).build();
            default:
                throw new IllegalStateException("unhandled identity type " + type);
        }
    }

    /**
     * Secrets never go to agents, and the controller's own identity and files serve only what an administrator
     * configured: a token file, a CA file or the managed identity used on the controller needs the ACR credential
     * in the Jenkins-wide store (or an administrator running the form test).
     */
    static void checkPlacement(AcrEntraCredentials c, ReferenceLookup lookup) {
        if (c.getUsedOn() == UsedOn.AGENT) {
            if (!UsedOn.allowsAgent(c.getIdentityType())) {
                throw new InvalidConfigurationException("usedOn", Messages.UsedOn_AgentNotAllowed(c.getId(),
                        c.getIdentityType().getDisplayName()), Messages.UsedOn_AgentNotAllowedFix());
            }
            return;
        }
        if (lookup.administratorConfigured()) {
            return;
        }
        String field = c.getIdentityType() == IdentityType.WORKLOAD_IDENTITY ? "tokenFile"
                : c.getIdentityType() == IdentityType.MANAGED_IDENTITY ? "identityType"
                : c.getCaCertificateFile() != null ? "caCertificateFile" : null;
        if (field != null) {
            throw new InvalidConfigurationException(field, Messages.CredentialReferences_ControllerInput(c.getId()),
                    Messages.CredentialReferences_ControllerInputFix());
        }
    }

    private static String required(String id, String field) {
        if (id == null || id.isBlank()) {
            throw new InvalidConfigurationException(field, field + " is empty", "pick a credential");
        }
        return id;
    }

    /** Copies the key entries into a fresh PKCS#12 and digests the key material (stable across exports). */
    private static IdentityMaterial.Builder exportCertificate(IdentityMaterial.Builder b,
                                                              StandardCertificateCredentials cert) {
        try {
            KeyStore keyStore = cert.getKeyStore();
            char[] password = Secret.toString(cert.getPassword()).toCharArray();
            KeyStore copy = KeyStore.getInstance("PKCS12");
            copy.load(null, null);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias)) {
                    Key key = keyStore.getKey(alias, password);
                    Certificate[] chain = keyStore.getCertificateChain(alias);
                    if (key == null || chain == null || chain.length == 0) {
                        throw new KeyStoreException("key entry without certificate chain");
                    }
                    copy.setKeyEntry(alias, key, password, chain);
                    digest.update(key.getEncoded());
                    for (Certificate c : chain) {
                        digest.update(c.getEncoded());
                    }
                }
            }
            if (copy.size() == 0) {
                throw new KeyStoreException("no private key entry");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy.store(out, password);
            return b.certificate(out.toByteArray(), cert.getPassword(), HexFormat.of().formatHex(digest.digest()));
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidConfigurationException("certificateCredentialsId", "the certificate credential '"
                    + cert.getId() + "' holds no usable private key (" + e.getClass().getSimpleName() + ")",
                    "upload a PKCS#12 file with the service principal's private key and certificate");
        }
    }
}
