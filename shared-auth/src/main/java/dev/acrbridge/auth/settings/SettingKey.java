package dev.acrbridge.auth.settings;

import dev.acrbridge.auth.proxy.ProxySettings;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one set of setting names every face fills: the CLI from its options and variables, the action from its inputs,
 * the Jenkins plugin from its form fields. {@link #variable()} is the environment name; Azure's own names
 * ({@code AZURE_*}) are kept as the Azure SDKs spell them, and ours all start with {@value #PREFIX}. An older name of
 * ours ({@link #legacyVariable()}) is still read, with a deprecation line ({@link LoginSettings#deprecations()}).
 */
public enum SettingKey {
    /** How the identity is given: {@value LoginSettings#AUTH_TYPES}. */
    AUTH_TYPE("ACR_LOGIN_AUTH_TYPE", "ACR_AUTH_TYPE", false),
    /** Directory (tenant) ID or verified domain. */
    TENANT_ID("AZURE_TENANT_ID", null, false),
    /** Application (client) ID; for a managed identity, its client, object or resource id. */
    CLIENT_ID("AZURE_CLIENT_ID", null, false),
    /** A client secret's Value. */
    CLIENT_SECRET("AZURE_CLIENT_SECRET", null, true),
    /** PEM (key + certificate) or PKCS#12 file. */
    CLIENT_CERTIFICATE_PATH("AZURE_CLIENT_CERTIFICATE_PATH", null, false),
    /** Password of a PKCS#12 file. */
    CLIENT_CERTIFICATE_PASSWORD("AZURE_CLIENT_CERTIFICATE_PASSWORD", null, true),
    /** Send the x5c chain (subject-name/issuer apps): true or false. */
    SEND_CERTIFICATE_CHAIN("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", null, false),
    /** Workload identity token file (Kubernetes), re-read for every request. */
    FEDERATED_TOKEN_FILE("AZURE_FEDERATED_TOKEN_FILE", null, false),
    /**
     * The name of the variable a CI puts its OIDC token in (GitLab {@code id_tokens}, {@code CIRCLE_OIDC_TOKEN_V2},
     * {@code BITBUCKET_STEP_OIDC_TOKEN}); the token is read from it for every Entra request.
     */
    FEDERATED_TOKEN_VARIABLE("ACR_LOGIN_FEDERATED_TOKEN_VARIABLE", null, false),
    /** How {@link #CLIENT_ID} names a user-assigned managed identity: client-id, object-id, resource-id. */
    MANAGED_IDENTITY_ID_TYPE("ACR_LOGIN_MANAGED_IDENTITY_ID_TYPE", "ACR_MANAGED_IDENTITY_ID_TYPE", false),
    /** Audience asked of GitHub for its ID token (default {@code api://AzureADTokenExchange}). */
    OIDC_AUDIENCE("ACR_LOGIN_OIDC_AUDIENCE", "ACR_OIDC_AUDIENCE", false),
    /** Set by GitHub Actions for a job with {@code permissions: id-token: write}. */
    OIDC_REQUEST_URL("ACTIONS_ID_TOKEN_REQUEST_URL", null, false),
    /** Set by GitHub Actions with the URL above; a bearer secret. */
    OIDC_REQUEST_TOKEN("ACTIONS_ID_TOKEN_REQUEST_TOKEN", null, true),
    /** Managed-identity endpoint of App Service / Container Apps. */
    IDENTITY_ENDPOINT("IDENTITY_ENDPOINT", null, false),
    /** Header secret that goes with {@link #IDENTITY_ENDPOINT}. */
    IDENTITY_HEADER("IDENTITY_HEADER", null, true),
    /** Older managed-identity endpoint (App Service, Cloud Shell). */
    MSI_ENDPOINT("MSI_ENDPOINT", null, false),
    /** IMDS endpoint override (azure-identity reads it). */
    IMDS_ENDPOINT("IMDS_ENDPOINT", null, false),
    /** Registry admin user or repository-scoped token name. */
    USERNAME("ACR_LOGIN_USERNAME", "ACR_USERNAME", false),
    /** Admin or token password. */
    PASSWORD("ACR_LOGIN_PASSWORD", "ACR_PASSWORD", true),
    /** Azure cloud: public, china, usgov, or custom (with {@link #AUTHORITY_HOST} and {@link #REGISTRY_SUFFIX}). */
    CLOUD("ACR_LOGIN_CLOUD", null, false),
    /** Entra authority host override (https). */
    AUTHORITY_HOST("AZURE_AUTHORITY_HOST", null, false),
    /** Registry login-server suffix of a custom cloud (default {@code .azurecr.io}). */
    REGISTRY_SUFFIX("ACR_LOGIN_REGISTRY_SUFFIX", null, false),
    /** Entra resource asked for (default the ACR audience). */
    AUDIENCE("ACR_LOGIN_AUDIENCE", null, false),
    /** Registry hosts trusted although they miss the cloud's suffix: {@code host[:port]}, comma-separated. */
    ALLOWED_HOSTS("ACR_LOGIN_ALLOWED_HOSTS", null, false),
    /** PEM file of CA certificates trusted on top of the JDK's. */
    CA_FILE("ACR_LOGIN_CA_FILE", null, false),
    /** Per-request timeout in seconds, 1 to 600 (default 30). */
    TIMEOUT_SECONDS("ACR_LOGIN_TIMEOUT_SECONDS", null, false),
    /** Explicit HTTP proxy URL, wins over {@code HTTPS_PROXY}; may carry the proxy's password. */
    PROXY(ProxySettings.PROXY, null, true),
    /** Hosts reached without the proxy (NO_PROXY syntax), wins over {@code NO_PROXY}. */
    NO_PROXY(ProxySettings.NO_PROXY, null, false);

    /** The prefix of every variable of ours. */
    public static final String PREFIX = "ACR_LOGIN_";

    private final String variable;
    private final String legacyVariable;
    private final boolean secret;

    SettingKey(String variable, String legacyVariable, boolean secret) {
        this.variable = variable;
        this.legacyVariable = legacyVariable;
        this.secret = secret;
    }

    /** @return the environment variable (and settings-file key) of this setting */
    public String variable() {
        return variable;
    }

    /** @return an older name of ours still read, with a deprecation line */
    public Optional<String> legacyVariable() {
        return Optional.ofNullable(legacyVariable);
    }

    /** @return true when the value is a secret: masked, never printed, never on a command line */
    public boolean isSecret() {
        return secret;
    }

    /**
     * @param name a variable name, current or legacy
     * @return the setting it names
     */
    public static Optional<SettingKey> ofVariable(String name) {
        return Arrays.stream(values()).filter(k -> k.variable.equals(name) || name.equals(k.legacyVariable))
                .findFirst();
    }
}
