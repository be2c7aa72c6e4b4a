package dev.acrbridge.auth.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.acrbridge.auth.diagnostics.RegistryErrors.Step;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {
    @Test
    void everyProtocolDocAadstsCodeIsCatalogued() {
        int[] fromProtocolDoc = {7000215, 7000222, 700016, 90002, 900023, 50059, 90019, 70021, 700213, 700211, 700212,
                7002131, 700024, 700027, 70011, 500011, 7000112, 70001, 53003, 50173, 700082, 70043, 90038, 900432};
        for (int code : fromProtocolDoc) {
            ErrorCatalog.Entry e = ErrorCatalog.aadsts(code).orElseThrow(() -> new AssertionError("missing " + code));
            assertFalse(e.fix().isBlank());
        }
        assertEquals(Optional.of(7000215), ErrorCatalog.findAadstsCode(
                "AADSTS7000215: Invalid client secret provided. Trace ID: x"));
        assertEquals(Optional.empty(), ErrorCatalog.findAadstsCode("no code"));
    }

    @Test
    void firewallDeniedIsToldApartFromMissingRole() {
        AcrAuthException fw = RegistryErrors.forStatus(Step.CHALLENGE, "contoso.azurecr.io", 403, "DENIED",
                "client with IP '203.0.113.9' is not allowed access. Refer https://aka.ms/acr/firewall to grant access.",
                false, null);
        assertTrue(assertInstanceOf(RegistryAccessDeniedException.class, fw).isFirewall());
        assertTrue(fw.fix().contains("network rules"), fw.fix());
        AcrAuthException role = RegistryErrors.forStatus(Step.TOKEN, "contoso.azurecr.io", 403, "DENIED",
                "requested access to the resource is denied", false, null);
        assertFalse(((RegistryAccessDeniedException) role).isFirewall());
        assertTrue(role.fix().contains("AcrPush") && role.fix().contains("Repository Writer"), role.fix());
    }

    @Test
    void registryStatusesMapToTheirExceptions() {
        assertInstanceOf(ThrottledException.class,
                RegistryErrors.forStatus(Step.EXCHANGE, "r", 429, "TOOMANYREQUESTS", null, false, null));
        AcrAuthException arm = RegistryErrors.forStatus(Step.EXCHANGE, "r", 401, "UNAUTHORIZED", null, true, null);
        assertTrue(arm.fix().contains("ARM audience") && arm.fix().contains("containerregistry.azure.net"));
        assertTrue(RegistryErrors.forStatus(Step.TOKEN, "r", 401, null, "unauthorized: Application not registered "
                + "with AAD", false, null).fix().contains("provision"));
        AcrAuthException down = RegistryErrors.forStatus(Step.CHALLENGE, "r", 503, null, null, false, null);
        assertTrue(down.isTransient());
        assertTrue(RegistryErrors.basicRejected("r", RegistryErrors.BasicUser.REPOSITORY_TOKEN, "t").fix()
                .contains("az acr token"));
        assertTrue(RegistryErrors.basicRejected("r", RegistryErrors.BasicUser.ADMIN_USER, "contoso").fix()
                .contains("--admin-enabled"));
        assertTrue(RegistryErrors.basicRejected("r", RegistryErrors.BasicUser.SERVICE_PRINCIPAL, "app").fix()
                .contains("az ad app credential reset --id app"));
    }

    @Test
    void needsParseAndRolesFollowTheMode() {
        PermissionNeed push = PermissionNeed.parse("Team/Web:pull,push");
        assertEquals("repository:team/web:pull,push", push.scope());
        assertEquals("registry:catalog:*", PermissionNeed.parse("catalog").scope());
        for (String bad : new String[] {"app", "app:", ":push", "app:write", "APP NAME:pull", ""}) {
            assertThrows(InvalidConfigurationException.class, () -> PermissionNeed.parse(bad), bad);
        }
        assertEquals("AcrPull", RoleAdvisor.advise(RegistryMode.RBAC, push, Set.of("pull")));
        assertEquals("AcrPush and AcrDelete", RoleAdvisor.advise(RegistryMode.RBAC, push, Set.of("push", "delete")));
        assertTrue(RoleAdvisor.advise(RegistryMode.ABAC, push, Set.of("push", "delete"))
                .startsWith(RoleAdvisor.REPOSITORY_CONTRIBUTOR));
        assertTrue(RoleAdvisor.advise(RegistryMode.ABAC, push, Set.of("metadata_read"))
                .startsWith(RoleAdvisor.REPOSITORY_READER));
        assertEquals(RoleAdvisor.REPOSITORY_WRITER + " with a condition covering repository 'team/web' (ABAC registries)"
                + " or AcrPush (RBAC registries)", RoleAdvisor.advise(RegistryMode.UNKNOWN, push, Set.of("push")));
    }
}
