package dev.acrbridge.cli;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.files.InputFiles;
import dev.acrbridge.auth.proxy.ProxyServer;
import dev.acrbridge.auth.settings.FieldLabels;
import dev.acrbridge.auth.settings.SettingKey;
import dev.acrbridge.settings.AuthSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Identity and registry options. Each mirrors an environment variable (given in its help) and, when set, overrides it.
 * Secrets never come from the command line: from the environment, stdin or a file.
 */
public final class IdentityOptions {
    @Option(names = "--auth-type", paramLabel = "TYPE", description = "ACR_LOGIN_AUTH_TYPE: auto (default), "
            + "service-principal, certificate, managed-identity, workload-identity, oidc, azure-cli, admin, token")
    String authType;
    @Option(names = "--tenant-id", paramLabel = "ID", description = "AZURE_TENANT_ID: directory (tenant) ID or domain")
    String tenantId;
    @Option(names = "--client-id", paramLabel = "ID", description = "AZURE_CLIENT_ID: application (client) ID")
    String clientId;
    @Option(names = "--client-secret-stdin", description = "read AZURE_CLIENT_SECRET from the first line of stdin")
    boolean clientSecretStdin;
    @Option(names = "--client-secret-file", paramLabel = "FILE", description = "read AZURE_CLIENT_SECRET from a file")
    Path clientSecretFile;
    @Option(names = "--certificate", paramLabel = "PATH",
            description = "AZURE_CLIENT_CERTIFICATE_PATH: PEM (key + certificate) or PKCS#12 file")
    String certificate;
    @Option(names = "--send-certificate-chain", description = "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN=true (x5c)")
    boolean sendCertificateChain;
    @Option(names = "--federated-token-file", paramLabel = "FILE",
            description = "AZURE_FEDERATED_TOKEN_FILE: workload identity token file, re-read for every request")
    String federatedTokenFile;
    @Option(names = "--federated-token-variable", paramLabel = "NAME", description = "ACR_LOGIN_FEDERATED_TOKEN_VARIABLE: "
            + "the variable your CI puts its OIDC token in (GitLab id_tokens, CIRCLE_OIDC_TOKEN_V2, "
            + "BITBUCKET_STEP_OIDC_TOKEN); read for every Entra request")
    String federatedTokenVariable;
    @Option(names = "--managed-identity-id", paramLabel = "ID", description = "user-assigned managed identity "
            + "(client id, object id or resource id); implies --auth-type managed-identity")
    String managedIdentityId;
    @Option(names = "--managed-identity-id-type", paramLabel = "TYPE",
            description = "ACR_LOGIN_MANAGED_IDENTITY_ID_TYPE: client-id (default), object-id, resource-id")
    String managedIdentityIdType;
    @Option(names = "--oidc-audience", paramLabel = "AUD",
            description = "ACR_LOGIN_OIDC_AUDIENCE: audience asked of GitHub (default api://AzureADTokenExchange)")
    String oidcAudience;
    @Option(names = "--username", paramLabel = "NAME", description = "ACR_LOGIN_USERNAME: admin user or token name")
    String username;
    @Option(names = "--password-stdin", description = "read ACR_LOGIN_PASSWORD from the first line of stdin")
    boolean passwordStdin;
    @Option(names = "--password-file", paramLabel = "FILE", description = "read ACR_LOGIN_PASSWORD from a file")
    Path passwordFile;
    @Option(names = "--cloud", paramLabel = "NAME", description = "ACR_LOGIN_CLOUD: public (default), china, usgov")
    String cloud;
    @Option(names = "--authority-host", paramLabel = "URL", description = "AZURE_AUTHORITY_HOST: Entra host (https)")
    String authorityHost;
    @Option(names = "--audience", paramLabel = "URL", description = "ACR_LOGIN_AUDIENCE: Entra resource asked for "
            + "(default https://containerregistry.azure.net; ARM audience only for registries that want it)")
    String audience;
    @Option(names = "--allow-registry-host", paramLabel = "HOST[:PORT]", description = "ACR_LOGIN_ALLOWED_HOSTS "
            + "(comma-separated): trust a registry outside the cloud's suffix; repeatable")
    List<String> allowRegistryHosts = new ArrayList<>();
    @Option(names = "--ca-file", paramLabel = "PEM", description = "ACR_LOGIN_CA_FILE: extra CA certificates to trust")
    String caFile;
    @Option(names = "--proxy", paramLabel = "URL", description = "ACR_LOGIN_PROXY: HTTP proxy for Entra, GitHub "
            + "OIDC and the registry, instead of HTTPS_PROXY (a proxy password goes in ACR_LOGIN_PROXY or HTTPS_PROXY, "
            + "not on the command line)")
    String proxy;
    @Option(names = "--no-proxy", paramLabel = "HOSTS", description = "ACR_LOGIN_NO_PROXY: hosts reached without "
            + "the proxy, instead of NO_PROXY (comma-separated; example.com, .example.com, 10.0.0.0/8, host:port)")
    String noProxy;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "ACR_LOGIN_TIMEOUT_SECONDS: per request "
            + "(default 30)")
    String timeout;

    /**
     * @param env   the process environment
     * @param stdin where {@code --*-stdin} secrets are read from
     * @return the environment overlaid with the options
     * @throws IOException when a secret file or stdin cannot be read
     */
    public AuthSettings settings(Map<String, String> env, InputStream stdin) throws IOException {
        Map<String, String> s = new LinkedHashMap<>(env);
        Map<SettingKey, String> typed = new EnumMap<>(SettingKey.class);
        // a secret variable filled from a file or by `$(cat ...)` in some shells keeps its line break; stdin and
        // files are read up to it, and so is the variable (a secret never ends in CR or LF)
        for (String secret : new String[] {SettingKey.CLIENT_SECRET.variable(), SettingKey.PASSWORD.variable(),
                SettingKey.PASSWORD.legacyVariable().orElseThrow()}) {
            s.computeIfPresent(secret, (k, v) -> v.replaceFirst("[\r\n]+$", ""));
        }
        if (clientSecretStdin && passwordStdin) {
            throw new InvalidConfigurationException("--password-stdin", "cannot be combined with --client-secret-stdin",
                    "stdin carries one secret: give the other one in a file or the environment");
        }
        put(s, typed, SettingKey.AUTH_TYPE, "--auth-type", authType);
        put(s, typed, SettingKey.TENANT_ID, "--tenant-id", tenantId);
        put(s, typed, SettingKey.CLIENT_ID, "--client-id", clientId);
        put(s, typed, SettingKey.CLIENT_CERTIFICATE_PATH, "--certificate", certificate);
        put(s, typed, SettingKey.FEDERATED_TOKEN_FILE, "--federated-token-file", federatedTokenFile);
        put(s, typed, SettingKey.FEDERATED_TOKEN_VARIABLE, "--federated-token-variable", federatedTokenVariable);
        put(s, typed, SettingKey.SEND_CERTIFICATE_CHAIN, "--send-certificate-chain", sendCertificateChain ? "true" : null);
        if (managedIdentityId != null) {
            put(s, typed, SettingKey.CLIENT_ID, "--managed-identity-id", managedIdentityId);
            if (authType == null) {
                put(s, typed, SettingKey.AUTH_TYPE, "--managed-identity-id", "managed-identity");
            }
        }
        put(s, typed, SettingKey.MANAGED_IDENTITY_ID_TYPE, "--managed-identity-id-type", managedIdentityIdType);
        put(s, typed, SettingKey.OIDC_AUDIENCE, "--oidc-audience", oidcAudience);
        put(s, typed, SettingKey.USERNAME, "--username", username);
        put(s, typed, SettingKey.CLOUD, "--cloud", cloud);
        put(s, typed, SettingKey.AUTHORITY_HOST, "--authority-host", authorityHost);
        put(s, typed, SettingKey.AUDIENCE, "--audience", audience);
        put(s, typed, SettingKey.CA_FILE, "--ca-file", caFile);
        put(s, typed, SettingKey.TIMEOUT_SECONDS, "--timeout", timeout);
        if (proxy != null) {
            ProxyServer parsed = ProxyServer.parse(proxy, "--proxy");
            if (parsed.password() != null) {
                throw new InvalidConfigurationException("--proxy", "holds a password, which any user of this machine "
                        + "can read in the process list", "put the URL with its password in ACR_LOGIN_PROXY or "
                        + "HTTPS_PROXY instead, and change that password");
            }
            put(s, typed, SettingKey.PROXY, "--proxy", proxy);
        }
        put(s, typed, SettingKey.NO_PROXY, "--no-proxy", noProxy);
        if (!allowRegistryHosts.isEmpty()) {
            String fromEnv = s.getOrDefault(SettingKey.ALLOWED_HOSTS.variable(), "");
            put(s, typed, SettingKey.ALLOWED_HOSTS, "--allow-registry-host", (fromEnv.isBlank() ? "" : fromEnv + ",")
                    + String.join(",", allowRegistryHosts));
        }
        putSecret(s, typed, SettingKey.CLIENT_SECRET, "--client-secret", clientSecretStdin, clientSecretFile, stdin);
        putSecret(s, typed, SettingKey.PASSWORD, "--password", passwordStdin, passwordFile, stdin);
        return AuthSettings.of(s, FieldLabels.of(typed));
    }

    /** An option overrides the variable under both its names (current and deprecated), and is named in errors. */
    private static void put(Map<String, String> settings, Map<SettingKey, String> typed, SettingKey key, String option,
                            String value) {
        if (value != null) {
            key.legacyVariable().ifPresent(settings::remove);
            settings.put(key.variable(), value);
            typed.put(key, option);
        }
    }

    private static void putSecret(Map<String, String> settings, Map<SettingKey, String> typed, SettingKey key,
                                  String option, boolean fromStdin, Path file, InputStream stdin) throws IOException {
        if (fromStdin && file != null) {
            throw new InvalidConfigurationException(option + "-file", "cannot be combined with " + option + "-stdin",
                    "give the secret one way");
        }
        String value = null;
        if (fromStdin) {
            value = firstLine(new String(stdin.readNBytes(64 * 1024), StandardCharsets.UTF_8));
        } else if (file != null) {
            value = firstLine(InputFiles.readText(file, option + "-file", InputFiles.SECRET_MAX_BYTES,
                    "a file holding only the secret"));
        }
        if (value != null) {
            if (value.isEmpty()) {
                throw new InvalidConfigurationException(option + (fromStdin ? "-stdin" : "-file"), "is empty",
                        "provide the secret value (" + key.variable() + ")");
            }
            put(settings, typed, key, option + (fromStdin ? "-stdin" : "-file"), value);
        }
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        String line = end >= 0 ? text.substring(0, end) : text;
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
