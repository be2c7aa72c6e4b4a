package dev.acrbridge.action;

import dev.acrbridge.testsvc.CloudStackExtension;
import dev.acrbridge.testsvc.Principal;
import dev.acrbridge.testsvc.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The local Entra + GitHub OIDC issuer + a real registry behind an ACR-like token service, and the inputs that point
 * the action at them, as a workflow on a private cloud would (authority-host, trusted-registry-hosts,
 * ca-certificates). One per test class: {@code @RegisterExtension static final LocalCloud cloud = new LocalCloud();}.
 */
final class LocalCloud extends CloudStackExtension {
    static final String TENANT = UUID.randomUUID().toString();

    /** @return a GitHub-federated app holding {@code role}; its client id */
    String federatedApp(Role role) {
        String clientId = UUID.randomUUID().toString();
        Principal app = svc().entra().federatedPrincipal(TENANT, clientId, svc().github().issuer(),
                svc().github().subject(), "api://AzureADTokenExchange");
        svc().acr().assign(app, role);
        return clientId;
    }

    /** A job whose inputs point at this cloud, with the GitHub OIDC endpoint the runner gives id-token jobs. */
    RunnerJob oidcJob(Path root, String clientId) throws IOException {
        return job(root).input("auth-type", "oidc").input("tenant-id", TENANT).input("client-id", clientId)
                .env("ACTIONS_ID_TOKEN_REQUEST_URL", svc().githubOidcRequestUrl())
                .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", svc().githubOidcRequestToken());
    }

    /** An {@link #oidcJob} as a new GitHub-federated app that may push. */
    RunnerJob oidcPushJob(Path root) throws IOException {
        return oidcJob(root, federatedApp(Role.ACR_PUSH));
    }

    RunnerJob job(Path root) throws IOException {
        return new RunnerJob(root).input("registries", host())
                .input("authority-host", svc().authorityHost().toString())
                .input("trusted-registry-hosts", host())
                .input("ca-certificates", svc().caCertificatePem().toString());
    }

    Clients clients(Path work) {
        return new Clients(work, svc().caCertificatePem(), registry().certDirectory());
    }

    /** The forms of a registry password a leak could take: raw, base64 of user:password, base64 of the password. */
    static List<String> secretForms(String username, String password) {
        Base64.Encoder b64 = Base64.getEncoder();
        return List.of(password, b64.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return files under {@code root}, outside {@code except}, that contain any of the forms */
    static List<Path> filesContaining(Path root, Path except, List<String> forms) throws IOException {
        List<Path> hits = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return except != null && dir.equals(except) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    if (forms.stream().anyMatch(text::contains)) {
                        hits.add(file);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return hits;
    }
}
