package dev.acrbridge.bench;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.testsvc.LocalAzure;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The auth core wired to a local service, as the CLI wires it to the cloud. */
final class LocalAuthFactory {
    private LocalAuthFactory() {
    }

    static AcrAuth forService(LocalAzure svc, String registryHost) {
        return AcrAuth.builder()
                .cloud(AzureCloud.custom(svc.authorityHost(), ".azurecr.io", "https://management.azure.com"))
                .sslContext(svc.sslContext())
                .allowRegistryHosts(Set.of(registryHost))
                .environment(Map.of())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
    }
}
