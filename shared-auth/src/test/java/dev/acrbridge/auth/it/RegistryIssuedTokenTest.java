package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.RegistryUnauthorizedException;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.testsvc.Role;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the registry hands back is checked before any client is given it. */
class RegistryIssuedTokenTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();

    @AfterEach
    void restoreLifetime() {
        cloud.svc().acr().refreshTokenLifetime(Duration.ofHours(3));
    }

    @Test
    void aRefreshTokenThatIsAlreadyExpiredIsRefusedNamingTheClock() {
        IdentitySpec identity = cloud.servicePrincipal(LocalCloud.guid(), LocalCloud.guid(), "expired-rt-secret",
                Role.ACR_PUSH);
        cloud.svc().acr().refreshTokenLifetime(Duration.ofMinutes(-10));
        AcrAuth auth = LocalCloud.auth(cloud.svc()).build();

        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
                () -> auth.credential(identity, cloud.svc().registryHost()));

        assertTrue(e.getMessage().contains("already expired"), e.getMessage());
        assertTrue(e.fix().contains("clock"), e.fix());
        assertTrue(e.isTransient(), "a later login may get a good token");
    }

    @Test
    void afterTheRegistryIsFixedTheNextCallSucceeds() {
        IdentitySpec identity = cloud.servicePrincipal(LocalCloud.guid(), LocalCloud.guid(), "expired-rt-secret-2",
                Role.ACR_PUSH);
        AcrAuth auth = LocalCloud.auth(cloud.svc()).build();
        cloud.svc().acr().refreshTokenLifetime(Duration.ofMinutes(-10));
        assertThrows(RegistryUnauthorizedException.class, () -> auth.credential(identity, cloud.svc().registryHost()));

        cloud.svc().acr().refreshTokenLifetime(Duration.ofHours(3));

        assertTrue(auth.credential(identity, cloud.svc().registryHost()).expiresAt()
                .isAfter(java.time.Instant.now().plus(Duration.ofHours(2))), "nothing bad was cached");
    }
}
