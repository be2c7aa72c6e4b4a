package dev.acrbridge.auth.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.retry.RetrySettings;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Test helpers around a real {@link LocalAzure}: an AcrAuth wired to it, and readers for its request log. */
final class LocalCloud {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Short waits so failure paths stay fast; Retry-After still wins when the service sends it. */
    static final RetrySettings FAST_RETRY =
            new RetrySettings(3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(20));

    private LocalCloud() {
    }

    /** @return an AcrAuth trusting the service's CA, with its authority host and its registry host opted in */
    static AcrAuth.Builder auth(LocalAzure svc) {
        return AcrAuth.builder()
                .cloud(AzureCloud.custom(svc.authorityHost(), ".azurecr.io", "https://management.azure.com"))
                .sslContext(svc.sslContext())
                .allowRegistryHosts(Set.of(svc.registryHost()))
                .environment(java.util.Map.of())
                .requestTimeout(Duration.ofSeconds(10))
                .retry(FAST_RETRY);
    }

    static String guid() {
        return UUID.randomUUID().toString();
    }

    static List<LoggedRequest> requests(LocalAzure svc, Endpoint endpoint) {
        return svc.requestsSettled().stream().filter(r -> r.endpoint() == endpoint).toList();
    }

    static long count(LocalAzure svc, Endpoint endpoint) {
        return requests(svc, endpoint).size();
    }

    /** @return the decoded payload of a compact JWT */
    static JsonNode payload(String jwt) {
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JWT payload", e);
        }
    }

    /** @return the decoded header of a compact JWT */
    static JsonNode header(String jwt) {
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JWT header", e);
        }
    }
}
