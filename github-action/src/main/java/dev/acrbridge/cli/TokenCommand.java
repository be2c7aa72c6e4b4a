package dev.acrbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.settings.AuthSettings;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code acr-login token}: print the registry token as JSON, like {@code az acr login --expose-token}. */
@Command(name = "token", mixinStandardHelpOptions = true, description = {
    "Print the registry refresh token as JSON for scripts: "
            + "{\"accessToken\", \"loginServer\", \"username\", \"expiresOn\"} (the shape of az acr login "
            + "--expose-token; accessToken is the ACR refresh token). Use it as: "
            + "docker login -u 00000000-0000-0000-0000-000000000000 --password-stdin.",
    "The token is a secret: do not log stdout."})
final class TokenCommand extends IdentityCommand {
    @Parameters(paramLabel = "REGISTRY", description = "login server (contoso.azurecr.io) or name")
    String registry;

    @Override
    public Integer call() throws Exception {
        AuthSettings settings = settings();
        RegistryCredential credential = settings.acrAuth().credential(settings.identity(), registry);
        ObjectNode json = new ObjectMapper().createObjectNode()
                .put("accessToken", credential.password().reveal())
                .put("loginServer", credential.loginServer())
                .put("username", credential.username());
        json.put("expiresOn", credential.expiresAt() == null ? null : credential.expiresAt().toString());
        parent.out.println(json.toPrettyString());
        parent.err.println(Summary.line("token issued", credential, Instant.now()));
        return ExitCodes.OK;
    }
}
