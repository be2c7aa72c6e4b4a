package dev.acrbridge.cli;

import dev.acrbridge.settings.AuthSettings;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What the subcommands that act as an identity share: the parent's environment and streams, the identity options. */
abstract class IdentityCommand implements Callable<Integer> {
    @ParentCommand
    AcrLogin parent;
    @Mixin
    IdentityOptions identity;

    /** @return the identity settings: these options over the environment, secrets from stdin or files */
    AuthSettings settings() throws IOException {
        AuthSettings settings = identity.settings(parent.env, parent.in);
        settings.deprecations().forEach(line -> parent.err.println("acr-login: warning: " + line));
        return settings;
    }
}
