package dev.acrbridge.auth.identity;

import dev.acrbridge.auth.secret.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the user configured as their identity: the first step of identity -> Entra token -> registry credential ->
 * client configuration. Specs hold no live state; {@code toString()} never shows a secret ({@link Secret} masks itself).
 */
public sealed interface IdentitySpec {

    /** @return the kind of identity */
    IdentityKind kind();

    /**
     * @return a key naming this identity for caches and logs: kind, tenant and client or principal; never a secret
     */
    String cacheKey();

    /** Service principal with a client secret. */
    record ServicePrincipalSecret(String tenantId, String clientId, Secret clientSecret) implements IdentitySpec {
        public ServicePrincipalSecret {
            Objects.requireNonNull(clientSecret, "clientSecret");
        }
        @Override public IdentityKind kind() { return IdentityKind.SERVICE_PRINCIPAL_SECRET; }
        @Override public String cacheKey() { return "sp:" + tenantId + ":" + clientId; }
    }

    /**
     * Service principal with a client certificate: a PEM file (private key and certificate) or a PKCS#12 file.
     *
     * @param password             PKCS#12 password, or null for PEM / unprotected files
     * @param sendCertificateChain send the x5c chain (needed for subject-name/issuer authentication)
     */
    record ServicePrincipalCertificate(String tenantId, String clientId, Path certificate, Secret password,
                                       boolean sendCertificateChain) implements IdentitySpec {
        public ServicePrincipalCertificate {
            Objects.requireNonNull(certificate, "certificate");
        }
        @Override public IdentityKind kind() { return IdentityKind.SERVICE_PRINCIPAL_CERTIFICATE; }
        @Override public String cacheKey() { return "cert:" + tenantId + ":" + clientId; }
    }

    /**
     * Managed identity through IMDS or the App Service / Container Apps endpoint (picked by the environment).
     *
     * @param userAssigned null for the system-assigned identity
     */
    record ManagedIdentity(UserAssignedId userAssigned) implements IdentitySpec {
        @Override public IdentityKind kind() { return IdentityKind.MANAGED_IDENTITY; }
        @Override public String cacheKey() {
            return userAssigned == null ? "mi:system" : "mi:" + userAssigned.type().name().toLowerCase() + ":" + userAssigned.value();
        }
    }

    /** How a user-assigned managed identity is named. */
    record UserAssignedId(Type type, String value) {
        /** The three ways Azure names a user-assigned identity. */
        public enum Type {
            /** The identity's client (application) id. */
            CLIENT_ID,
            /** The identity's object (principal) id. */
            OBJECT_ID,
            /** The identity's ARM resource id. */
            RESOURCE_ID
        }
        public UserAssignedId {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Workload identity federation with a token file (Kubernetes), re-read for every Entra request. */
    record WorkloadIdentityFile(String tenantId, String clientId, Path tokenFile) implements IdentitySpec {
        public WorkloadIdentityFile {
            Objects.requireNonNull(tokenFile, "tokenFile");
        }
        @Override public IdentityKind kind() { return IdentityKind.WORKLOAD_IDENTITY; }
        @Override public String cacheKey() { return "wi:" + tenantId + ":" + clientId; }
    }

    /**
     * GitHub Actions OIDC: a fresh GitHub ID token for every Entra request.
     *
     * @param requestUrl   {@code ACTIONS_ID_TOKEN_REQUEST_URL}
     * @param requestToken {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}
     * @param audience     the audience asked of GitHub, normally {@code api://AzureADTokenExchange}
     */
    record GitHubOidc(String tenantId, String clientId, URI requestUrl, Secret requestToken, String audience)
            implements IdentitySpec {
        /** The audience Entra federated credentials expect by default. */
        public static final String DEFAULT_AUDIENCE = "api://AzureADTokenExchange";
        public GitHubOidc {
            Objects.requireNonNull(requestUrl, "requestUrl");
            Objects.requireNonNull(requestToken, "requestToken");
            audience = audience == null || audience.isBlank() ? DEFAULT_AUDIENCE : audience;
        }
        @Override public IdentityKind kind() { return IdentityKind.GITHUB_OIDC; }
        @Override public String cacheKey() { return "gh:" + tenantId + ":" + clientId; }
    }

    /**
     * Any federated client assertion (for example a token from another Jenkins credential); the supplier is called
     * for every Entra request and must return a fresh assertion.
     *
     * @param source a non-secret description of where assertions come from, part of the cache key
     */
    record ClientAssertion(String tenantId, String clientId, Supplier<Secret> assertion, String source)
            implements IdentitySpec {
        public ClientAssertion {
            Objects.requireNonNull(assertion, "assertion");
        }
        @Override public IdentityKind kind() { return IdentityKind.CLIENT_ASSERTION; }
        @Override public String cacheKey() { return "assertion:" + tenantId + ":" + clientId + ":" + source; }
    }

    /** An existing Azure CLI login ({@code az login}), for self-hosted runners and laptops. */
    record AzureCli(String tenantId) implements IdentitySpec {
        @Override public IdentityKind kind() { return IdentityKind.AZURE_CLI; }
        @Override public String cacheKey() { return "azcli:" + tenantId; }
    }

    /** The registry admin user: username is the registry name. No Entra involved. */
    record AdminUser(String username, Secret password) implements IdentitySpec {
        public AdminUser {
            Objects.requireNonNull(password, "password");
        }
        @Override public IdentityKind kind() { return IdentityKind.ADMIN_USER; }
        @Override public String cacheKey() { return "admin:" + username; }
    }

    /** A non-Entra repository-scoped token (scope map). No Entra involved. */
    record RepositoryToken(String tokenName, Secret password) implements IdentitySpec {
        public RepositoryToken {
            Objects.requireNonNull(password, "password");
        }
        @Override public IdentityKind kind() { return IdentityKind.REPOSITORY_TOKEN; }
        @Override public String cacheKey() { return "token:" + tokenName; }
    }
}
