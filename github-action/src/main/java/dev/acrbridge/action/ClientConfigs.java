package dev.acrbridge.action;

import dev.acrbridge.auth.login.RegistryLoginWriter;
import dev.acrbridge.auth.registry.RegistryCredential;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client configurations inside the isolated directory, one shared-auth writer per selected tool. Each starts from
 * the configuration the job used so far (the user's, or an earlier run of this action in the same job), so other
 * registries' logins survive.
 */
final class ClientConfigs {
    private final List<RegistryLoginWriter> writers = new ArrayList<>();

    ClientConfigs(IsolatedConfig dir, Set<Tool> tools, RunnerEnvironment env) throws IOException {
        Map<String, String> vars = env.variables();
        for (Tool tool : tools) {
            writers.add(dir.clients().writer(tool.value(), vars));
        }
    }

    /** @param credential stored for every tool */
    void login(RegistryCredential credential) throws IOException {
        for (RegistryLoginWriter writer : writers) {
            writer.login(credential);
        }
    }

    /** @param loginServer routed to {@code docker-credential-<helper>} for every tool */
    void useCredentialHelper(String loginServer, String helper) throws IOException {
        for (RegistryLoginWriter writer : writers) {
            writer.useCredentialHelper(loginServer, helper);
        }
    }

    /** @return the variables pointing later steps' clients at the isolated configuration */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        writers.forEach(w -> env.putAll(w.environment()));
        return env;
    }
}
