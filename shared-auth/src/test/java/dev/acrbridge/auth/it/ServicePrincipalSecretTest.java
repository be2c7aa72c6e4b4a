package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.LoggedRequest;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServicePrincipalSecretTest {
    static LocalAzure svc;

    @BeforeAll
    static void start() {
        svc = LocalAzure.start();
    }

    @AfterAll
    static void stop() {
        svc.close();
    }

    @Test
    void secretBecomesRefreshTokenThroughAcrAudience() {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        Principal sp = svc.entra().servicePrincipal(tenant, client, "s3cr3t-value-for-sp");
        svc.acr().assign(sp, Role.ACR_PUSH);
        AcrAuth auth = LocalCloud.auth(svc).build();

        RegistryCredential cred = auth.credential(
                new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of("s3cr3t-value-for-sp")),
                svc.registryHost());

        assertEquals(RegistryCredential.NULL_GUID, cred.username());
        assertEquals(svc.registryHost(), cred.loginServer());
        assertEquals(IdentityKind.SERVICE_PRINCIPAL_SECRET, cred.identityKind());
        assertNotNull(cred.expiresAt());
        Instant exp = Instant.ofEpochSecond(LocalCloud.payload(cred.password().reveal()).get("exp").asLong());
        assertEquals(exp, cred.expiresAt(), "expiry read from the refresh token's JWT");
        assertTrue(cred.expiresAt().isAfter(Instant.now().plus(Duration.ofHours(2))));

        List<LoggedRequest> entra = LocalCloud.requests(svc, Endpoint.ENTRA_TOKEN);
        assertEquals(1, entra.size());
        assertTrue(List.of(entra.get(0).formValue("scope").split(" "))
                .contains("https://containerregistry.azure.net/.default"), "ACR audience requested");
        assertEquals("/" + tenant + "/oauth2/v2.0/token", entra.get(0).path());
        List<LoggedRequest> exchange = LocalCloud.requests(svc, Endpoint.ACR_EXCHANGE);
        assertEquals(1, exchange.size());
        assertEquals("access_token", exchange.get(0).formValue("grant_type"));
        assertEquals(svc.registryHost(), exchange.get(0).formValue("service"));
        assertEquals("POST", exchange.get(0).method());
        assertEquals(1, LocalCloud.count(svc, Endpoint.ACR_CHALLENGE));
    }

    @Test
    void authorityHostComesFromTheEnvironmentLikeAksInjectsIt() {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        Principal sp = svc.entra().servicePrincipal(tenant, client, "authority-secret");
        svc.acr().assign(sp, Role.ACR_PULL);
        svc.clearRequests();
        AcrAuth auth = LocalCloud.auth(svc).cloud(dev.acrbridge.auth.AzureCloud.PUBLIC)
                .environment(java.util.Map.of("AZURE_AUTHORITY_HOST", svc.authorityHost() + "/")).build();

        auth.credential(new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of("authority-secret")),
                svc.registryHost());

        assertEquals(1, LocalCloud.count(svc, Endpoint.ENTRA_TOKEN), "Entra calls went to the overriding authority");
    }
}
