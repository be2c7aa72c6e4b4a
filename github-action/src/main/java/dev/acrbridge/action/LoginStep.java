package dev.acrbridge.action;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.auth.secret.SecretForms;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The action's main step: validate inputs, get a registry credential per registry through shared-auth, mask every
 * form of it, write the client configurations into a job-private directory, then export the variables and outputs.
 * Nothing is exported until every registry succeeded; on failure the directory is removed again.
 */
final class LoginStep {
    /** Name of the docker credential helper, run as {@code docker-credential-acr-login}. */
    static final String HELPER_NAME = "acr-login";

    private final RunnerEnvironment env;
    private final WorkflowCommands log;
    private final FileCommands files;

    LoginStep(RunnerEnvironment env, WorkflowCommands log) {
        this.env = env;
        this.log = log;
        this.files = new FileCommands(env);
    }

    /** @return the exit code */
    int run() throws IOException {
        // first of all: secrets the workflow passed in, so no later message can show them
        ActionInputs.secretInputs(env).forEach(this::maskEveryForm);
        maskEveryForm(env.get(ActionInputs.OIDC_TOKEN));
        ActionInputs inputs = ActionInputs.parse(env);
        IsolatedConfig dir = IsolatedConfig.create(env.runnerTemp());
        files.saveState(IsolatedConfig.STATE_NAME, dir.root().toString());
        boolean done = false;
        try {
            List<RegistryCredential> credentials = credentials(inputs, dir);
            ClientConfigs configs = new ClientConfigs(dir, inputs.tools(), env);
            if (inputs.credentialHelper()) {
                new CredentialHelperSetup(dir, env).install(inputs);
                for (RegistryCredential credential : credentials) {
                    configs.useCredentialHelper(credential.loginServer(), HELPER_NAME);
                }
                files.addPath(dir.binDir());
            } else {
                for (RegistryCredential credential : credentials) {
                    configs.login(credential);
                }
            }
            configs.environment().forEach(files::exportVariable);
            writeOutputs(inputs, credentials, configs.environment());
            done = true;
            return 0;
        } finally {
            if (!done) {
                dir.delete();
            }
        }
    }

    private List<RegistryCredential> credentials(ActionInputs inputs, IsolatedConfig dir) throws IOException {
        AcrAuth auth = AcrAuth.builder()
                .cloud(inputs.cloud())
                .allowRegistryHosts(inputs.trustedRegistryHosts())
                .trustedCertificates(inputs.caCertificates())
                .environment(env.variables())
                .build();
        IdentityFromInputs identities = new IdentityFromInputs(inputs, env, dir);
        List<RegistryCredential> credentials = new ArrayList<>();
        for (String registry : inputs.registries()) {
            IdentitySpec identity = identities.forRegistry(registry);
            log.group("Log in to " + registry + " with " + identity.kind().label());
            try {
                RegistryCredential credential = auth.credential(identity, registry);
                maskEveryForm(credential);
                log.info("Logged in to " + credential.loginServer() + " as " + credential.username()
                        + (credential.expiresAt() == null ? "" : "; the token expires at "
                        + credential.expiresAt().truncatedTo(ChronoUnit.SECONDS)));
                new PermissionCheck(auth, log).verify(identity, credential.loginServer(), inputs.permissionChecks());
                credentials.add(credential);
            } finally {
                log.endGroup();
            }
        }
        return credentials;
    }

    private void writeOutputs(ActionInputs inputs, List<RegistryCredential> credentials, Map<String, String> vars) {
        RegistryCredential first = credentials.get(0);
        files.output(Output.LOGIN_SERVER.yamlName(), first.loginServer());
        files.output(Output.LOGIN_SERVERS.yamlName(),
                String.join(",", credentials.stream().map(RegistryCredential::loginServer).toList()));
        files.output(Output.USERNAME.yamlName(), first.username());
        files.output(Output.EXPIRES_AT.yamlName(), credentials.stream().map(RegistryCredential::expiresAt)
                .filter(Objects::nonNull).min(Instant::compareTo)
                .map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString()).orElse(""));
        files.output(Output.DOCKER_CONFIG.yamlName(), vars.getOrDefault(Tool.DOCKER.variable(), ""));
        if (inputs.exposeToken()) {
            // masked already (maskEveryForm); an output is the one place it is written on request
            files.output(Output.TOKEN.yamlName(), first.password().reveal());
        }
    }

    private void maskEveryForm(RegistryCredential credential) {
        SecretForms.of(credential.password(), credential.username()).forEach(log::addMask);
    }

    private void maskEveryForm(String secret) {
        if (secret == null || secret.isBlank()) {
            return;
        }
        SecretForms.of(Secret.of(secret)).forEach(log::addMask);
        // the log masker works line by line: a multi-line secret (PEM) is masked per line too
        secret.lines().map(String::strip).filter(line -> line.length() >= 8 && !line.startsWith("-----"))
                .forEach(log::addMask);
    }
}
