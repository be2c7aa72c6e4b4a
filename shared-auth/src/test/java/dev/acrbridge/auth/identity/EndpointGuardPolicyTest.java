package dev.acrbridge.auth.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.Context;
import dev.acrbridge.auth.diagnostics.UntrustedRegistryException;
import dev.acrbridge.auth.retry.RetrySettings;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The guard in a real azure-core pipeline, in front of azure-core's real retry policy. The HTTP client at the end
 * only counts what reaches the wire and fails the call; nothing may reach it for a refused URL, and the refusal
 * must not be retried.
 */
class EndpointGuardPolicyTest {
    private final AtomicInteger wire = new AtomicInteger();
    private final HttpClient counting = request -> {
        wire.incrementAndGet();
        return Mono.error(new IllegalStateException("test wire: no server here"));
    };
    private final EndpointGuardPolicy guard = new EndpointGuardPolicy(Set.of("login.microsoftonline.com:443"),
            Set.of("169.254.169.254:80"));
    private final HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(counting)
            .policies(new RetryPolicy(new RetrySettings(4, Duration.ofMillis(1), Duration.ofMillis(2),
                    Duration.ofSeconds(5)).toAzureRetryOptions()), guard)
            .build();

    private void send(String url) {
        pipeline.sendSync(new HttpRequest(HttpMethod.POST, url), Context.NONE).close();
    }

    @Test
    void refusedUrlsNeverReachTheWireAndAreNotRetried() {
        for (String url : new String[] {"https://login.microsoftonline.com.evil.example/t/oauth2/v2.0/token",
                "http://login.microsoftonline.com/t/oauth2/v2.0/token",
                "https://login.microsoftonline.com:8443/t/oauth2/v2.0/token",
                "https://user@login.microsoftonline.com/t", "https://169.254.169.254/metadata/identity/oauth2/token",
                "https://login.windows.net/common/discovery/instance"}) {
            UntrustedRegistryException e = assertThrows(UntrustedRegistryException.class, () -> send(url), url);
            assertTrue(e.getMessage().contains("Nothing was sent"));
        }
        assertEquals(0, wire.get());
    }

    @Test
    void allowedUrlsPassThrough() {
        assertThrows(IllegalStateException.class, () -> send("https://login.microsoftonline.com/t/oauth2/v2.0/token"));
        assertEquals(4, wire.get(), "reached the wire (and azure-core retried the transport failure)");
        wire.set(0);
        assertThrows(IllegalStateException.class,
                () -> send("http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01"));
        assertTrue(wire.get() > 0);
    }
}
