package dev.acrbridge.jenkins.credentials;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.login.AuthFile;
import dev.acrbridge.auth.registry.RegistryCredential;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import jenkins.authentication.tokens.api.AuthenticationTokenException;
import jenkins.authentication.tokens.api.AuthenticationTokenSource;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryToken;

/**
 * {@code docker.withRegistry('https://contoso.azurecr.io', 'acr-id')}: docker-commons asks for a
 * {@link DockerRegistryToken}. More specific than docker-commons' generic username/password source, so it wins, and
 * a failure reaches the build log as the auth core's message (cause and fix) instead of a bare 401 from docker.
 */
@Extension
public class AcrDockerTokenSource extends AuthenticationTokenSource<DockerRegistryToken, AcrEntraCredentials> {

    public AcrDockerTokenSource() {
        super(DockerRegistryToken.class, AcrEntraCredentials.class);
    }

    @NonNull
    @Override
    public DockerRegistryToken convert(AcrEntraCredentials credentials) throws AuthenticationTokenException {
        if (credentials.getUsedOn() == UsedOn.AGENT) {
            throw new AuthenticationTokenException(Messages.AcrEntraCredentials_AgentOnly(credentials.getId()) + " "
                    + Messages.AcrEntraCredentials_AgentOnlyFix());
        }
        try {
            RegistryCredential acquired = credentials.acquire(credentials.getRegistry());
            return new DockerRegistryToken(acquired.username(), AuthFile.basicAuth(acquired));
        } catch (AcrAuthException e) {
            throw new AuthenticationTokenException(e.getMessage());
        }
    }
}
