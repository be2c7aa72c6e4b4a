package dev.acrbridge.auth.identity;

import com.azure.core.credential.AccessToken;
import com.azure.core.exception.HttpResponseException;
import com.azure.identity.CredentialUnavailableException;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.EntraAuthenticationException;
import dev.acrbridge.auth.diagnostics.ErrorCatalog;
import dev.acrbridge.auth.proxy.NetworkPathErrors;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.auth.secret.SecretForms;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Gets Entra access tokens for identities: builds each identity's {@link EntraCredential} once, asks for
 * {@code <audience>/.default}, and turns every failure into an {@link AcrAuthException} that names the cause and
 * the fix (AADSTS codes via {@link ErrorCatalog}), with secrets scrubbed from any text it quotes.
 */
public final class EntraTokenSource {
    /** OAuth error of a server that asks to be retried later. */
    private static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";
    /** msal4j: the managed-identity endpoint answered with an error. */
    private static final String MI_REQUEST_FAILED = "managed_identity_request_failed";
    /** msal4j: the managed-identity endpoint could not be reached. */
    private static final String MI_UNREACHABLE = "managed_identity_unreachable_network";
    private final EntraCredentials factory;
    private static final int MAX_CREDENTIALS = 256;
    /** Credentials per identity, least recently used dropped first (a long-lived Jenkins controller sees many). */
    private final Map<IdentitySpec, EntraCredential> credentials = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<IdentitySpec, EntraCredential> eldest) {
                    return size() > MAX_CREDENTIALS;
                }
            });

    /** @param factory maps identities to credentials */
    public EntraTokenSource(EntraCredentials factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * @param identity an Entra-backed identity
     * @param audience a resource such as {@code https://containerregistry.azure.net}
     * @return the access token (secret) and its expiry
     */
    public AccessToken token(IdentitySpec identity, String audience) {
        String scope = audience.endsWith("/.default") ? audience : audience + "/.default";
        try {
            AccessToken token = credentials.computeIfAbsent(identity, factory::create).token(scope);
            if (token == null || token.getToken() == null || token.getToken().isBlank()) {
                throw new EntraAuthenticationException("Entra returned no token for " + describe(identity) + ".",
                        "retry; if it persists check the identity configuration", null, true, null);
            }
            return token;
        } catch (AcrAuthException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(identity, e);
        }
    }

    /**
     * @param identity an identity
     * @return a non-secret description: kind, client and tenant
     */
    public static String describe(IdentitySpec identity) {
        String who;
        if (identity instanceof IdentitySpec.ServicePrincipalSecret s) {
            who = "client " + s.clientId() + " in tenant " + s.tenantId();
        } else if (identity instanceof IdentitySpec.ServicePrincipalCertificate c) {
            who = "client " + c.clientId() + " in tenant " + c.tenantId();
        } else if (identity instanceof IdentitySpec.WorkloadIdentityFile w) {
            who = "client " + w.clientId() + " in tenant " + w.tenantId();
        } else if (identity instanceof IdentitySpec.GitHubOidc g) {
            who = "client " + g.clientId() + " in tenant " + g.tenantId();
        } else if (identity instanceof IdentitySpec.ClientAssertion a) {
            who = "client " + a.clientId() + " in tenant " + a.tenantId();
        } else if (identity instanceof IdentitySpec.ManagedIdentity m) {
            who = m.userAssigned() == null ? "system-assigned"
                    : m.userAssigned().type().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " "
                    + m.userAssigned().value();
        } else {
            who = identity.cacheKey();
        }
        return identity.kind().label() + " (" + who + ")";
    }

    /**
     * Classifies a library failure by what the libraries expose as data: the HTTP status (msal4j's
     * {@link MsalServiceException#statusCode()}, azure-core's {@link HttpResponseException#getResponse()}), msal4j's
     * error code ({@link MsalException#errorCode()}), the exception types (I/O, timeout, credential unavailable) and
     * Entra's AADSTS code. Message text is only quoted, never matched.
     */
    private static AcrAuthException translate(IdentitySpec identity, RuntimeException failure) {
        AcrAuthException path = NetworkPathErrors.explain("Entra", failure);
        if (path != null) {
            return path; // the proxy or an unknown certificate issuer: Entra never saw the request
        }
        List<String> texts = new ArrayList<>();
        boolean transport = false;
        boolean unavailable = false;
        Integer status = null;
        String errorCode = null;
        java.time.Duration retryAfter = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AcrAuthException ours) {
                return ours; // e.g. the endpoint guard or the GitHub OIDC fetch, already explained
            }
            if (t instanceof MsalServiceException msal && status == null) {
                status = msal.statusCode(); // null for managed-identity failures: errorCode says what happened
                retryAfter = retryAfter(msal);
            }
            if (t instanceof HttpResponseException http && http.getResponse() != null && status == null) {
                status = http.getResponse().getStatusCode();
            }
            if (t instanceof MsalException msal && errorCode == null) {
                errorCode = msal.errorCode();
            }
            transport |= t instanceof IOException || t instanceof java.util.concurrent.TimeoutException;
            unavailable |= t instanceof CredentialUnavailableException;
            if (t.getMessage() != null) {
                texts.add(t.getMessage());
            }
        }
        String all = String.join(" | ", texts);
        String who = describe(identity);
        Integer code = ErrorCatalog.findAadstsCode(all).orElse(null);
        if (status != null && (status == 429 || status >= 500)
                || TEMPORARILY_UNAVAILABLE.equals(errorCode)) {
            return new EntraAuthenticationException("Entra kept answering " + (status == null ? errorCode : status)
                    + " for " + who + (code == null ? "" : " (AADSTS" + code + ")") + " after retries.",
                    "retry later; many parallel jobs on one identity can be throttled, so reuse cached credentials; "
                            + "check https://status.azure.com", code, true, null, retryAfter);
        }
        if (code != null) {
            ErrorCatalog.Entry entry = ErrorCatalog.aadsts(code).orElse(null);
            if (entry != null) {
                return new EntraAuthenticationException("Entra refused a token for " + who + ": AADSTS" + code + ", "
                        + entry.cause() + ".", entry.fix(), code, false, null);
            }
            return new EntraAuthenticationException("Entra refused a token for " + who + ": AADSTS" + code + " ("
                    + excerpt(identity, all) + ").", "look up AADSTS" + code
                    + " at https://login.microsoftonline.com/error?code=" + code, code, false, null);
        }
        if (identity instanceof IdentitySpec.ManagedIdentity) {
            boolean unreachable = transport || MI_UNREACHABLE.equals(errorCode);
            if (!unreachable && (MI_REQUEST_FAILED.equals(errorCode) || status != null && status >= 400)) {
                // the endpoint answered and refused: the identity is not attached here, or the id names no identity
                return new EntraAuthenticationException("The managed-identity endpoint refused a token for " + who
                        + " (" + excerpt(identity, all) + ").", "attach the identity to this VM / App Service / "
                        + "Container App, or fix the client, object or resource id (ACR_LOGIN_MANAGED_IDENTITY_ID_TYPE "
                        + "says which one you gave)", null, false, null);
            }
            return new EntraAuthenticationException("No managed-identity token for " + who + " ("
                    + excerpt(identity, all) + ").", "run on an Azure resource with a managed identity enabled, "
                    + "or choose another identity type (ACR_LOGIN_AUTH_TYPE)", null, unreachable, null);
        }
        if (identity instanceof IdentitySpec.AzureCli || unavailable) {
            return new EntraAuthenticationException("The Azure CLI gave no token for " + who + " ("
                    + excerpt(identity, all) + ").", "install the Azure CLI and run `az login` (or "
                    + "`az login --identity`) on this machine, or choose another identity type", null, false, null);
        }
        if (transport) {
            return new EntraAuthenticationException("Entra could not be reached or kept failing for " + who + " ("
                    + excerpt(identity, all) + ").", "retry later; check egress to the authority host and any proxy",
                    null, true, null);
        }
        return new EntraAuthenticationException("Entra refused a token for " + who
                + (status == null ? "" : " (HTTP " + status + (errorCode == null ? "" : ", " + errorCode) + ")")
                + " (" + excerpt(identity, all) + ").", "check the tenant, client id and credential of this identity",
                null, false, null);
    }

    /** Entra's Retry-After on the failed answer, if it sent one (a failure shared by waiters honours it). */
    private static java.time.Duration retryAfter(com.microsoft.aad.msal4j.MsalServiceException msal) {
        java.util.Map<String, List<String>> headers = msal.headers();
        if (headers == null) {
            return null;
        }
        for (java.util.Map.Entry<String, List<String>> h : headers.entrySet()) {
            if ("retry-after".equalsIgnoreCase(h.getKey()) && h.getValue() != null && !h.getValue().isEmpty()) {
                return dev.acrbridge.auth.retry.RetryAfter.parse(h.getValue().get(0), java.time.Instant.now())
                        .orElse(null);
            }
        }
        return null;
    }

    /**
     * A short, secret-free quote of the library's message and, when it only points at an inner exception
     * (azure-identity's "Managed Identity authentication failed, see inner exception"), of the innermost cause too.
     */
    private static String excerpt(IdentitySpec identity, String text) {
        List<Secret> secrets = new ArrayList<>();
        if (identity instanceof IdentitySpec.ServicePrincipalSecret s) {
            secrets.add(s.clientSecret());
        } else if (identity instanceof IdentitySpec.ServicePrincipalCertificate c && c.password() != null) {
            secrets.add(c.password());
        } else if (identity instanceof IdentitySpec.GitHubOidc g) {
            secrets.add(g.requestToken());
        }
        String[] chain = text.split(" \\| ");
        String first = chain[0];
        String innermost = chain[chain.length - 1];
        String quote = first.contains(innermost) ? first : first + ": " + innermost;
        String clean = SecretForms.redact(quote, secrets)
                .replaceAll("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*", "<jwt>");
        return clean.length() > 400 ? clean.substring(0, 400) + "..." : clean;
    }
}
