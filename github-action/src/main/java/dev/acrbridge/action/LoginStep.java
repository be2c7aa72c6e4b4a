package dev.acrbridge.action;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.auth.secret.SecretForms;
import dev.acrbridge.settings.AuthSettings;
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
        ActionInputs.proxyPasswords(env).forEach(this::maskEveryForm);
        ActionInputs inputs = ActionInputs.parse(env);
        IsolatedConfig dir = IsolatedConfig.create(env.runnerTemp());
        boolean done = false;
        try {
            List<Target> targets = resolve(inputs, dir);
            // from here on the directory may hold credentials: the post step must find it even if this step is killed
            files.saveState(IsolatedConfig.STATE_NAME, dir.root().toString());
            AcrAuth auth = targets.get(0).settings().acrAuth();
            List<RegistryCredential> credentials = new ArrayList<>();
            for (Target target : targets) {
                credentials.add(login(auth, target, inputs));
            }
            ClientConfigs configs = new ClientConfigs(dir, inputs.tools(), env);
            if (inputs.credentialHelper()) {
                Map<String, AuthSettings> byRegistry = new java.util.LinkedHashMap<>();
                for (int i = 0; i < targets.size(); i++) {
                    byRegistry.put(credentials.get(i).loginServer(), targets.get(i).settings());
                }
                new CredentialHelperSetup(dir, env).install(byRegistry);
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

    /** A registry with the settings and identity to log in to it. */
    private record Target(String registry, AuthSettings settings, IdentitySpec identity) {
    }

    private List<Target> resolve(ActionInputs inputs, IsolatedConfig dir) throws IOException {
        InputSettings mapping = new InputSettings(inputs, env, dir);
        List<Target> targets = new ArrayList<>();
        for (String registry : inputs.registries()) {
            AuthSettings settings = mapping.forRegistry(registry);
            try {
                settings.login().proxies(); // a bad proxy is bad input too: refused before anything is written
                targets.add(new Target(registry, settings, settings.identity()));
            } catch (InvalidConfigurationException e) {
                throw InputSettings.asInputError(e);
            }
        }
        return targets;
    }

    private RegistryCredential login(AcrAuth auth, Target target, ActionInputs inputs) {
        log.group("Log in to " + target.registry() + " with " + target.identity().kind().label());
        try {
            RegistryCredential credential = auth.credential(target.identity(), target.registry());
            maskEveryForm(credential);
            log.info("Logged in to " + credential.loginServer() + " as " + credential.username()
                    + (credential.expiresAt() == null ? "" : "; the token expires at "
                    + credential.expiresAt().truncatedTo(ChronoUnit.SECONDS)));
            new PermissionCheck(auth, log).verify(target.identity(), credential.loginServer(), inputs.permissionChecks());
            return credential;
        } finally {
            log.endGroup();
        }
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
        if (secret.contains("\n")) {
            // the log masker works line by line: a multi-line secret (PEM) is masked per line too
            secret.lines().map(String::strip).filter(line -> line.length() >= 8 && !line.startsWith("-----"))
                    .forEach(log::addMask);
        }
    }
}
