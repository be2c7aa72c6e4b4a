package dev.acrbridge.auth.identity;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * The {@link EndpointGuard} as an azure-core pipeline policy, for the credentials azure-identity builds (managed
 * identity). It runs {@link HttpPipelinePosition#PER_CALL} so a refusal fails once instead of being retried.
 */
final class EndpointGuardPolicy implements HttpPipelinePolicy {
    private final EndpointGuard guard;

    /**
     * @param httpsAuthorities {@code host:port} allowed over HTTPS (port always explicit)
     * @param httpAuthorities  {@code host:port} allowed over plain HTTP (managed-identity endpoints only)
     */
    public EndpointGuardPolicy(Set<String> httpsAuthorities, Set<String> httpAuthorities) {
        this.guard = new EndpointGuard(httpsAuthorities, httpAuthorities);
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_CALL;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        try {
            guard.check(context.getHttpRequest().getUrl());
        } catch (RuntimeException refused) {
            return Mono.error(refused);
        }
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        guard.check(context.getHttpRequest().getUrl());
        return next.processSync();
    }
}
