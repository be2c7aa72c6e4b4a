package dev.acrbridge.auth.identity;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCertificate;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.files.InputFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a service principal's certificate for msal4j: a PEM file holding a PKCS#8 private key ("BEGIN PRIVATE KEY",
 * RSA or EC) and the certificate chain, leaf first (the format azure-identity accepts), or a PKCS#12 file.
 */
final class ClientCertificates {
    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");

    private ClientCertificates() {
    }

    private static boolean isPem(byte[] content) {
        return new String(content, 0, Math.min(content.length, 4096), StandardCharsets.US_ASCII)
                .contains("-----BEGIN");
    }

    /**
     * @param spec the certificate identity
     * @return msal4j's credential for it
     * @throws InvalidConfigurationException naming the setting and the fix when the file cannot be used
     */
    static IClientCertificate load(IdentitySpec.ServicePrincipalCertificate spec) {
        byte[] content = InputFiles.read(spec.certificate(), "AZURE_CLIENT_CERTIFICATE_PATH",
                InputFiles.CERTIFICATE_MAX_BYTES, "a readable PEM (private key + certificate) or PKCS#12 file");
        try {
            if (isPem(content)) {
                return pem(new String(content, StandardCharsets.US_ASCII));
            }
            try (InputStream in = new ByteArrayInputStream(content)) {
                return ClientCredentialFactory.createFromCertificate(in,
                        spec.password() == null ? "" : spec.password().reveal());
            } catch (IOException e) {
                if (wrongPassword(e)) {
                    throw new InvalidConfigurationException("AZURE_CLIENT_CERTIFICATE_PASSWORD",
                            (spec.password() == null ? "is not set and the empty password" : "is wrong: it")
                                    + " does not open the PKCS#12 file " + spec.certificate(),
                            "give the password the .pfx was exported with in AZURE_CLIENT_CERTIFICATE_PASSWORD, or "
                                    + "use a PEM file (unencrypted PKCS#8 key + certificate)");
                }
                throw e;
            }
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw problem("is not a usable certificate (" + e.getClass().getSimpleName() + ")",
                    "use a PEM file with the PKCS#8 private key and the certificate, or a PKCS#12 (.pfx) file "
                            + "with AZURE_CLIENT_CERTIFICATE_PASSWORD");
        }
    }

    private static IClientCertificate pem(String text) throws GeneralSecurityException {
        Matcher key = KEY.matcher(text);
        if (!key.find()) {
            throw problem("has no PKCS#8 private key (-----BEGIN PRIVATE KEY-----)",
                    "convert the key: openssl pkcs8 -topk8 -nocrypt -in key.pem, and put it in the same file as "
                            + "the certificate");
        }
        byte[] der = Base64.getMimeDecoder().decode(key.group(1));
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (Matcher m = CERTIFICATE.matcher(text); m.find(); ) {
            chain.add((X509Certificate) x509.generateCertificate(
                    new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII))));
        }
        if (chain.isEmpty()) {
            throw problem("has no certificate (-----BEGIN CERTIFICATE-----)",
                    "append the certificate registered on the app to the PEM file");
        }
        String algorithm = chain.get(0).getPublicKey().getAlgorithm();
        PrivateKey privateKey = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        return ClientCredentialFactory.createFromCertificateChain(privateKey, chain);
    }

    /** The JDK's PKCS#12 loader reports a wrong password as an IOException caused by UnrecoverableKeyException. */
    private static boolean wrongPassword(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.UnrecoverableKeyException || t instanceof javax.crypto.BadPaddingException
                    || (t.getMessage() != null && t.getMessage().contains("password was incorrect"))) {
                return true;
            }
        }
        return false;
    }

    private static InvalidConfigurationException problem(String what, String fix) {
        return new InvalidConfigurationException("AZURE_CLIENT_CERTIFICATE_PATH", what, fix);
    }
}
