package dev.acrbridge.bench;

import dev.acrbridge.auth.AcrAuth;
import dev.acrbridge.auth.identity.IdentitySpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * Runs in a child JVM whose real environment carries a managed-identity endpoint (msal4j reads IDENTITY_ENDPOINT /
 * IDENTITY_HEADER and AZURE_POD_IDENTITY_AUTHORITY_HOST only from the process environment), so the parent can arm a
 * fault and then ask for one attempt at a time.
 *
 * <p>Arguments: authority host, registry host, CA PEM. Stdin lines {@code RUN <cell> <clientId> <dir> <LOGIN|TOKEN>};
 * for each it prints {@code RESULT <cell> <attempt json>}. A fresh AcrAuth per attempt (no cache carries over) and a
 * fresh user-assigned identity per cell (msal4j's managed-identity cache is keyed by it).
 */
public final class ManagedIdentityChild {
    private ManagedIdentityChild() {
    }

    public static void main(String[] args) throws Exception {
        URI authority = URI.create(args[0]);
        String registry = args[1];
        Path ca = Path.of(args[2]);
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] p = line.trim().split(" ");
            if (p.length != 5 || !p[0].equals("RUN")) {
                continue;
            }
            AcrAuth auth = LocalAuth.builder(authority, Set.of(registry)).trustedCertificates(ca).build();
            IdentitySpec identity = new IdentitySpec.ManagedIdentity(
                    new IdentitySpec.UserAssignedId(IdentitySpec.UserAssignedId.Type.CLIENT_ID, p[2]));
            Attempt a = Attempt.run(auth, identity, registry, Path.of(p[3]), Attempt.Op.valueOf(p[4]));
            System.out.println("RESULT " + p[1] + " " + a.toJson());
            System.out.flush();
        }
        System.exit(0);
    }
}
