package dev.acrbridge.testsvc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The generated CA and the loopback server certificate it signed (one pair per JVM: generating is slow). */
final class TlsMaterial {
    static final String TRUST_STORE_PASSWORD = "changeit";
    private static TlsMaterial shared;

    final KeyAndCertificate ca;
    final KeyAndCertificate server;

    private TlsMaterial(KeyAndCertificate ca, KeyAndCertificate server) {
        this.ca = ca;
        this.server = server;
    }

    static synchronized TlsMaterial get() {
        if (shared == null) {
            KeyAndCertificate ca = Certificates.certificateAuthority("CN=ACR Credential Bridge local test CA");
            shared = new TlsMaterial(ca, Certificates.loopbackServer(ca));
        }
        return shared;
    }

    /** Server-side context presenting the server certificate (with the CA in its chain). */
    SSLContext serverContext() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = TRUST_STORE_PASSWORD.toCharArray();
            ks.setKeyEntry("server", server.privateKey(), pw,
                    new Certificate[] {server.certificate(), ca.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the server TLS context", e);
        }
    }

    /** Client-side context trusting only the CA. */
    SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the client TLS context", e);
        }
    }

    KeyStore trustStore() {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("acr-bridge-test-ca", ca.certificate());
            return ts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    void writeTrustStore(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            trustStore().store(out, TRUST_STORE_PASSWORD.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
