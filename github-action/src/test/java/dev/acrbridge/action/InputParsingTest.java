package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How valid inputs are read: lists, bare names per cloud, auto detection, booleans as the toolkit reads them. */
class InputParsingTest {
    private static ActionInputs parse(Map<String, String> inputs, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        inputs.forEach((k, v) -> env.put(RunnerEnvironment.envName(k), v));
        return ActionInputs.parse(new RunnerEnvironment(env));
    }

    @Test
    void registriesAreSplitOnCommasAndLinesResolvedPerCloudAndDeduplicated() {
        ActionInputs in = parse(Map.of("registries", " contoso ,Contoso.azurecr.cn\nhttps://fabrikam.azurecr.cn/\n\n",
                "cloud", "AzureChinaCloud", "auth-type", "managed-identity"), Map.of());
        assertEquals(List.of("contoso.azurecr.cn", "fabrikam.azurecr.cn"), in.registries());
        assertEquals("china", in.cloud().name());
    }

    @Test
    void autoPicksTheTypeFromWhatIsGiven() {
        String tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        assertEquals(AuthType.SERVICE_PRINCIPAL, parse(Map.of("registries", "contoso", "tenant-id", tenant,
                "client-id", "a", "client-secret", "s"), Map.of()).authType());
        assertEquals(AuthType.OIDC, parse(Map.of("registries", "contoso", "tenant-id", tenant, "client-id", "a"),
                Map.of("ACTIONS_ID_TOKEN_REQUEST_URL", "http://127.0.0.1:1/x?a=1",
                        "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "t")).authType());
        assertEquals(AuthType.TOKEN, parse(Map.of("registries", "contoso", "username", "ci", "password", "p"),
                Map.of()).authType());
        assertEquals(AuthType.ADMIN, parse(Map.of("registries", "contoso", "password", "p"), Map.of()).authType());
        ActionInputs mi = parse(Map.of("registries", "contoso", "client-id", "a"), Map.of());
        assertEquals(AuthType.MANAGED_IDENTITY, mi.authType());
        assertNull(mi.tenantId());
    }

    @Test
    void defaultsMatchTheActionYmlAndBooleansFollowTheYamlCoreSchema() {
        ActionInputs in = parse(Map.of("registries", "contoso", "auth-type", "managed-identity",
                "credential-helper", "TRUE", "expose-token", "False"), Map.of());
        assertEquals(EnumSet.allOf(Tool.class), in.tools());
        assertEquals("api://AzureADTokenExchange", in.audience());
        assertEquals("public", in.cloud().name());
        assertEquals(true, in.credentialHelper());
        assertEquals(false, in.exposeToken());
    }

    @Test
    void permissionNeedsAreSeparatedBySpacesOrLinesAndKeepCommaSeparatedActions() {
        ActionInputs in = parse(Map.of("registries", "contoso", "auth-type", "managed-identity",
                "check-permissions", "app:pull,push\nbase/runtime:pull catalog"), Map.of());
        assertEquals(List.of("repository:app:pull,push", "repository:base/runtime:pull", "registry:catalog:*"),
                in.permissionChecks().stream().map(n -> n.scope()).toList());
    }
}
