package dev.acrbridge.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.impl.CertificateCredentialsImpl;
import com.cloudbees.plugins.credentials.domains.Domain;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.auth.secret.Secret;
import dev.acrbridge.auth.secret.SecretForms;
import dev.acrbridge.jenkins.credentials.AcrEntraCredentials;
import dev.acrbridge.jenkins.credentials.IdentityType;
import dev.acrbridge.testsvc.Certificates;
import dev.acrbridge.testsvc.CloudStackExtension;
import dev.acrbridge.testsvc.Endpoint;
import dev.acrbridge.testsvc.Helm;
import dev.acrbridge.testsvc.KeyAndCertificate;
import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.LoggedRequest;
import dev.acrbridge.testsvc.OciLayout;
import dev.acrbridge.testsvc.RegistryStack;
import dev.acrbridge.testsvc.Role;
import hudson.model.Item;
import hudson.util.FormValidation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The local Entra + ACR token service with one or more real registries (docker-registry behind nginx), a service
 * principal with AcrPush on them, and helpers to build credentials and pipelines that push with skopeo. A JUnit 5
 * extension: a test class declares {@code @RegisterExtension static final LocalStack stack =
 * LocalStack.withRegistries(1);}. It runs token-service's {@link CloudStackExtension} (the stack every module's tests
 * share: token service, first registry, scratch directory, helm) and adds the other registries, closed before it; the
 * stack starts before the class's own {@code @BeforeAll}, every test starts with an empty request log and no injected
 * fault, and it is closed after the class's {@code @AfterAll}.
 */
public final class LocalStack implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String CLIENT = "5d1c3a53-aaaa-4f7c-9b1e-0c4d2c1f7e11";
    public static final String CLIENT_SECRET = "sp-secret-value-for-tests";

    private final CloudStackExtension cloud = new CloudStackExtension();
    private final int registryCount;
    private final List<Consumer<LocalAzure>> setUp = new ArrayList<>();
    private final List<RegistryStack> moreRegistries = new ArrayList<>();

    private LocalStack(int registryCount) {
        if (registryCount < 1) {
            throw new IllegalArgumentException("a stack has at least one registry");
        }
        this.registryCount = registryCount;
    }

    /** @return a stack with {@code count} registries, started before the test class and closed after it */
    public static LocalStack withRegistries(int count) {
        return new LocalStack(count);
    }

    /**
     * @param life how long the registry's refresh tokens live (a real ACR's live 3 hours)
     * @return this stack
     */
    public LocalStack refreshTokenLifetime(Duration life) {
        setUp.add(svc -> svc.acr().refreshTokenLifetime(life));
        return this;
    }

    /** @return this stack, where the machine's system-assigned managed identity holds AcrPush */
    public LocalStack systemAssignedIdentityMayPush() {
        setUp.add(svc -> svc.acr().assign(svc.entra().systemAssignedIdentity(), Role.ACR_PUSH));
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        cloud.beforeAll(context);
        try {
            for (int i = 1; i < registryCount; i++) {
                moreRegistries.add(RegistryStack.start(svc()));
            }
            svc().acr().assign(svc().entra().servicePrincipal(TENANT, CLIENT, CLIENT_SECRET), Role.ACR_PUSH);
            setUp.forEach(step -> step.accept(svc()));
            OciLayout.write(cloud.work().resolve("image"), "v1", "hello.txt",
                    "hello from the acrLogin tests\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            afterAll(context);
            throw e;
        }
    }

    /** Each test counts only its own requests and meets no fault a test before it injected. */
    @Override
    public void beforeEach(ExtensionContext context) {
        svc().clearRequests();
        svc().faults().clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            moreRegistries.forEach(RegistryStack::close);
            moreRegistries.clear();
        } finally {
            cloud.afterAll(context);
        }
    }

    /** @return the token service (Entra, ACR token endpoints, managed identity endpoints) */
    public LocalAzure svc() {
        return cloud.svc();
    }

    /** @return the real helm, one for the test class */
    public Helm helm() {
        return cloud.helm();
    }

    /** @return a private directory that lives as long as the stack */
    public Path work() {
        return cloud.work();
    }

    /** @return login server of registry {@code i} */
    public String host(int i) {
        return registries().get(i).registryHost();
    }

    private List<RegistryStack> registries() {
        List<RegistryStack> all = new ArrayList<>(List.of(cloud.registry()));
        all.addAll(moreRegistries);
        return all;
    }

    /** Points a credential at this stack: custom cloud at the local authority, local CA, loopback registries. */
    public AcrEntraCredentials trustLocal(AcrEntraCredentials c) {
        c.setCloud("custom");
        c.setAuthorityHost(svc().authorityHost().toString());
        c.setCaCertificateFile(svc().caCertificatePem().toString());
        c.setAllowedRegistryHosts(String.join(",", registries().stream().map(RegistryStack::registryHost).toList()));
        return c;
    }

    /** @return a service-principal (secret) credential for registry 0 */
    public AcrEntraCredentials servicePrincipalCredential(String id) {
        return servicePrincipalCredential(id, host(0));
    }

    /** @return a service-principal (secret) credential for {@code registry}, trusting this stack */
    public AcrEntraCredentials servicePrincipalCredential(String id, String registry) {
        AcrEntraCredentials c = new AcrEntraCredentials(CredentialsScope.GLOBAL, id, "test SP", registry,
                IdentityType.SERVICE_PRINCIPAL_SECRET);
        c.setTenantId(TENANT);
        c.setClientId(CLIENT);
        c.setClientSecret(hudson.util.Secret.fromString(CLIENT_SECRET));
        return trustLocal(c);
    }

    /**
     * Registers a certificate service principal (AcrPush), stores its PKCS#12 as the Jenkins certificate credential
     * {@code <id>-certificate} and returns an ACR credential (not stored) that refers to it.
     */
    public AcrEntraCredentials certificateCredential(String id) throws IOException {
        String clientId = "c3a0c1e2-0000-4bbb-8ccc-" + String.format("%012d", Math.abs(id.hashCode()));
        KeyAndCertificate key = Certificates.selfSigned("CN=" + id);
        svc().acr().assign(svc().entra().certificatePrincipal(TENANT, clientId, key.certificate()), Role.ACR_PUSH);
        Path p12 = key.writePkcs12(work().resolve(id + ".p12"), "p12-password".toCharArray());
        store(new CertificateCredentialsImpl(CredentialsScope.GLOBAL, id + "-certificate", "SP certificate",
                "p12-password", new CertificateCredentialsImpl.UploadedKeyStoreSource(
                        SecretBytes.fromBytes(Files.readAllBytes(p12)))));
        AcrEntraCredentials c = new AcrEntraCredentials(CredentialsScope.GLOBAL, id, "test cert SP", host(0),
                IdentityType.SERVICE_PRINCIPAL_CERTIFICATE);
        c.setTenantId(TENANT);
        c.setClientId(clientId);
        c.setCertificateCredentialsId(id + "-certificate");
        return trustLocal(c);
    }

    /**
     * Clicks "Test connection" (the descriptor's web method, as the current user) for the stack's service principal,
     * with the form's fields pointing at this stack: custom cloud at the local authority, registry 0 trusted, local CA.
     *
     * @param context      the job or folder the form belongs to, null for the Jenkins-wide store
     * @param clientSecret the secret typed in the form
     * @param permissions  the form's "Check permissions for", or null
     */
    public FormValidation testConnection(Item context, String clientSecret, String permissions) {
        String local = host(0);
        return Jenkins.get().getDescriptorByType(AcrEntraCredentials.DescriptorImpl.class).doTestConnection(context,
                local, IdentityType.SERVICE_PRINCIPAL_SECRET.name(), TENANT, CLIENT,
                hudson.util.Secret.fromString(clientSecret), null, null, null, null, null, "custom",
                svc().authorityHost().toString(), null, "CONTROLLER", local, svc().caCertificatePem().toString(),
                permissions);
    }

    /** Stores a certificate credential (a fresh self-signed key, not registered anywhere) in the Jenkins-wide store. */
    public void storeCertificate(String credentialId, CredentialsScope scope) throws IOException {
        KeyAndCertificate key = Certificates.selfSigned("CN=" + credentialId);
        Path p12 = key.writePkcs12(work().resolve(credentialId + ".p12"), "p12-password".toCharArray());
        store(new CertificateCredentialsImpl(scope, credentialId, "certificate", "p12-password",
                new CertificateCredentialsImpl.UploadedKeyStoreSource(SecretBytes.fromBytes(Files.readAllBytes(p12)))));
    }

    /** Stores a credential in the Jenkins-wide store. */
    public static <C extends com.cloudbees.plugins.credentials.Credentials> C store(C c) throws IOException {
        CredentialsProvider.lookupStores(Jenkins.get()).iterator().next().addCredentials(Domain.global(), c);
        return c;
    }

    /**
     * Shell lines that build a one-layer image and push it with skopeo (auth from {@code REGISTRY_AUTH_FILE}).
     *
     * @param host       registry
     * @param repository repository and tag, e.g. {@code ci/app:v1}
     */
    public String skopeoPush(String host, String repository) {
        return "skopeo --insecure-policy --command-timeout 40s copy --dest-cert-dir '" + certDir(host) + "' oci:"
                + work().resolve("image") + ":v1 docker://" + host + "/" + repository + "\n";
    }

    /** @return the directory with the registry's {@code ca.crt} for containers tools */
    public String certDir(String host) {
        return registries().stream().filter(r -> r.registryHost().equals(host)).findFirst().orElseThrow()
                .certDirectory().toString();
    }

    /** Environment a pipeline needs for TLS to the local CA ({@code SSL_CERT_FILE} is set machine-wide here). */
    public String sslCertFileEnv() {
        return "SSL_CERT_FILE=" + svc().caCertificatePem();
    }

    /**
     * @return every ACR refresh token a client presented to a registry's token endpoint (Basic auth with the null
     *         GUID, or a refresh_token / password form field): the tokens that must never show in a build log
     */
    public Set<String> tokensPresentedToRegistries() {
        Set<String> tokens = new LinkedHashSet<>();
        for (LoggedRequest r : svc().requests()) {
            if (r.endpoint() != Endpoint.ACR_TOKEN) {
                continue;
            }
            String auth = r.header("Authorization");
            if (auth != null && auth.startsWith("Basic ")) {
                String pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
                if (pair.startsWith(RegistryCredential.NULL_GUID + ":")) {
                    tokens.add(pair.substring(RegistryCredential.NULL_GUID.length() + 1));
                }
            }
            for (String field : List.of("refresh_token", "password")) {
                if (r.formValue(field) != null) {
                    tokens.add(r.formValue(field));
                }
            }
        }
        return tokens;
    }

    /** Asserts that no form of any token the registries saw appears in the build log. */
    public void assertNoTokenInLog(JenkinsRule j, hudson.model.Run<?, ?> run) throws IOException {
        Set<String> tokens = tokensPresentedToRegistries();
        if (tokens.isEmpty()) {
            throw new AssertionError("no client presented a token to the registry: requests " + svc().requests());
        }
        for (String token : tokens) {
            for (String form : SecretForms.of(Secret.of(token), RegistryCredential.NULL_GUID)) {
                j.assertLogNotContains(form, run);
            }
        }
    }

    /**
     * The value a build printed as a line {@code name=value}. Whole lines, not {@code \\S+}: the test harness puts
     * a space in Jenkins' home on purpose, so paths contain spaces. The shell's own trace ({@code + echo ...}) never
     * starts a line with the name.
     */
    public static String logged(hudson.model.Run<?, ?> run, String name) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name)
                + "=(.*)$").matcher(JenkinsRule.getLog(run));
        if (!m.find()) {
            throw new AssertionError(name + "= not in the log:\n" + JenkinsRule.getLog(run));
        }
        return m.group(1);
    }

    /**
     * A shell line printing {@code marker} without the marker appearing in the shell's trace ({@code sh -x} echoes
     * each command before it runs, so waiting for an echoed word would match the trace).
     */
    public static String printMarker(String marker) {
        int half = marker.length() / 2;
        return "printf '%s%s\\n' '" + marker.substring(0, half) + "' '" + marker.substring(half) + "'\n";
    }

    /** Shell lines printing each variable's value on its own line as {@code NAME=value}. */
    public static String printVariables(String... names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            b.append("echo \"").append(n).append("=$").append(n).append("\"\n");
        }
        return b.toString();
    }
}
