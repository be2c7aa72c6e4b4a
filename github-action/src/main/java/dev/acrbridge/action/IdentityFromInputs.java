package dev.acrbridge.action;

import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.secret.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Turns the validated inputs into the identity shared-auth logs in with. */
final class IdentityFromInputs {
    private final ActionInputs inputs;
    private final RunnerEnvironment env;
    private final IsolatedConfig dir;

    /**
     * @param dir where PEM content given inline is written (0600) for the certificate credential; may be null when
     *            the inputs hold no inline certificate
     */
    IdentityFromInputs(ActionInputs inputs, RunnerEnvironment env, IsolatedConfig dir) {
        this.inputs = inputs;
        this.env = env;
        this.dir = dir;
    }

    /**
     * @param loginServer the registry (the admin user is named after it unless username is given)
     * @return the identity for that registry
     * @throws IOException when an inline certificate cannot be written
     */
    IdentitySpec forRegistry(String loginServer) throws IOException {
        switch (inputs.authType()) {
            case OIDC:
                return new IdentitySpec.GitHubOidc(inputs.tenantId(), inputs.clientId(),
                        URI.create(env.get(ActionInputs.OIDC_URL)), Secret.of(env.get(ActionInputs.OIDC_TOKEN)),
                        inputs.audience());
            case SERVICE_PRINCIPAL:
                return new IdentitySpec.ServicePrincipalSecret(inputs.tenantId(), inputs.clientId(),
                        inputs.clientSecret());
            case CERTIFICATE:
                return new IdentitySpec.ServicePrincipalCertificate(inputs.tenantId(), inputs.clientId(),
                        certificateFile(), null, false);
            case MANAGED_IDENTITY:
                return new IdentitySpec.ManagedIdentity(inputs.clientId() == null ? null
                        : new IdentitySpec.UserAssignedId(IdentitySpec.UserAssignedId.Type.CLIENT_ID, inputs.clientId()));
            case ADMIN:
                return new IdentitySpec.AdminUser(inputs.username() != null ? inputs.username()
                        : loginServer.substring(0, loginServer.indexOf('.')), inputs.password());
            case TOKEN:
                return new IdentitySpec.RepositoryToken(inputs.username(), inputs.password());
            default:
                throw new IllegalStateException("auth-type " + inputs.authType() + " was not resolved");
        }
    }

    private Path certificateFile() throws IOException {
        String value = inputs.clientCertificate().reveal();
        if (ActionInputs.isExistingFile(value)) {
            return Path.of(value).toAbsolutePath();
        }
        return dir.writePrivate("client-certificate.pem", value.getBytes(StandardCharsets.UTF_8));
    }
}
