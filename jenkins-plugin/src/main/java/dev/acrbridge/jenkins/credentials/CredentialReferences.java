package dev.acrbridge.jenkins.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.jenkins.impl.IdentityMaterial;
import hudson.security.ACL;
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
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Resolves the Jenkins credentials an ACR credential refers to (a certificate, a federated token source) into
 * {@link IdentityMaterial}. References are looked up in the Jenkins-wide store; a SYSTEM-scoped credential may only
 * be used by a SYSTEM-scoped ACR credential, so a job-usable credential cannot borrow a system-only identity.
 */
final class CredentialReferences {
    private CredentialReferences() {
    }

    static IdentityMaterial resolve(AcrEntraCredentials c) {
        IdentityMaterial.Builder b = IdentityMaterial.builder(c.getIdentityType())
                .tenantAndClient(c.getTenantId(), c.getClientId());
        switch (c.getIdentityType()) {
            case SERVICE_PRINCIPAL_SECRET:
                return b.clientSecret(c.getClientSecret()).build();
            case SERVICE_PRINCIPAL_CERTIFICATE:
                StandardCertificateCredentials cert = find(c.getCertificateCredentialsId(),
                        StandardCertificateCredentials.class, c.getScope(), "certificateCredentialsId");
                return exportCertificate(b, cert).build();
            case MANAGED_IDENTITY:
                return b.managedIdentity(c.getUserAssignedIdType(), c.getUserAssignedId()).build();
            case WORKLOAD_IDENTITY:
                return b.tokenFile(c.getTokenFile()).build();
            case FEDERATED_TOKEN:
                StringCredentials token = find(c.getAssertionCredentialsId(), StringCredentials.class, c.getScope(),
                        "assertionCredentialsId");
                // getSecret() of token-minting credentials (OpenID Connect provider plugin) issues a fresh token
                return b.assertion(token.getSecret(), "jenkins-credential:" + token.getId()).build();
            default:
                throw new IllegalStateException("unhandled identity type " + c.getIdentityType());
        }
    }

    private static <C extends IdCredentials> C find(String id, Class<C> type, CredentialsScope ownerScope,
                                                     String field) {
        if (id == null || id.isBlank()) {
            throw new InvalidConfigurationException(field, field + " is empty", "pick a credential");
        }
        C found = CredentialsProvider.findCredentialByIdInItemGroup(id, type, Jenkins.get(), ACL.SYSTEM2, List.of());
        if (found == null) {
            throw new InvalidConfigurationException(field, "no " + type.getSimpleName() + " with id '" + id
                    + "' in the Jenkins-wide credentials", "create it in Manage Jenkins > Credentials (global store)");
        }
        if (found.getScope() == CredentialsScope.SYSTEM && ownerScope != CredentialsScope.SYSTEM) {
            throw new InvalidConfigurationException(field, "credential '" + id + "' is SYSTEM-scoped",
                    "make this ACR credential SYSTEM-scoped too, or give '" + id + "' GLOBAL scope");
        }
        return found;
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
