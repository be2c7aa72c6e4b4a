package dev.acrbridge.testsvc;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Checks client assertions: certificate-signed (iss = client_id) and federated (iss = an external issuer). */
final class Assertions {
    private static final long LEEWAY_SECONDS = 60;
    private final EntraDirectory directory;
    private final ServiceClock clock;

    Assertions(EntraDirectory directory, ServiceClock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    void check(Application app, String assertion, String tokenEndpoint) {
        Jwts.Jwt jwt;
        try {
            jwt = Jwts.parse(assertion);
        } catch (IllegalArgumentException e) {
            throw new EntraHandler.Rejected(EntraError.invalidRequest(50027,
                    "JWT token is invalid or malformed (client_assertion)."));
        }
        String clientId = app.principal.clientId();
        if (clientId.equalsIgnoreCase(jwt.claim("iss"))) {
            checkCertificate(app, jwt, tokenEndpoint);
        } else {
            checkFederated(app, jwt);
        }
    }

    private void checkCertificate(Application app, Jwts.Jwt jwt, String tokenEndpoint) {
        String clientId = app.principal.clientId();
        X509Certificate cert = app.certificates.stream().filter(c -> matches(jwt, c)).findFirst()
                .orElseThrow(() -> new EntraHandler.Rejected(EntraError.badSignature(clientId)));
        if (!Jwts.verify(jwt, cert.getPublicKey())) {
            throw new EntraHandler.Rejected(EntraError.badSignature(clientId));
        }
        if (!clientId.equalsIgnoreCase(jwt.claim("sub"))) {
            throw new EntraHandler.Rejected(EntraError.invalidClient(700021, "Client assertion application"
                    + " identifier doesn't match 'client_id' parameter."));
        }
        List<String> aud = FederatedIssuers.audiences(jwt.claims().get("aud"));
        if (aud.stream().noneMatch(tokenEndpoint::equalsIgnoreCase)) {
            throw new EntraHandler.Rejected(EntraError.invalidClient(50027, "Invalid JWT token: the client"
                    + " assertion audience " + aud + " must be the token endpoint '" + tokenEndpoint + "'."));
        }
        checkTime(jwt);
    }

    private void checkFederated(Application app, Jwts.Jwt jwt) {
        String issuer = jwt.claim("iss");
        String subject = jwt.claim("sub");
        FederatedIssuers issuers = directory.issuers();
        if (issuer == null || !issuers.knows(issuer)) {
            throw new EntraHandler.Rejected(EntraError.invalidClient(700211, "No matching federated identity record"
                    + " found for presented assertion issuer '" + issuer + "'. Please check your federated identity"
                    + " credential Subject, Audience and Issuer against the presented assertion."));
        }
        if (!Jwts.verify(jwt, issuers.key(issuer).getPublic())) {
            throw new EntraHandler.Rejected(EntraError.badSignature(app.principal.clientId()));
        }
        checkTime(jwt);
        List<String> aud = FederatedIssuers.audiences(jwt.claims().get("aud"));
        boolean match = app.federated.stream().anyMatch(f -> f.issuer().equals(issuer)
                && f.subject().equals(subject) && aud.contains(f.audience()));
        if (!match) {
            throw new EntraHandler.Rejected(EntraError.noFederatedMatch(issuer, subject, String.join(",", aud)));
        }
    }

    private void checkTime(Jwts.Jwt jwt) {
        long now = clock.epochSecond();
        Long exp = jwt.epoch("exp");
        Long nbf = jwt.epoch("nbf");
        long from = nbf != null ? nbf : (jwt.epoch("iat") != null ? jwt.epoch("iat") : 0);
        if (exp == null || now > exp + LEEWAY_SECONDS || now < from - LEEWAY_SECONDS) {
            throw new EntraHandler.Rejected(EntraError.outsideTimeRange(from, exp == null ? 0 : exp, now));
        }
    }

    /** x5t#S256 (standard base64 as msal4j sends it, or base64url), legacy x5t (SHA-1), or the x5c leaf. */
    private static boolean matches(Jwts.Jwt jwt, X509Certificate cert) {
        byte[] der;
        try {
            der = cert.getEncoded();
        } catch (CertificateEncodingException e) {
            return false;
        }
        Object s256 = jwt.header().get("x5t#S256");
        if (s256 instanceof String) {
            return Arrays.equals(decode((String) s256), KeyAndCertificate.digest("SHA-256", der));
        }
        Object s1 = jwt.header().get("x5t");
        if (s1 instanceof String) {
            return Arrays.equals(decode((String) s1), KeyAndCertificate.digest("SHA-1", der));
        }
        Object x5c = jwt.header().get("x5c");
        if (x5c instanceof List<?> && !((List<?>) x5c).isEmpty()) {
            try {
                byte[] leaf = Base64.getDecoder().decode(String.valueOf(((List<?>) x5c).get(0)));
                X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(leaf));
                return Arrays.equals(c.getEncoded(), der);
            } catch (CertificateException | IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    private static byte[] decode(String b64) {
        try {
            return b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(b64.replace("=", ""))
                    : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
