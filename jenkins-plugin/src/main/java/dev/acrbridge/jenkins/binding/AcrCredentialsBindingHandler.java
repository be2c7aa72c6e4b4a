package dev.acrbridge.jenkins.binding;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import dev.acrbridge.jenkins.credentials.AcrEntraCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.pipeline.modeldefinition.model.CredentialsBindingHandler;

/**
 * Declarative {@code environment { ACR = credentials('acr-id') }}: binds {@code acrLogin} for the stage, so docker,
 * podman and helm are logged in, with {@code ACR} = login server, {@code ACR_USR} = the null GUID and
 * {@code ACR_PSW} = the token (masked). Ordered before the generic username/password handler, which would also
 * accept this credential but log nothing in.
 */
@Extension(optional = true, ordinal = 100)
public class AcrCredentialsBindingHandler extends CredentialsBindingHandler<AcrEntraCredentials> {

    @NonNull
    @Override
    public Class<? extends StandardCredentials> type() {
        return AcrEntraCredentials.class;
    }

    @NonNull
    @Override
    public List<Map<String, Object>> getWithCredentialsParameters(String credentialsId) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("$class", AcrLoginBinding.class.getName());
        map.put("credentialsId", credentialsId);
        map.put("loginServerVariable", new EnvVarResolver());
        map.put("usernameVariable", new EnvVarResolver("%s_USR"));
        map.put("tokenVariable", new EnvVarResolver("%s_PSW"));
        return List.of(map);
    }
}
