package dev.acrbridge.auth.registry;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a chain that either the extra CAs or the JDK's CAs accept, asking the extra CAs first and building the
 * JDK's trust manager only when they refuse: parsing the JDK's ~140 CA certificates costs a short-lived process tens
 * of milliseconds that a registry behind a corporate or test CA never needs. Both delegates are the JDK's own PKIX
 * trust managers, given the socket or engine, so hostname and algorithm checks stay theirs.
 */
final class EitherTrustManager extends X509ExtendedTrustManager {
    /** One check of a delegate, which either passes or throws. */
    @FunctionalInterface
    private interface Check {
        void run(X509ExtendedTrustManager tm) throws CertificateException;
    }

    private final X509ExtendedTrustManager extra;
    private final Supplier<X509ExtendedTrustManager> jdkSource;
    private volatile X509ExtendedTrustManager jdk;

    EitherTrustManager(X509ExtendedTrustManager extra, Supplier<X509ExtendedTrustManager> jdk) {
        this.extra = extra;
        this.jdkSource = jdk;
    }

    private X509ExtendedTrustManager jdk() {
        X509ExtendedTrustManager tm = jdk;
        if (tm == null) {
            synchronized (this) {
                if (jdk == null) {
                    jdk = jdkSource.get();
                }
                tm = jdk;
            }
        }
        return tm;
    }

    private void either(Check check) throws CertificateException {
        try {
            check.run(extra);
        } catch (CertificateException notByExtra) {
            try {
                check.run(jdk());
            } catch (CertificateException notByJdk) {
                notByJdk.addSuppressed(notByExtra);
                throw notByJdk;
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        either(tm -> tm.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        either(tm -> tm.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        either(tm -> tm.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        either(tm -> tm.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        either(tm -> tm.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        either(tm -> tm.checkClientTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return Stream.concat(Stream.of(extra.getAcceptedIssuers()), Stream.of(jdk().getAcceptedIssuers()))
                .toArray(X509Certificate[]::new);
    }
}
