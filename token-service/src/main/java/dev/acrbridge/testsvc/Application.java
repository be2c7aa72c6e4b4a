package dev.acrbridge.testsvc;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/** A directory entry: the principal plus the credentials registered for it. */
final class Application {
    /** A federated identity credential: the assertion's iss, sub and aud must match exactly. */
    record FederatedCredential(String issuer, String subject, String audience) {
    }

    final Principal principal;
    final Set<String> secrets = new CopyOnWriteArraySet<>();
    /** Secrets past their end date: Entra answers AADSTS7000222, ACR's Basic login refuses them. */
    final Set<String> expiredSecrets = new CopyOnWriteArraySet<>();
    final List<X509Certificate> certificates = new CopyOnWriteArrayList<>();
    final List<FederatedCredential> federated = new CopyOnWriteArrayList<>();

    Application(Principal principal) {
        this.principal = principal;
    }
}
