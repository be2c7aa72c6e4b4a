package dev.acrbridge.testsvc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** A private key with its X.509 certificate, writable in the formats azure-identity, nginx and the registry read. */
public record KeyAndCertificate(PrivateKey privateKey, X509Certificate certificate) {

    /** PEM of the certificate alone. */
    public String certificatePem() {
        return pem("CERTIFICATE", der());
    }

    /** PKCS#8 PEM of the private key ("BEGIN PRIVATE KEY"). */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    /** Writes key (PKCS#8) and certificate into one PEM file, mode 0600, as azure-identity's pemCertificate wants. */
    public Path writePem(Path file) {
        return Files600.write(file, (privateKeyPem() + certificatePem()).getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes the certificate alone as PEM. */
    public Path writeCertificatePem(Path file) {
        return Files600.write(file, certificatePem().getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes the private key alone as PKCS#8 PEM, mode 0600. */
    public Path writePrivateKeyPem(Path file) {
        return Files600.write(file, privateKeyPem().getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes a PKCS#12 file (alias "1") with key and certificate, mode 0600. */
    public Path writePkcs12(Path file, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("1", privateKey, password, new java.security.cert.Certificate[] {certificate});
            Files600.write(file, new byte[0]);
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write PKCS#12 " + file, e);
        }
    }

    /** DER encoding of the certificate. */
    public byte[] der() {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Standard base64 (with padding) SHA-256 of the DER certificate: the {@code x5t#S256} msal4j sends. */
    public String x5tS256() {
        return Base64.getEncoder().encodeToString(digest("SHA-256", der()));
    }

    static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
