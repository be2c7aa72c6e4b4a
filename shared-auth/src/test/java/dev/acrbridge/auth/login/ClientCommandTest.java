package dev.acrbridge.auth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientCommandTest {
    @Test
    void aClientChildKeepsWhatAClientNeedsAndNoSecret() {
        Map<String, String> parent = new java.util.HashMap<>();
        for (String keep : List.of("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "XDG_RUNTIME_DIR", "HTTPS_PROXY",
                "https_proxy", "NO_PROXY", "SSL_CERT_FILE", "DOCKER_HOST", "DOCKER_CONFIG", "HELM_REGISTRY_CONFIG",
                "REGISTRY_AUTH_FILE")) {
            parent.put(keep, "kept");
        }
        for (String secret : List.of("AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "ACR_PASSWORD",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "GITHUB_TOKEN", "SYSTEM_ACCESSTOKEN", "AWS_SECRET_ACCESS_KEY",
                "AZURE_FEDERATED_TOKEN_FILE", "NPM_TOKEN", "MY_PASSWORD")) {
            parent.put(secret, "secret");
        }
        Map<String, String> child = ClientCommand.childEnvironment(parent, Map.of("DOCKER_CONFIG", "/ours"));
        assertFalse(child.containsValue("secret"), child.toString());
        assertEquals(14, child.size(), child.toString());
        assertEquals("/ours", child.get("DOCKER_CONFIG"), "what the caller sets wins");
    }
}
