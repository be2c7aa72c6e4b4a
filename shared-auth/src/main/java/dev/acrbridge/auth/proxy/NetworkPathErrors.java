package dev.acrbridge.auth.proxy;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.RegistryUnreachableException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Explains failures of the path between us and a service, whichever service it was: the proxy failing, or a TLS
 * certificate from an unknown issuer (a TLS-inspecting proxy re-signing traffic, or a private CA). Entra, GitHub OIDC
 * and registry errors ask here first, so the message blames the proxy or the trust store instead of the service.
 */
public final class NetworkPathErrors {
    /** Where each face takes extra CA certificates; the same words in every message. */
    public static final String CA_OPTION = "trust its CA certificate (a PEM file): acr-login --ca-file "
            + "(ACR_LOGIN_CA_FILE), the action input ca-certificates, or the Jenkins credential's 'Extra CA "
            + "certificates (PEM file)'";
    private static final String PROXY_SETTING = "HTTPS_PROXY, --proxy (ACR_LOGIN_PROXY), the action input proxy, "
            + "or Jenkins' proxy configuration";

    private NetworkPathErrors() {
    }

    /**
     * @param service what was being called, for the message ({@code Entra}, {@code GET /v2/ on contoso.azurecr.io})
     * @param failure the failure, anywhere in its cause chain
     * @return the explanation, or null when the path is not to blame
     */
    public static AcrAuthException explain(String service, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProxyFailure p) {
                return proxy(service, p);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException && hasCertificateProblem(t)) {
                return new RegistryUnreachableException(service + " failed: TLS certificate not trusted (unknown "
                        + "issuer).", "a TLS-inspecting proxy or a private CA signs this connection: " + CA_OPTION
                        + "; also check the host name and this machine's clock", false, null);
            }
        }
        return null;
    }

    private static boolean hasCertificateProblem(Throwable t) {
        for (; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof java.security.cert.CertPathValidatorException
                    || t.getClass().getName().endsWith("SunCertPathBuilderException")) {
                return true;
            }
        }
        return false;
    }

    private static ProxyException proxy(String service, ProxyFailure p) {
        String at = "The proxy " + p.proxy() + " ";
        String unreached = " " + service + " was not reached.";
        switch (p.kind()) {
            case CREDENTIALS_REJECTED:
                return new ProxyException(at + "rejected the credentials of proxy user '" + p.username()
                        + "' (HTTP 407)." + unreached, "correct the user and password in the proxy URL (" + PROXY_SETTING
                        + "); percent-encode special characters (@ as %40, : as %3A)", false, null);
            case CREDENTIALS_MISSING:
                return new ProxyException(at + "requires authentication (HTTP 407)." + unreached, "put the proxy user and "
                        + "password in the proxy URL, http://USER:PASSWORD@HOST:PORT (" + PROXY_SETTING + ")",
                        false, null);
            case BASIC_DISABLED:
                return new ProxyException(at + "asked for Basic credentials (HTTP 407) and this Java runtime "
                        + "refuses Basic authentication for HTTPS tunnels." + unreached, "start this Java runtime with "
                        + "-D" + ProxyRoute.TUNNELING_DISABLED_SCHEMES + "= (empty); acr-login and the action do "
                        + "this themselves", false, null);
            case TUNNEL_REFUSED:
                return p.status() >= 500
                        ? new ProxyException(at + "could not reach the destination (HTTP " + p.status() + ")." + unreached,
                        "check the host name, and the proxy's own egress and DNS; if the host is reachable without "
                                + "the proxy, list it in NO_PROXY", true, null)
                        : new ProxyException(at + "refused to open a tunnel (HTTP " + p.status() + ")." + unreached,
                        "ask the proxy's administrators to allow CONNECT to the host on port 443, or list the host "
                                + "in NO_PROXY if it is reachable without the proxy", false, null);
            default:
                return new ProxyException("Cannot connect to the proxy " + p.proxy() + "." + unreached, "check the proxy address ("
                        + PROXY_SETTING + ") and that the proxy is running", p.isRetryable(), null);
        }
    }
}
