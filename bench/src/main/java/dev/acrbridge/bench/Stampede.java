package dev.acrbridge.bench;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * N concurrent requests for the same identity and registry on one cold {@link AcrAuth}: the single-flight cache must
 * turn them into one Entra call and one exchange (counted by the local service's request log).
 *
 * @param callers     concurrent callers
 * @param entraCalls  Entra token requests the service received
 * @param challenges  {@code GET /v2/} requests
 * @param exchanges   {@code POST /oauth2/exchange} requests
 * @param distinct    distinct refresh tokens handed out (1 = everyone shares the one exchange)
 * @param failures    callers that got an exception
 * @param millis      from the start signal until the last caller had its credential
 */
record Stampede(int callers, long entraCalls, long challenges, long exchanges, int distinct, int failures,
                double millis) {

    static Stampede run(LocalAzure svc, String registry, int callers) throws Exception {
        String tenant = UUID.randomUUID().toString();
        String client = UUID.randomUUID().toString();
        String secret = "stampede-" + UUID.randomUUID();
        Principal p = svc.entra().servicePrincipal(tenant, client, secret);
        svc.acr().assign(p, Role.ACR_PULL);
        AcrAuth auth = LocalAuthFactory.forService(svc, registry);
        svc.clearRequests();
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<RegistryCredential>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            // each caller builds its own (equal) spec, as independent build steps would
            results.add(pool.submit(() -> {
                IdentitySpec identity = new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of(secret));
                ready.countDown();
                go.await();
                return auth.credential(identity, registry);
            }));
        }
        ready.await(30, TimeUnit.SECONDS);
        long start = System.nanoTime();
        go.countDown();
        Set<String> tokens = new HashSet<>();
        int failures = 0;
        for (Future<RegistryCredential> f : results) {
            try {
                tokens.add(f.get(60, TimeUnit.SECONDS).password().reveal());
            } catch (java.util.concurrent.ExecutionException e) {
                failures++;
            }
        }
        double millis = (System.nanoTime() - start) / 1e6;
        pool.shutdownNow();
        Thread.sleep(300); // the service logs a request as its answer leaves: let the last entries land
        return new Stampede(callers, svc.count(Endpoint.ENTRA_TOKEN), svc.count(Endpoint.ACR_CHALLENGE),
                svc.count(Endpoint.ACR_EXCHANGE), tokens.size(), failures, millis);
    }
}
