package dev.acrbridge.auth.diagnostics;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns registry (ACR) answers and transport failures into exceptions naming the cause and the fix. */
public final class RegistryErrors {

    /** The registry call that failed. */
    public enum Step {
        /** {@code GET /v2/} challenge discovery. */
        CHALLENGE("GET /v2/"),
        /** {@code POST /oauth2/exchange}. */
        EXCHANGE("POST /oauth2/exchange"),
        /** {@code /oauth2/token} (scoped token, or Basic validation of admin / repository-token credentials). */
        TOKEN("/oauth2/token");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        /** @return the request line shown in messages */
        public String label() {
            return label;
        }
    }

    private RegistryErrors() {
    }

    /**
     * Describes an error answer.
     *
     * @param step       which call
     * @param host       registry host
     * @param status     HTTP status
     * @param ociCode    the OCI error code ({@code UNAUTHORIZED}, {@code DENIED}...), or null
     * @param message    the server's message, already scrubbed of secrets, or null
     * @param armAudience true when the Entra token had the ARM audience
     * @param retryAfter the last Retry-After, for 429
     * @return the exception to throw
     */
    public static AcrAuthException forStatus(Step step, String host, int status, String ociCode, String message,
                                             boolean armAudience, Duration retryAfter) {
        String said = message == null || message.isBlank() ? "" : " (registry said: " + message + ")";
        String at = step.label() + " on " + host + " returned " + status + said + ".";
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (status == 429) {
            return new ThrottledException(at + " The registry is throttling requests.",
                    "retry later, spread concurrent logins, reuse the cached credential; check the registry's "
                            + "ThrottledRequests metric or move to a higher SKU", retryAfter);
        }
        if (status == 403) {
            if (lower.contains("not allowed access") || lower.contains("firewall") || lower.contains("ip '")) {
                return new RegistryAccessDeniedException(at + " The registry firewall refused this client's address.",
                        "add the runner's egress IP to the registry's network rules, use a private endpoint the runner "
                                + "can reach, or enable public network access (https://aka.ms/acr/firewall)", true, null);
            }
            return new RegistryAccessDeniedException(at + " The identity is authenticated but lacks permission.",
                    "assign the identity a role on the registry: AcrPull (pull) or AcrPush (push) on RBAC registries; "
                            + "Container Registry Repository Reader or Container Registry Repository Writer with a "
                            + "condition covering the repository on ABAC registries (AcrPull/AcrPush are not honoured "
                            + "there); the permission check shows exactly what is missing",
                    false, null);
        }
        if (status == 404 && step == Step.EXCHANGE) {
            return new RegistryUnauthorizedException(at + " The exchange endpoint does not exist on this host.",
                    "check that the registry host is an Azure Container Registry login server (NAME.azurecr.io) and "
                            + "that no proxy turns the POST into a GET", false, null);
        }
        if (status == 401) {
            if (step == Step.EXCHANGE) {
                String audienceHint = armAudience
                        ? "the token has the ARM audience and this registry may refuse ARM tokens "
                        + "(authentication-as-arm disabled): request https://containerregistry.azure.net/.default; "
                        : "";
                return new RegistryUnauthorizedException(at + " The registry refused the Entra token.",
                        audienceHint + "assign the identity a role on the registry (AcrPull or AcrPush on RBAC "
                                + "registries, Container Registry Repository Reader or Writer on ABAC registries); make "
                                + "sure it is in the registry's tenant (multi-tenant apps must be provisioned there); "
                                + "and check the runner's clock", false, null);
            }
            if (lower.contains("not registered with aad")) {
                return new RegistryUnauthorizedException(at + " The application id is unknown in the registry's tenant.",
                        "check the client id and provision the app in the registry's tenant", false, null);
            }
            return new RegistryUnauthorizedException(at + " The registry rejected the credentials.",
                    "for the admin user check that it is enabled and use the registry name and a current password "
                            + "(az acr credential show); for a repository-scoped token check its name, password, expiry "
                            + "and that it is enabled; for Entra identities log in again to get a fresh refresh token",
                    false, null);
        }
        if (status >= 500) {
            return new RegistryUnreachableException(at + " The registry kept failing after retries.",
                    "retry later; check https://status.azure.com for Container Registry incidents", true, null);
        }
        return new AcrAuthException(at + (ociCode == null ? "" : " Code " + ociCode + "."),
                "check the registry host and that it is an Azure Container Registry", false, null);
    }

    /** Who sent a rejected Basic pair. */
    public enum BasicUser {
        /** the registry's admin user */
        ADMIN_USER,
        /** a repository-scoped token */
        REPOSITORY_TOKEN,
        /** a service principal's application id and client secret */
        SERVICE_PRINCIPAL
    }

    /**
     * Describes a 401 for credentials sent as Basic: admin user, repository-scoped token, or a service principal's
     * application id and client secret.
     *
     * @param host      registry host
     * @param user      which of the three
     * @param username  the admin or token name (not secret)
     * @return the exception to throw
     */
    public static RegistryUnauthorizedException basicRejected(String host, BasicUser user, String username) {
        if (user == BasicUser.REPOSITORY_TOKEN) {
            return new RegistryUnauthorizedException("The registry " + host + " rejected repository-scoped token '"
                    + username + "' (HTTP 401).", "check the token name and password, that the password has not "
                    + "expired and that the token is enabled (az acr token show / az acr token credential generate)",
                    false, null);
        }
        if (user == BasicUser.SERVICE_PRINCIPAL) {
            return new RegistryUnauthorizedException("The registry " + host + " rejected service principal '"
                    + username + "' with its client secret (HTTP 401).", "give the application (client) ID and the "
                    + "secret's Value (not its secret ID); a secret past its end date must be replaced (az ad app "
                    + "credential reset --id " + username + " --append); the app must exist in the registry's tenant",
                    false, null);
        }
        return new RegistryUnauthorizedException("The registry " + host + " rejected admin user '" + username
                + "' (HTTP 401).", "enable the admin user (az acr update --admin-enabled true), use the registry name "
                + "as username and a current password (az acr credential show); prefer an Entra identity in CI",
                false, null);
    }

    /**
     * Describes a transport failure (no HTTP answer).
     *
     * @param step   which call
     * @param host   registry or endpoint host
     * @param failure the failure; only its type is used, so no server text reaches the message
     * @return the exception to throw
     */
    public static RegistryUnreachableException forTransport(Step step, String host, IOException failure) {
        String at = step.label() + " on " + host + " failed: ";
        // the JDK wraps the root cause (ConnectException -> UnresolvedAddressException): look at the whole chain
        if (inChain(failure, UnknownHostException.class) || inChain(failure, UnresolvedAddressException.class)) {
            return new RegistryUnreachableException(at + "the host name does not resolve (DNS).",
                    "check the registry name and the cloud's suffix (.azurecr.io, .azurecr.cn, .azurecr.us); with a "
                            + "private endpoint the runner needs the privatelink DNS zone", false, null);
        }
        SSLException tls = firstInChain(failure, SSLException.class);
        if (tls != null) {
            return new RegistryUnreachableException(at + "TLS failed (" + tls.getClass().getSimpleName() + ").",
                    "a TLS-intercepting proxy or a private CA is in the way: add its CA certificate (PEM) as trusted "
                            + "certificates, or check the system clock", false, null);
        }
        if (inChain(failure, SocketTimeoutException.class)) {
            return new RegistryUnreachableException(at + "timed out after retries.",
                    "check network egress to the registry (proxy, firewall, private endpoint routing), or raise the "
                            + "request timeout", true, null);
        }
        if (inChain(failure, ConnectException.class)) {
            return new RegistryUnreachableException(at + "connection refused or unreachable after retries.",
                    "check the registry host and port and that the runner can reach it (proxy, firewall, "
                            + "private endpoint)", true, null);
        }
        return new RegistryUnreachableException(at + "the connection broke after retries ("
                + failure.getClass().getSimpleName() + ").",
                "retry later; check proxies between the runner and the registry", true, null);
    }

    private static boolean inChain(Throwable failure, Class<? extends Throwable> type) {
        return firstInChain(failure, type) != null;
    }

    private static <T extends Throwable> T firstInChain(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
