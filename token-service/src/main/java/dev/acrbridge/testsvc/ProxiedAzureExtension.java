package dev.acrbridge.testsvc;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The token service reachable only through a real squid, for one test class, as a JUnit 5 extension declared
 * {@code @RegisterExtension static final ProxiedAzureExtension cloud = new ProxiedAzureExtension(svc -> ...)}: Entra,
 * GitHub's OIDC issuer and the registry answer under names in {@link LocalAzure#PROXIED_DOMAIN} that only squid
 * resolves, so a login can only succeed through the proxy. Started before the class's own {@code @BeforeAll},
 * closed (squid, then the service) after its {@code @AfterAll}.
 */
public final class ProxiedAzureExtension implements BeforeAllCallback, AfterAllCallback {
    /** Entra's name behind the proxy. */
    public static final String ENTRA = "entra." + LocalAzure.PROXIED_DOMAIN;
    /** GitHub's OIDC token endpoint's name behind the proxy. */
    public static final String GITHUB = "github." + LocalAzure.PROXIED_DOMAIN;
    /** The registry's name behind the proxy. */
    public static final String REGISTRY = "registry." + LocalAzure.PROXIED_DOMAIN;
    private final Function<LocalAzure, SquidProxy> proxy;
    private LocalAzure svc;
    private SquidProxy squid;
    private String registry;

    /** @param proxy starts the squid in front of the started service (which names it resolves, which auth) */
    public ProxiedAzureExtension(Function<LocalAzure, SquidProxy> proxy) {
        this.proxy = proxy;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        svc = LocalAzure.start();
        registry = svc.addRegistryName(REGISTRY);
        squid = proxy.apply(svc);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (squid != null) {
                squid.close();
            }
        } finally {
            if (svc != null) { // null when the start failed: JUnit still runs the after-all callbacks
                svc.close();
            }
            svc = null;
            squid = null;
        }
    }

    /** @return the token service */
    public LocalAzure svc() {
        if (svc == null) {
            throw new IllegalStateException("ProxiedAzureExtension runs only as a static @RegisterExtension field");
        }
        return svc;
    }

    /** @return the proxy */
    public SquidProxy squid() {
        svc();
        return squid;
    }

    /** @return the registry's login server behind the proxy, {@code registry.proxied.test:PORT} */
    public String registry() {
        svc();
        return registry;
    }

    /** @return {@code https://entra.proxied.test:PORT}, the authority host behind the proxy */
    public URI entra() {
        return svc().httpsUnder(ENTRA);
    }

    /** @return the port every name is served on ({@code NAME:PORT} in squid's log) */
    public String port() {
        return String.valueOf(entra().getPort());
    }

    /**
     * @param role         what it may do on the registry
     * @param secretPrefix a recognisable start of its client secret (leak checks look for it)
     * @return a new service principal in a new tenant
     */
    public CloudStack.ServicePrincipal servicePrincipal(Role role, String secretPrefix) {
        return CloudStack.ServicePrincipal.register(svc(), role, secretPrefix);
    }

    /**
     * @param home a private directory
     * @param sp   a service principal of this service
     * @return the environment of a CI job logging in as {@code sp} (its secret included) through Entra's proxied name
     *         to the proxied registry; no proxy variable yet: a mutable map for the caller's
     */
    public Map<String, String> servicePrincipalEnvironment(Path home, CloudStack.ServicePrincipal sp) {
        Map<String, String> env = ClientEnvironment.servicePrincipal(home, svc(), registry, sp.tenant(), sp.clientId());
        env.put("AZURE_AUTHORITY_HOST", entra().toString());
        env.put("AZURE_CLIENT_SECRET", sp.clientSecret());
        return env;
    }
}
