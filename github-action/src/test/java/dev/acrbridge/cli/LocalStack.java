package dev.acrbridge.cli;

import dev.acrbridge.testsvc.ClientEnvironment;
import dev.acrbridge.testsvc.CloudStack;
import dev.acrbridge.testsvc.CloudStackExtension;
import dev.acrbridge.testsvc.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local Entra + ACR token service in front of a real docker-registry (TLS, /v2/ and /oauth2/ on one port), with
 * a service principal that may push, and the environment that points acr-login at it. One per test class:
 * {@code @RegisterExtension static final LocalStack stack = new LocalStack();}.
 */
final class LocalStack extends CloudStackExtension {
    private CloudStack.ServicePrincipal sp;
    private Clients clients;

    @Override
    protected void started(CloudStack stack) {
        sp = stack.servicePrincipal(Role.ACR_PUSH, "sp-secret-");
    }

    String tenant() {
        return sp.tenant();
    }

    String clientId() {
        return sp.clientId();
    }

    String clientSecret() {
        return sp.clientSecret();
    }

    /** @return {@code 127.0.0.1:PORT/repo:1}, an image reference in this registry */
    String ref(String repo) {
        return host() + "/" + repo + ":1";
    }

    /** @return a directory with {@code ca.crt} for containers tools' --cert-dir */
    Path certDir() {
        return registry().certDirectory();
    }

    /** @return the containers clients (skopeo, podman, buildah) with their storage in this stack's scratch directory */
    Clients clients() {
        if (clients == null) {
            try {
                clients = new Clients(work().resolve("clients"), certDir());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return clients;
    }

    /**
     * The environment of a CI job with this service principal, every config and cache location inside {@code home}.
     *
     * @param home a fresh directory
     * @return the variables
     */
    Map<String, String> env(Path home) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(settingsWithoutSecret(home));
        env.put("AZURE_CLIENT_SECRET", clientSecret());
        return env;
    }

    /** @return {@link #env(Path)} without the client secret (for --client-secret-stdin/-file) */
    Map<String, String> settingsWithoutSecret(Path home) throws IOException {
        Map<String, String> env = ClientEnvironment.servicePrincipal(home, svc(), host(), tenant(), clientId());
        // this machine exports these globally; the clients must use the stack's CA through --cert-dir instead
        env.put("SSL_CERT_FILE", svc().caCertificatePem().toString());
        return env;
    }
}
