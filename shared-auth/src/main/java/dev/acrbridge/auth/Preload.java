package dev.acrbridge.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;

/**
 * A head start for a short-lived process: while its main thread parses the command line, a second thread loads
 * and initialises what the first credential will need (the JDK's TLS provider and cipher-suite tables, X.509 and
 * PKCS#12 support, Jackson, msal4j). Class initialisation is thread-safe, so the main thread simply finds the work
 * done or waits for it; nothing here holds state or sends anything.
 */
public final class Preload {
    private Preload() {
    }

    /** Starts the preloading on a daemon thread and returns at once. */
    public static void inBackground() {
        Thread t = new Thread(Preload::run, "acr-preload");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try {
            SSLContext.getInstance("TLS");
            CertificateFactory.getInstance("X.509");
            KeyStore.getInstance("PKCS12");
            new ObjectMapper().readTree("{\"exp\":1}");
            Class.forName("com.microsoft.aad.msal4j.ConfidentialClientApplication");
        } catch (Exception | LinkageError ignored) {
            // only a head start: the main thread does (and reports) the same work when it gets there
        }
    }
}
