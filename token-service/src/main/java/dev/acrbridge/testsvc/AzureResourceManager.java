package dev.acrbridge.testsvc;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The few Azure Resource Manager resources the Azure CLI reads before {@code az acr login}: one subscription and the
 * registries in it. Only benchmarks use it, to run the Azure CLI as a peer against the same local service.
 */
public final class AzureResourceManager {
    private final String subscriptionId = UUID.randomUUID().toString();
    private final Map<String, String> loginServers = new ConcurrentHashMap<>();
    private volatile String tenantId;

    /** The one subscription ({@code GET /subscriptions} lists it in the tenant of the caller's token). */
    public String subscriptionId() {
        return subscriptionId;
    }

    /** Names the tenant the subscription lives in; default: the tenant of whoever asks. */
    public AzureResourceManager tenant(String tenantId) {
        this.tenantId = tenantId;
        return this;
    }

    String tenantOr(String callerTenant) {
        return tenantId == null ? callerTenant : tenantId;
    }

    /**
     * Adds a registry resource (resource group {@code bench}); its {@code properties.loginServer} is the given host,
     * e.g. a RegistryStack's {@code 127.0.0.1:PORT}.
     */
    public AzureResourceManager registry(String name, String loginServer) {
        loginServers.put(name.toLowerCase(), Objects.requireNonNull(loginServer));
        return this;
    }

    Map<String, String> registries() {
        return loginServers;
    }

    String resourceId(String name) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/bench/providers/Microsoft.ContainerRegistry"
                + "/registries/" + name;
    }
}
