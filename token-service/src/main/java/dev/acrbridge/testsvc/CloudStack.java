package dev.acrbridge.testsvc;

import java.util.UUID;

/**
 * The token service in front of a real registry, started together and closed together: the one fixture the CLI,
 * action and plugin tests and the bench build on. {@link #servicePrincipal} adds an app registration holding a role.
 *
 * @param svc      the token service
 * @param registry the registry behind it
 */
public record CloudStack(LocalAzure svc, RegistryStack registry) implements AutoCloseable {

    /** @return a stack with the service's default options */
    public static CloudStack start() {
        return start(LocalAzure.Options.defaults());
    }

    /**
     * @param options the token service's options
     * @return the started stack; nothing is left running when the registry fails to start
     */
    public static CloudStack start(LocalAzure.Options options) {
        LocalAzure svc = LocalAzure.start(options);
        try {
            return new CloudStack(svc, RegistryStack.start(svc));
        } catch (RuntimeException e) {
            svc.close();
            throw e;
        }
    }

    /** A service principal of a fresh tenant, with its secret and the role it holds on the registry. */
    public record ServicePrincipal(String tenant, String clientId, String clientSecret, Principal principal) {
        /**
         * @param svc          the token service
         * @param role         what it may do on the service's registries
         * @param secretPrefix a recognisable start of its client secret (leak checks look for it)
         * @return a new service principal in a new tenant
         */
        public static ServicePrincipal register(LocalAzure svc, Role role, String secretPrefix) {
            String tenant = UUID.randomUUID().toString();
            String clientId = UUID.randomUUID().toString();
            String secret = secretPrefix + UUID.randomUUID();
            Principal principal = svc.entra().servicePrincipal(tenant, clientId, secret);
            svc.acr().assign(principal, role);
            return new ServicePrincipal(tenant, clientId, secret, principal);
        }

        @Override
        public String toString() {
            return "ServicePrincipal[" + tenant + ", " + clientId + "]";
        }
    }

    /**
     * @param role         what it may do on the registry
     * @param secretPrefix a recognisable start of its client secret (leak checks look for it)
     * @return a new service principal in a new tenant
     */
    public ServicePrincipal servicePrincipal(Role role, String secretPrefix) {
        return ServicePrincipal.register(svc, role, secretPrefix);
    }

    /** @return the registry's login server {@code 127.0.0.1:PORT} */
    public String host() {
        return registry.registryHost();
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            svc.close();
        }
    }
}
