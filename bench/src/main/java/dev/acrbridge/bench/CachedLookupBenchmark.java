package dev.acrbridge.bench;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A warm cached credential lookup: {@code AcrAuth.credential(identity, registry)} when the cache already holds a fresh
 * credential (what the Jenkins plugin and a long-running process do on every build step). The local service only
 * answers the first, uncached call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CachedLookupBenchmark {
    private LocalAzure svc;
    private AcrAuth auth;
    private IdentitySpec identity;
    private String registry;

    @Setup(Level.Trial)
    public void start() {
        svc = LocalAzure.start();
        String tenant = UUID.randomUUID().toString();
        String client = UUID.randomUUID().toString();
        String secret = "jmh-" + UUID.randomUUID();
        Principal p = svc.entra().servicePrincipal(tenant, client, secret);
        svc.acr().assign(p, Role.ACR_PULL);
        registry = svc.registryHost();
        auth = LocalAuthFactory.forService(svc, registry);
        // a spec equal to the cached one but not the same instance, as a caller rebuilding it per request would have
        identity = new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of(secret));
        auth.credential(new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of(secret)), registry);
    }

    @TearDown(Level.Trial)
    public void stop() {
        long exchanges = svc.count(dev.acrbridge.testsvc.Endpoint.ACR_EXCHANGE);
        svc.close();
        if (exchanges != 1) {
            throw new IllegalStateException("the lookups were not cache hits: " + exchanges + " exchanges");
        }
    }

    @Benchmark
    public RegistryCredential cachedCredential() {
        return auth.credential(identity, registry);
    }
}
