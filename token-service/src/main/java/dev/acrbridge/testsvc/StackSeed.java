package dev.acrbridge.testsvc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Identities and registry settings for {@link LocalStackMain}, read from a JSON file, e.g.
 * <pre>{
 *   "mode": "RBAC", "armAudienceAllowed": true,
 *   "servicePrincipals": [{"tenantId": "t", "clientId": "c", "secret": "s", "roles": [{"role": "ACR_PUSH"}]}],
 *   "federated": [{"tenantId": "t", "clientId": "c2", "issuer": "kubernetes", "subject": "system:serviceaccount:ns:sa",
 *                  "roles": [{"role": "REPOSITORY_WRITER", "repository": "app/*"}]}],
 *   "adminUser": {"name": "myregistry", "password": "p"},
 *   "repositoryTokens": [{"name": "tok", "password": "p", "scopeMap": {"app/web": ["content/read"]}}]
 * }</pre>
 * For a federated entry with issuer "kubernetes" (the fake cluster) a token file valid for a day is written and its
 * path printed, ready for {@code AZURE_FEDERATED_TOKEN_FILE}; "github" means the GitHub issuer.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record StackSeed(RegistryMode mode, Boolean armAudienceAllowed, List<Sp> servicePrincipals, List<Fed> federated,
                 Admin adminUser, List<RepoToken> repositoryTokens) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RoleRef(Role role, String repository) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Sp(String tenantId, String clientId, String secret, List<RoleRef> roles) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Fed(String tenantId, String clientId, String issuer, String subject, String audience, List<RoleRef> roles) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Admin(String name, String password) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RepoToken(String name, String password, Map<String, Set<String>> scopeMap) {
    }

    static StackSeed read(Path file) throws IOException {
        return Jwts.JSON.readValue(Files.readAllBytes(file), StackSeed.class);
    }

    /** Applies the seed; returns clientId -> token file for kubernetes-federated identities. */
    Map<String, Path> apply(LocalAzure svc) {
        if (mode != null) {
            svc.acr().mode(mode);
        }
        if (armAudienceAllowed != null) {
            svc.acr().armAudienceAllowed(armAudienceAllowed);
        }
        for (Sp sp : nullToEmpty(servicePrincipals)) {
            assign(svc, svc.entra().servicePrincipal(sp.tenantId(), sp.clientId(), sp.secret()), sp.roles());
        }
        Map<String, Path> tokenFiles = new LinkedHashMap<>();
        for (Fed f : nullToEmpty(federated)) {
            String issuer = "kubernetes".equals(f.issuer()) ? svc.entra().kubernetesIssuer()
                    : "github".equals(f.issuer()) ? svc.github().issuer() : f.issuer();
            String audience = f.audience() != null ? f.audience() : EntraDirectory.TOKEN_EXCHANGE_AUDIENCE;
            assign(svc, svc.entra().federatedPrincipal(f.tenantId(), f.clientId(), issuer, f.subject(), audience),
                    f.roles());
            if (issuer.equals(svc.entra().kubernetesIssuer())) {
                Path file = svc.directory().resolve("federated-token-" + f.clientId());
                Files600.write(file, svc.entra().mintFederatedToken(issuer, f.subject(), audience, Duration.ofDays(1))
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                tokenFiles.put(f.clientId(), file);
            }
        }
        if (adminUser != null) {
            svc.acr().adminUser(adminUser.name(), adminUser.password());
        }
        for (RepoToken t : nullToEmpty(repositoryTokens)) {
            svc.acr().repositoryToken(t.name(), t.password(), t.scopeMap());
        }
        return tokenFiles;
    }

    private static void assign(LocalAzure svc, Principal p, List<RoleRef> roles) {
        for (RoleRef r : nullToEmpty(roles)) {
            svc.acr().assign(p, r.role(), r.repository());
        }
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
