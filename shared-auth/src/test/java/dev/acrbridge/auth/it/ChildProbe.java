package dev.acrbridge.auth.it;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.cloud.AzureCloud;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.settings.LoginSettings;
import dev.acrbridge.auth.identity.IdentitySpec;
import dev.acrbridge.auth.registry.RegistryCredential;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs in a child JVM whose real environment carries managed-identity endpoints (msal4j reads them only from the
 * process environment) or a PATH with a fake {@code az}. For each case argument it resolves an identity from the
 * environment plus the case's settings and prints one line: {@code RESULT <case> ok <username> <kind>} or
 * {@code RESULT <case> error <exception class> <message>}.
 *
 * <p>Arguments: authority host, registry host, CA PEM path, then cases {@code name;KEY=VALUE;KEY=VALUE}.
 */
public final class ChildProbe {
    private ChildProbe() {
    }

    public static void main(String[] args) {
        AcrAuth auth = AcrAuth.builder()
                .cloud(AzureCloud.custom(URI.create(args[0]), ".azurecr.io", "https://management.azure.com"))
                .trustedCertificates(Path.of(args[2]))
                .allowRegistryHosts(Set.of(args[1]))
                .requestTimeout(Duration.ofSeconds(10))
                .retry(LocalCloud.FAST_RETRY)
                .build();
        for (int i = 3; i < args.length; i++) {
            String[] parts = args[i].split(";");
            Map<String, String> settings = new HashMap<>(System.getenv());
            for (int k = 1; k < parts.length; k++) {
                String[] kv = parts[k].split("=", 2);
                settings.put(kv[0], kv[1]);
            }
            try {
                IdentitySpec identity = LoginSettings.fromEnvironment(settings).identity();
                RegistryCredential cred = auth.credential(identity, args[1]);
                System.out.println("RESULT " + parts[0] + " ok " + cred.username() + " " + cred.identityKind());
            } catch (AcrAuthException e) {
                System.out.println("RESULT " + parts[0] + " error " + e.getClass().getSimpleName() + " "
                        + e.getMessage());
                for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                    System.out.println("CAUSE " + t);
                }
            }
        }
        System.out.flush();
        System.exit(0);
    }
}
