package dev.acrbridge.testsvc;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.cert.CertIOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Generates the RSA keys and X.509 certificates of the fake (CA, TLS server, token signing, client certs). */
public final class Certificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {
    }

    /** A fresh 2048-bit RSA key pair. */
    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed end-entity certificate (e.g. {@code "CN=app"}) valid for a day, for certificate SP tests. */
    public static KeyAndCertificate selfSigned(String distinguishedName) {
        KeyPair kp = rsaKeyPair();
        X500Name name = new X500Name(distinguishedName);
        return new KeyAndCertificate(kp.getPrivate(), build(name, kp, name, kp, false, null));
    }

    /** A fresh EC P-256 key pair (TLS keys: generated in a millisecond, where RSA takes up to seconds on CI). */
    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed EC P-256 CA certificate (basicConstraints CA, keyCertSign). */
    public static KeyAndCertificate certificateAuthority(String distinguishedName) {
        KeyPair kp = ecKeyPair();
        X500Name name = new X500Name(distinguishedName);
        return new KeyAndCertificate(kp.getPrivate(), build(name, kp, name, kp, true, null));
    }

    /**
     * An EC P-256 TLS server certificate signed by {@code ca} with SAN IP 127.0.0.1, DNS localhost and DNS
     * {@code *.}{@value LocalAzure#PROXIED_DOMAIN} (names only a test proxy resolves, to this machine).
     */
    public static KeyAndCertificate loopbackServer(KeyAndCertificate ca) {
        KeyPair kp = ecKeyPair();
        GeneralNames san = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.dNSName, "*." + LocalAzure.PROXIED_DOMAIN)});
        KeyPair issuerKeys = new KeyPair(ca.certificate().getPublicKey(), ca.privateKey());
        X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        return new KeyAndCertificate(kp.getPrivate(),
                build(new X500Name("CN=localhost"), kp, issuer, issuerKeys, false, san));
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                         boolean ca, GeneralNames serverSan) {
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
                    subject, subjectKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                        | KeyUsage.digitalSignature));
            } else if (subjectKeys.getPublic().getAlgorithm().equals("EC")) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                        | KeyUsage.keyEncipherment));
            }
            if (serverSan != null) {
                b.addExtension(Extension.subjectAlternativeName, false, serverSan);
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            }
            String alg = issuerKeys.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            var signer = new JcaContentSignerBuilder(alg).build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build certificate " + subject, e);
        }
    }
}
