package dev.acrbridge.auth.it;

import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real {@link LocalAzure} per test class, used as {@code @RegisterExtension static final}: started before the
 * class's own {@code @BeforeAll}, its request log cleared before each test and its faults after each (no test sees
 * another's traffic or faults), closed after the class's own {@code @AfterAll}.
 */
final class LocalCloudFixture implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private LocalAzure svc;

    /** @return the running service */
    LocalAzure svc() {
        if (svc == null) {
            throw new IllegalStateException("LocalCloudFixture runs only as a static @RegisterExtension field");
        }
        return svc;
    }

    /** Registers a service principal with {@code secret}, assigns it {@code role} on the registry: its identity. */
    IdentitySpec servicePrincipal(String tenant, String client, String secret, Role role) {
        Principal sp = svc().entra().servicePrincipal(tenant, client, secret);
        svc().acr().assign(sp, role);
        return new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of(secret));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        svc = LocalAzure.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        svc().clearRequests();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        svc().faults().clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        svc().close();
        svc = null;
    }
}
