package dev.acrbridge.auth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.testsvc.Certificates;
import dev.acrbridge.testsvc.KeyAndCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extra CAs are asked first and the second store is built only when they refuse; a chain either store accepts
 * passes, one neither accepts fails with both reasons. Real certificates, the JDK's own PKIX trust managers.
 */
class EitherTrustManagerTest {
    private static final KeyAndCertificate EXTRA_CA = Certificates.certificateAuthority("CN=extra test CA");
    private static final KeyAndCertificate OTHER_CA = Certificates.certificateAuthority("CN=other test CA");
    private static final KeyAndCertificate UNKNOWN_CA = Certificates.certificateAuthority("CN=unknown test CA");

    private final AtomicInteger secondBuilt = new AtomicInteger();
    private final EitherTrustManager either = new EitherTrustManager(TlsContexts.trustManager(store(EXTRA_CA)),
            () -> {
                secondBuilt.incrementAndGet();
                return TlsContexts.trustManager(store(OTHER_CA));
            });

    private static KeyStore store(KeyAndCertificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca.certificate());
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate[] chain(KeyAndCertificate ca) {
        return new X509Certificate[] {Certificates.loopbackServer(ca).certificate(), ca.certificate()};
    }

    @Test
    void chainOfTheExtraCaPassesWithoutBuildingTheSecondStore() throws CertificateException {
        either.checkServerTrusted(chain(EXTRA_CA), "UNKNOWN");
        assertEquals(0, secondBuilt.get());
    }

    @Test
    void chainTheExtraCaRefusesIsCheckedAgainstTheSecondStoreBuiltOnce() throws CertificateException {
        either.checkServerTrusted(chain(OTHER_CA), "UNKNOWN");
        either.checkServerTrusted(chain(OTHER_CA), "UNKNOWN");
        assertEquals(1, secondBuilt.get());
    }

    @Test
    void chainNeitherAcceptsFailsWithBothReasons() {
        CertificateException e = assertThrows(CertificateException.class,
                () -> either.checkServerTrusted(chain(UNKNOWN_CA), "UNKNOWN"));
        assertEquals(1, e.getSuppressed().length, "the extra CAs' refusal rides along");
        assertThrows(CertificateException.class, () -> either.checkClientTrusted(chain(UNKNOWN_CA), "UNKNOWN"));
    }

    @Test
    void trustFromPemKeepsEveryJdkCa(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("ca.pem"), EXTRA_CA.certificatePem());
        X509TrustManager jdk = TlsContexts.trustManager(null);
        X509ExtendedTrustManager fromPem = TlsContexts.extraFirst(pem);
        Set<X509Certificate> issuers = Stream.of(fromPem.getAcceptedIssuers()).collect(Collectors.toSet());
        assertTrue(issuers.contains(EXTRA_CA.certificate()));
        assertTrue(jdk.getAcceptedIssuers().length > 0, "this JDK has CA certificates");
        assertTrue(issuers.containsAll(Set.of(jdk.getAcceptedIssuers())), "every JDK CA is still trusted");
    }
}
