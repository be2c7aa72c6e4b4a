package dev.acrbridge.action;

/** Credential-helper mode: the helper's settings (0600) and a launcher on PATH. */
final class CredentialHelperSetup {
    private final IsolatedConfig dir;
    private final RunnerEnvironment env;

    CredentialHelperSetup(IsolatedConfig dir, RunnerEnvironment env) {
        this.dir = dir;
        this.env = env;
    }

    void install(ActionInputs inputs) {
        throw new UnsupportedOperationException("credential-helper: waiting for the CLI helper's launcher");
    }
}
