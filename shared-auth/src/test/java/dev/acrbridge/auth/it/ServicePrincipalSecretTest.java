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
import dev.acrbridge.testsvc.LoggedRequest;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServicePrincipalSecretTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();

    @Test
    void secretBecomesRefreshTokenThroughAcrAudience() {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        Principal sp = cloud.svc().entra().servicePrincipal(tenant, client, "s3cr3t-value-for-sp");
        cloud.svc().acr().assign(sp, Role.ACR_PUSH);
        AcrAuth auth = LocalCloud.auth(cloud.svc()).build();

        RegistryCredential cred = auth.credential(
                new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of("s3cr3t-value-for-sp")),
                cloud.svc().registryHost());

        assertEquals(RegistryCredential.NULL_GUID, cred.username());
        assertEquals(cloud.svc().registryHost(), cred.loginServer());
        assertEquals(IdentityKind.SERVICE_PRINCIPAL_SECRET, cred.identityKind());
        assertNotNull(cred.expiresAt());
        Instant exp = Instant.ofEpochSecond(LocalCloud.payload(cred.password().reveal()).get("exp").asLong());
        assertEquals(exp, cred.expiresAt(), "expiry read from the refresh token's JWT");
        assertTrue(cred.expiresAt().isAfter(Instant.now().plus(Duration.ofHours(2))));

        List<LoggedRequest> entra = LocalCloud.requests(cloud.svc(), Endpoint.ENTRA_TOKEN);
        assertEquals(1, entra.size());
        assertTrue(List.of(entra.get(0).formValue("scope").split(" "))
                .contains("https://containerregistry.azure.net/.default"), "ACR audience requested");
        assertEquals("/" + tenant + "/oauth2/v2.0/token", entra.get(0).path());
        List<LoggedRequest> exchange = LocalCloud.requests(cloud.svc(), Endpoint.ACR_EXCHANGE);
        assertEquals(1, exchange.size());
        assertEquals("access_token", exchange.get(0).formValue("grant_type"));
        assertEquals(cloud.svc().registryHost(), exchange.get(0).formValue("service"));
        assertEquals("POST", exchange.get(0).method());
        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ACR_CHALLENGE));
    }

    @Test
    void authorityHostComesFromTheEnvironmentLikeAksInjectsIt() {
        String tenant = LocalCloud.guid();
        String client = LocalCloud.guid();
        Principal sp = cloud.svc().entra().servicePrincipal(tenant, client, "authority-secret");
        cloud.svc().acr().assign(sp, Role.ACR_PULL);
        cloud.svc().clearRequests();
        AcrAuth auth = LocalCloud.auth(cloud.svc()).cloud(dev.acrbridge.auth.cloud.AzureCloud.PUBLIC)
                .environment(java.util.Map.of("AZURE_AUTHORITY_HOST", cloud.svc().authorityHost() + "/")).build();

        auth.credential(new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of("authority-secret")),
                cloud.svc().registryHost());

        assertEquals(1, LocalCloud.count(cloud.svc(), Endpoint.ENTRA_TOKEN),
                "Entra calls went to the overriding authority");
    }
}
