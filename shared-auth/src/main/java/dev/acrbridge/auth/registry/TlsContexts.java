package dev.acrbridge.auth.registry;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.files.InputFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds TLS contexts: the JDK's trusted CAs plus extra CA certificates from a PEM file (corporate or test CAs). */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * @param pemFile PEM file with one or more CA certificates
     * @return a context trusting the JDK's CAs and those certificates
     * @throws InvalidConfigurationException when the file cannot be read or holds no certificate
     */
    public static SSLContext withExtraCertificates(Path pemFile) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {extraFirst(pemFile)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS", e);
        }
    }

    /** @return a trust manager accepting what the PEM's CAs or the JDK's CAs accept, asking the PEM's first */
    static X509ExtendedTrustManager extraFirst(Path pemFile) {
        byte[] pem = InputFiles.read(pemFile, "trusted certificates", InputFiles.CA_BUNDLE_MAX_BYTES,
                "a readable PEM file of CA certificates");
        try (InputStream in = new ByteArrayInputStream(pem)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("extra-" + n++, c);
            }
            if (n == 0) {
                throw new InvalidConfigurationException("trusted certificates", "no certificate in " + pemFile,
                        "point it at a PEM file with -----BEGIN CERTIFICATE----- blocks");
            }
            return new EitherTrustManager(trustManager(store), () -> trustManager(null));
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidConfigurationException("trusted certificates", "cannot read " + pemFile + " ("
                    + e.getClass().getSimpleName() + ")", "point it at a readable PEM file of CA certificates");
        }
    }

    /** @return the JDK default context */
    public static SSLContext jdkDefault() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** @param store trusted CAs, or null for the JDK's (javax.net.ssl.trustStore or cacerts) */
    static X509ExtendedTrustManager trustManager(KeyStore store) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's PKIX trust manager is unavailable", e);
        }
        throw new IllegalStateException("the JDK's PKIX trust manager is unavailable");
    }
}
