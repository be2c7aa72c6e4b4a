package dev.acrbridge.auth.cache;

import dev.acrbridge.auth.identity.IdentityKind;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;

/** A separate process using the cache: {@code read} (prints HIT/MISS) or {@code fetch} (logs each fetch). */
public final class CacheClientProcess {
    private CacheClientProcess() {
    }

    /** @param args cache dir, read|fetch, fetch log file */
    public static void main(String[] args) throws Exception {
        FileCredentialStore store = new FileCredentialStore(Path.of(args[0]), Clock.systemUTC());
        if (args[1].equals("read")) {
            System.out.println(store.fresh("sp:tenant:client", "contoso.azurecr.io").isPresent() ? "HIT" : "MISS");
            return;
        }
        store.freshOrFetch("sp:tenant:client", "contoso.azurecr.io", stillValid -> {
            try {
                Files.writeString(Path.of(args[2]), "fetch\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Thread.sleep(300);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new RegistryCredential("contoso.azurecr.io", RegistryCredential.NULL_GUID, Secret.of("rt"),
                    Instant.now().plusSeconds(3600), IdentityKind.SERVICE_PRINCIPAL_SECRET);
        });
    }
}
