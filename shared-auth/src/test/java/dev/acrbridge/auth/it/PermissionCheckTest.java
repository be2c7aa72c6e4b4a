package dev.acrbridge.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.diagnostics.PermissionReport;
import dev.acrbridge.auth.diagnostics.RegistryMode;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.ScopedToken;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.LoggedRequest;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scoped tokens and the permission check against ABAC- and RBAC-mode registries of the local service. */
class PermissionCheckTest {
    @RegisterExtension
    static final LocalCloudFixture cloud = new LocalCloudFixture();
    static String tenant = LocalCloud.guid();

    private static IdentitySpec principalWith(Role role, String condition) {
        String client = LocalCloud.guid();
        Principal p = cloud.svc().entra().servicePrincipal(tenant, client, "perm-secret-" + client);
        cloud.svc().acr().assign(p, role, condition);
        return new IdentitySpec.ServicePrincipalSecret(tenant, client, Secret.of("perm-secret-" + client));
    }

    private static PermissionReport.Line line(PermissionReport r, String need) {
        return r.lines().stream().filter(l -> l.need().text().equals(need)).findFirst().orElseThrow();
    }

    @Test
    void scopedTokenReportsTheGrantedIntersection() {
        cloud.svc().acr().mode(dev.acrbridge.testsvc.RegistryMode.ABAC);
        IdentitySpec reader = principalWith(Role.REPOSITORY_READER, "app/*");

        ScopedToken token = LocalCloud.auth(cloud.svc()).build().scopedToken(reader, cloud.svc().registryHost(),
                List.of("repository:app/web:pull,push", "repository:other:pull", "registry:catalog:*"));

        assertEquals(Set.of("pull"), token.grantedActions("repository", "app/web"));
        assertEquals(Set.of(), token.grantedActions("repository", "other"));
        assertEquals(Set.of(), token.grantedActions("registry", "catalog"));
        LoggedRequest post = LocalCloud.requests(cloud.svc(), Endpoint.ACR_TOKEN).get(0);
        assertEquals("refresh_token", post.formValue("grant_type"));
        assertEquals(3, post.form().get("scope").size(), "scopes sent as repeated fields");
        assertTrue(token.expiresAt().isAfter(java.time.Instant.now()));
    }

    @Test
    void abacRegistryAdviceNamesRepositoryRolesAndTheCatalogLister() {
        cloud.svc().acr().mode(dev.acrbridge.testsvc.RegistryMode.ABAC);
        IdentitySpec id = principalWith(Role.REPOSITORY_READER, "app");
        cloud.svc().acr().assign(principalPrincipal(id), Role.ACR_PUSH); // legacy role: ignored on ABAC registries

        PermissionReport r = LocalCloud.auth(cloud.svc()).registryMode(RegistryMode.ABAC).build().checkPermissions(id,
                cloud.svc().registryHost(), List.of("app:pull", "app:pull,push", "app:delete", "catalog"));

        assertFalse(r.sufficient());
        assertTrue(line(r, "app:pull").satisfied());
        assertNull(line(r, "app:pull").advice());
        assertEquals(Set.of("push"), line(r, "app:pull,push").missing());
        assertTrue(line(r, "app:pull,push").advice().startsWith("Container Registry Repository Writer"),
                line(r, "app:pull,push").advice());
        assertTrue(line(r, "app:pull,push").advice().contains("'app'"));
        assertFalse(line(r, "app:pull,push").advice().contains("AcrPush"), "ABAC ignores AcrPush");
        assertTrue(line(r, "app:delete").advice().startsWith("Container Registry Repository Contributor"));
        assertTrue(line(r, "catalog").advice().startsWith("Container Registry Repository Catalog Lister"));
        assertTrue(r.summary().contains("MISSING repository:app:pull,push"), r.summary());
    }

    @Test
    void rbacRegistryAdviceNamesClassicRoles() {
        cloud.svc().acr().mode(dev.acrbridge.testsvc.RegistryMode.RBAC);
        IdentitySpec puller = principalWith(Role.ACR_PULL, null);

        PermissionReport r = LocalCloud.auth(cloud.svc()).registryMode(RegistryMode.RBAC).build()
                .checkPermissions(puller,
                cloud.svc().registryHost(), List.of("team/web:push", "team/web:delete", "team/web:pull", "catalog"));

        assertEquals("AcrPush", line(r, "team/web:push").advice());
        assertEquals("AcrDelete", line(r, "team/web:delete").advice());
        assertTrue(line(r, "team/web:pull").satisfied());
        assertTrue(line(r, "catalog").satisfied(), "AcrPull lists the catalog on RBAC registries");
    }

    @Test
    void unknownModeNamesBothFamiliesAndAFullGrantIsSufficient() {
        cloud.svc().acr().mode(dev.acrbridge.testsvc.RegistryMode.RBAC);
        IdentitySpec puller = principalWith(Role.ACR_PULL, null);
        PermissionReport r = LocalCloud.auth(cloud.svc()).build().checkPermissions(puller, cloud.svc().registryHost(),
                List.of("app:push"));
        assertEquals(RegistryMode.UNKNOWN, r.mode());
        assertTrue(r.lines().get(0).advice().contains("Container Registry Repository Writer")
                && r.lines().get(0).advice().contains("(ABAC registries) or AcrPush (RBAC registries)"),
                r.lines().get(0).advice());

        IdentitySpec pusher = principalWith(Role.ACR_PUSH, null);
        assertTrue(LocalCloud.auth(cloud.svc()).build().checkPermissions(pusher, cloud.svc().registryHost(),
                List.of("app:pull,push", "catalog")).sufficient());
    }

    @Test
    void malformedNeedsNameTheSyntax() {
        IdentitySpec any = principalWith(Role.ACR_PULL, null);
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> LocalCloud.auth(cloud.svc()).build().checkPermissions(any, cloud.svc().registryHost(),
                        List.of("app:write")));
        assertTrue(e.fix().contains("repo:action"), e.fix());
        assertEquals(0, LocalCloud.count(cloud.svc(), Endpoint.ACR_TOKEN), "nothing sent for bad input");
    }

    private static Principal principalPrincipal(IdentitySpec id) {
        IdentitySpec.ServicePrincipalSecret sp = (IdentitySpec.ServicePrincipalSecret) id;
        return cloud.svc().entra().servicePrincipal(sp.tenantId(), sp.clientId(), sp.clientSecret().reveal());
    }
}
