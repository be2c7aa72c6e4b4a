package dev.acrbridge.testsvc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Environments for the acr-login CLI and the container clients that tests and the demo run against the local stack.
 * Nothing is inherited but PATH, so the machine's own logins, caches and CA settings never leak in.
 */
public final class ClientEnvironment {
    private ClientEnvironment() {
    }

    /**
     * @param home a private directory
     * @return PATH, and HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_RUNTIME_DIR (created) inside {@code home}; a
     *         mutable map for the caller's additions
     */
    public static Map<String, String> privateHome(Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        try {
            env.put("XDG_RUNTIME_DIR", Files.createDirectories(home.resolve("run")).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }

    /**
     * @param svc          the local service
     * @param registryHost the registry acr-login may send tokens to ({@code 127.0.0.1:PORT})
     * @return the variables that point acr-login at {@code svc}: authority host, the trusted registry host, the CA
     */
    public static Map<String, String> localAcrLogin(LocalAzure svc, String registryHost) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AZURE_AUTHORITY_HOST", svc.authorityHost().toString());
        env.put("ACR_LOGIN_ALLOWED_HOSTS", registryHost);
        env.put("ACR_LOGIN_CA_FILE", svc.caCertificatePem().toString());
        return env;
    }

    /**
     * @param home         a private directory
     * @param svc          the local service
     * @param registryHost the registry acr-login may send tokens to ({@code 127.0.0.1:PORT})
     * @param tenantId     the service principal's tenant
     * @param clientId     its client id (the secret is the caller's to add, or to pass by stdin or file)
     * @return {@link #privateHome(Path)} plus {@link #localAcrLogin(LocalAzure, String)} plus the tenant and client;
     *         a mutable map
     */
    public static Map<String, String> servicePrincipal(Path home, LocalAzure svc, String registryHost,
                                                       String tenantId, String clientId) {
        Map<String, String> env = privateHome(home);
        env.put("AZURE_TENANT_ID", tenantId);
        env.put("AZURE_CLIENT_ID", clientId);
        env.putAll(localAcrLogin(svc, registryHost));
        return env;
    }
}
