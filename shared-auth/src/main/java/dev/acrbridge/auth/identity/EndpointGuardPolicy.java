package dev.acrbridge.auth.identity;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import dev.acrbridge.auth.diagnostics.UntrustedRegistryException;
import java.net.URL;
import java.util.Locale;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * An azure-core pipeline policy that refuses, before anything is sent, every request that is not to an allowed
 * endpoint: the cloud's authority host over HTTPS, plus (for managed identity) the identity endpoint the platform
 * configured. It runs {@link HttpPipelinePosition#PER_CALL} so a refusal fails once instead of being retried.
 * It stops instance discovery, metadata look-ups or redirects from ever reaching another host.
 */
public final class EndpointGuardPolicy implements HttpPipelinePolicy {
    private final Set<String> httpsAuthorities;
    private final Set<String> httpAuthorities;

    /**
     * @param httpsAuthorities {@code host:port} allowed over HTTPS (port always explicit)
     * @param httpAuthorities  {@code host:port} allowed over plain HTTP (managed-identity endpoints only)
     */
    public EndpointGuardPolicy(Set<String> httpsAuthorities, Set<String> httpAuthorities) {
        this.httpsAuthorities = Set.copyOf(httpsAuthorities);
        this.httpAuthorities = Set.copyOf(httpAuthorities);
    }

    /**
     * @param url a URL
     * @return {@code host:port} in lower case with the scheme's default port filled in
     */
    public static String authority(URL url) {
        int port = url.getPort() >= 0 ? url.getPort() : url.getDefaultPort();
        return url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /**
     * @param url a request URL
     * @return true when the guard lets it through
     */
    public boolean allows(URL url) {
        String scheme = url.getProtocol().toLowerCase(Locale.ROOT);
        String authority = authority(url);
        return url.getUserInfo() == null && (("https".equals(scheme) && httpsAuthorities.contains(authority))
                || ("http".equals(scheme) && httpAuthorities.contains(authority)));
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_CALL;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        URL url = context.getHttpRequest().getUrl();
        return allows(url) ? next.process() : Mono.error(refused(url));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        URL url = context.getHttpRequest().getUrl();
        if (!allows(url)) {
            throw refused(url);
        }
        return next.processSync();
    }

    private UntrustedRegistryException refused(URL url) {
        return new UntrustedRegistryException("Refused an identity request to " + url.getProtocol() + "://"
                + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "") + ": not the configured authority "
                + "host or managed-identity endpoint. Nothing was sent.",
                "set the cloud / AZURE_AUTHORITY_HOST to the Entra host you mean (HTTPS); allowed here: "
                        + httpsAuthorities + (httpAuthorities.isEmpty() ? "" : " and http " + httpAuthorities),
                false, null);
    }
}
