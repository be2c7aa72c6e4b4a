package dev.acrbridge.bench;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.retry.RetrySettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** An {@link AcrAuth} wired to a local service: its authority host, its CA, its registry host opted in, fast retries. */
final class LocalAuth {
    /** Per-request timeout: a "timeout" fault holds the answer longer than this. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Tiny waits keep the matrix fast; Retry-After still wins when the service sends it. */
    static final RetrySettings FAST_RETRY =
            new RetrySettings(4, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(15));

    private LocalAuth() {
    }

    /**
     * @param authorityHost the local Entra
     * @param registryHosts hosts to opt in (the service's own ACR host, a RegistryStack's host)
     * @return a builder; the caller adds the TLS trust (SSLContext in-process, CA PEM in a child JVM)
     */
    static AcrAuth.Builder builder(URI authorityHost, Set<String> registryHosts) {
        return AcrAuth.builder()
                .cloud(AzureCloud.custom(authorityHost, ".azurecr.io", "https://management.azure.com"))
                .allowRegistryHosts(registryHosts)
                .environment(Map.of())
                .requestTimeout(TIMEOUT)
                .retry(FAST_RETRY);
    }
}
