package dev.acrbridge.jenkins.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.jenkins.impl.AcrTokenService;
import dev.acrbridge.jenkins.impl.AuthSettings;
import dev.acrbridge.jenkins.impl.IdentityMaterial;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * An Azure Container Registry credential backed by a Microsoft Entra identity. It is a username/password credential
 * whose username is the null GUID and whose password is a fresh ACR refresh token, so {@code usernamePassword(...)},
 * {@code docker.withRegistry(url, id)} and declarative {@code credentials()} work unchanged; the {@code acrLogin}
 * binding logs docker, podman and helm in with it. Holds configuration only: tokens come from
 * {@link AcrTokenService} (controller) or are acquired on the agent.
 */
public class AcrEntraCredentials extends BaseStandardCredentials implements StandardUsernamePasswordCredentials {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(AcrEntraCredentials.class.getName());

    private final String registry;
    private final IdentityType identityType;
    private String tenantId;
    private String clientId;
    private Secret clientSecret;
    private String certificateCredentialsId;
    private UserAssignedIdType userAssignedIdType = UserAssignedIdType.SYSTEM_ASSIGNED;
    private String userAssignedId;
    private String tokenFile;
    private String assertionCredentialsId;
    private String cloud = "public";
    private String authorityHost;
    private String registrySuffix;
    private UsedOn usedOn = UsedOn.CONTROLLER;
    private String allowedRegistryHosts;
    private String caCertificateFile;
    /** How references are resolved: set on the copy a build gets ({@link #forRun}) and in form tests. */
    private transient ReferenceLookup lookup;

    /**
     * @param scope        credential scope
     * @param id           credential id
     * @param description  description
     * @param registry     login server, e.g. {@code contoso.azurecr.io}
     * @param identityType which Entra identity to use
     */
    @DataBoundConstructor
    public AcrEntraCredentials(@CheckForNull CredentialsScope scope, @CheckForNull String id,
                               @CheckForNull String description, String registry, IdentityType identityType) {
        super(scope, id, description);
        this.registry = Util.fixEmptyAndTrim(registry);
        this.identityType = identityType == null ? IdentityType.SERVICE_PRINCIPAL_SECRET : identityType;
    }

    /** A copy with the same configuration whose references resolve through {@code lookup}. */
    private AcrEntraCredentials(AcrEntraCredentials o, ReferenceLookup lookup) {
        super(o.getScope(), o.getId(), o.getDescription());
        this.registry = o.registry;
        this.identityType = o.identityType;
        this.tenantId = o.tenantId;
        this.clientId = o.clientId;
        this.clientSecret = o.clientSecret;
        this.certificateCredentialsId = o.certificateCredentialsId;
        this.userAssignedIdType = o.userAssignedIdType;
        this.userAssignedId = o.userAssignedId;
        this.tokenFile = o.tokenFile;
        this.assertionCredentialsId = o.assertionCredentialsId;
        this.cloud = o.cloud;
        this.authorityHost = o.authorityHost;
        this.registrySuffix = o.registrySuffix;
        this.usedOn = o.usedOn;
        this.allowedRegistryHosts = o.allowedRegistryHosts;
        this.caCertificateFile = o.caCertificateFile;
        this.lookup = lookup;
    }

    /**
     * Every consumer that finds this credential for a build ({@code withCredentials}, {@code usernamePassword},
     * {@code docker.withRegistry}, declarative {@code credentials()}) gets a copy bound to the build: the credentials
     * it refers to are then looked up with the build's authentication, and their use is tracked.
     */
    @NonNull
    @Override
    public Credentials forRun(@NonNull Run<?, ?> context) {
        return new AcrEntraCredentials(this, ReferenceLookup.forRun(context, this));
    }

    /** @return a copy for "Test connection": references as the form's user may use them in {@code context} */
    AcrEntraCredentials forForm(Item context) {
        return new AcrEntraCredentials(this, ReferenceLookup.forForm(context));
    }

    /** @return always the null GUID: ACR's username for refresh tokens */
    @NonNull
    @Override
    public String getUsername() {
        return RegistryCredential.NULL_GUID;
    }

    /** The null GUID is public knowledge; showing it lets {@code usernamePassword} export it unmasked. */
    @Override
    public boolean isUsernameSecret() {
        return false;
    }

    /**
     * A fresh ACR refresh token for {@link #getRegistry()}, acquired on the controller (cached across builds).
     *
     * @throws AcrAuthException when acquisition fails (the message names the fix), or when this credential is
     *                          configured for acquisition on agents
     */
    @NonNull
    @Override
    public Secret getPassword() {
        if (usedOn == UsedOn.AGENT) {
            throw new AcrAuthException(Messages.AcrEntraCredentials_AgentOnly(getId()),
                    Messages.AcrEntraCredentials_AgentOnlyFix(), false, null);
        }
        return Secret.fromString(acquire(registry).password().reveal());
    }

    /**
     * @param loginServer the registry to get a token for (normally {@link #getRegistry()})
     * @return a registry credential acquired on the controller
     */
    public RegistryCredential acquire(String loginServer) {
        try {
            return AcrTokenService.get().credential(authSettings(), identityMaterial(), loginServer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the identity with every referenced credential resolved; call on the controller
     * @throws dev.acrbridge.auth.diagnostics.InvalidConfigurationException naming the field, when a field breaks the
     *         shared rules or a reference or controller-side input may not be used here
     */
    public IdentityMaterial identityMaterial() {
        return CredentialReferences.resolve(this, lookup != null ? lookup : ReferenceLookup.unbound(this));
    }

    /** @return cloud and trust settings */
    public AuthSettings authSettings() {
        return new AuthSettings(cloud, authorityHost, registrySuffix, AuthSettings.parseHosts(allowedRegistryHosts),
                caCertificateFile);
    }

    public String getRegistry() {
        return registry;
    }

    public IdentityType getIdentityType() {
        return identityType;
    }

    public String getTenantId() {
        return tenantId;
    }

    @DataBoundSetter
    public void setTenantId(String tenantId) {
        this.tenantId = Util.fixEmptyAndTrim(tenantId);
    }

    public String getClientId() {
        return clientId;
    }

    @DataBoundSetter
    public void setClientId(String clientId) {
        this.clientId = Util.fixEmptyAndTrim(clientId);
    }

    public Secret getClientSecret() {
        return clientSecret;
    }

    @DataBoundSetter
    public void setClientSecret(Secret clientSecret) {
        this.clientSecret = clientSecret == null || clientSecret.getPlainText().isEmpty() ? null : clientSecret;
    }

    public String getCertificateCredentialsId() {
        return certificateCredentialsId;
    }

    @DataBoundSetter
    public void setCertificateCredentialsId(String certificateCredentialsId) {
        this.certificateCredentialsId = Util.fixEmptyAndTrim(certificateCredentialsId);
    }

    public UserAssignedIdType getUserAssignedIdType() {
        return userAssignedIdType;
    }

    @DataBoundSetter
    public void setUserAssignedIdType(UserAssignedIdType userAssignedIdType) {
        this.userAssignedIdType = userAssignedIdType == null ? UserAssignedIdType.SYSTEM_ASSIGNED : userAssignedIdType;
    }

    public String getUserAssignedId() {
        return userAssignedId;
    }

    @DataBoundSetter
    public void setUserAssignedId(String userAssignedId) {
        this.userAssignedId = Util.fixEmptyAndTrim(userAssignedId);
    }

    public String getTokenFile() {
        return tokenFile;
    }

    @DataBoundSetter
    public void setTokenFile(String tokenFile) {
        this.tokenFile = Util.fixEmptyAndTrim(tokenFile);
    }

    public String getAssertionCredentialsId() {
        return assertionCredentialsId;
    }

    @DataBoundSetter
    public void setAssertionCredentialsId(String assertionCredentialsId) {
        this.assertionCredentialsId = Util.fixEmptyAndTrim(assertionCredentialsId);
    }

    public String getCloud() {
        return cloud;
    }

    @DataBoundSetter
    public void setCloud(String cloud) {
        this.cloud = Util.fixEmptyAndTrim(cloud) == null ? "public" : cloud.trim();
    }

    public String getAuthorityHost() {
        return authorityHost;
    }

    @DataBoundSetter
    public void setAuthorityHost(String authorityHost) {
        this.authorityHost = Util.fixEmptyAndTrim(authorityHost);
    }

    public String getRegistrySuffix() {
        return registrySuffix;
    }

    @DataBoundSetter
    public void setRegistrySuffix(String registrySuffix) {
        this.registrySuffix = Util.fixEmptyAndTrim(registrySuffix);
    }

    public UsedOn getUsedOn() {
        return usedOn;
    }

    /**
     * @param usedOn where tokens are acquired
     * @throws IllegalArgumentException for {@link UsedOn#AGENT} with an identity other than managed or workload
     *         identity (JCasC and the form report it with the field)
     */
    @DataBoundSetter
    public void setUsedOn(UsedOn usedOn) {
        UsedOn value = usedOn == null ? UsedOn.CONTROLLER : usedOn;
        if (value == UsedOn.AGENT && !UsedOn.allowsAgent(identityType)) {
            throw new IllegalArgumentException("usedOn: " + Messages.UsedOn_AgentNotAllowed(getId(),
                    identityType.getDisplayName()) + ". Fix: " + Messages.UsedOn_AgentNotAllowedFix());
        }
        this.usedOn = value;
    }

    public String getAllowedRegistryHosts() {
        return allowedRegistryHosts;
    }

    @DataBoundSetter
    public void setAllowedRegistryHosts(String allowedRegistryHosts) {
        this.allowedRegistryHosts = Util.fixEmptyAndTrim(allowedRegistryHosts);
    }

    public String getCaCertificateFile() {
        return caCertificateFile;
    }

    @DataBoundSetter
    public void setCaCertificateFile(String caCertificateFile) {
        this.caCertificateFile = Util.fixEmptyAndTrim(caCertificateFile);
    }

    /** Defaults for fields added after a credential was saved (XStream skips the constructor). */
    protected Object readResolve() {
        if (userAssignedIdType == null) {
            userAssignedIdType = UserAssignedIdType.SYSTEM_ASSIGNED;
        }
        if (usedOn == null) {
            usedOn = UsedOn.CONTROLLER;
        }
        if (usedOn == UsedOn.AGENT && !UsedOn.allowsAgent(identityType)) {
            // saved before secrets were kept off agents: the controller acquires with the same identity from now on
            LOGGER.warning(Messages.UsedOn_Migrated(getId(), identityType.getDisplayName()));
            usedOn = UsedOn.CONTROLLER;
        }
        if (cloud == null) {
            cloud = "public";
        }
        return this;
    }

    /** The form: fields, choices, checks and the "Test connection" button. */
    @Extension
    @Symbol("acrEntra")
    public static final class DescriptorImpl extends BaseStandardCredentialsDescriptor {

        public DescriptorImpl() {
            super(AcrEntraCredentials.class);
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.AcrEntraCredentials_DisplayName();
        }

        public ListBoxModel doFillCloudItems() {
            return CredentialForms.cloudItems();
        }

        public ListBoxModel doFillCertificateCredentialsIdItems(@AncestorInPath Item context,
                                                                @QueryParameter String certificateCredentialsId) {
            return CredentialForms.certificateItems(context, certificateCredentialsId);
        }

        public ListBoxModel doFillAssertionCredentialsIdItems(@AncestorInPath Item context,
                                                              @QueryParameter String assertionCredentialsId) {
            return CredentialForms.tokenItems(context, assertionCredentialsId);
        }

        public FormValidation doCheckRegistry(@QueryParameter String value) {
            return CredentialForms.checkRegistry(value);
        }

        public FormValidation doCheckTenantId(@QueryParameter String value, @QueryParameter String identityType) {
            return CredentialForms.checkTenantOrClient(value, identityType, SharedRules::checkTenant);
        }

        public FormValidation doCheckClientId(@QueryParameter String value, @QueryParameter String identityType) {
            return CredentialForms.checkTenantOrClient(value, identityType, SharedRules::checkClient);
        }

        public FormValidation doCheckUserAssignedId(@QueryParameter String value,
                                                    @QueryParameter String userAssignedIdType) {
            UserAssignedIdType type = CredentialForms.enumValue(UserAssignedIdType.class, userAssignedIdType);
            return CredentialForms.shared(() -> SharedRules.checkManagedIdentity(type, value));
        }

        public FormValidation doCheckUsedOn(@QueryParameter String value, @QueryParameter String identityType) {
            return CredentialForms.checkUsedOn(value, identityType);
        }

        /**
         * Runs identity -> Entra -> registry exchange on the controller with the values in the form and, when
         * {@code permissions} lists needs, the permission check. POST only; needs {@link Item#CONFIGURE} on the
         * folder or job whose store is edited, {@link Jenkins#ADMINISTER} for the Jenkins-wide store. Referenced
         * credentials are those the user may use there; what decides where secrets go or which controller file is
         * read (custom cloud, trusted hosts, CA file, token file, the controller's managed identity) is honoured
         * for administrators only ({@link ConnectionTest}).
         */
        @POST
        public FormValidation doTestConnection(@AncestorInPath Item context,
                                               @QueryParameter String registry,
                                               @QueryParameter String identityType,
                                               @QueryParameter String tenantId,
                                               @QueryParameter String clientId,
                                               @QueryParameter Secret clientSecret,
                                               @QueryParameter String certificateCredentialsId,
                                               @QueryParameter String userAssignedIdType,
                                               @QueryParameter String userAssignedId,
                                               @QueryParameter String tokenFile,
                                               @QueryParameter String assertionCredentialsId,
                                               @QueryParameter String cloud,
                                               @QueryParameter String authorityHost,
                                               @QueryParameter String registrySuffix,
                                               @QueryParameter String usedOn,
                                               @QueryParameter String allowedRegistryHosts,
                                               @QueryParameter String caCertificateFile,
                                               @QueryParameter String permissions) {
            CredentialForms.checkConfigurePermission(context);
            // the scope is not taken from the request: it must never widen what the test may reach
            AcrEntraCredentials candidate = new AcrEntraCredentials(CredentialsScope.GLOBAL, null, null,
                    registry, CredentialForms.enumValue(IdentityType.class, identityType));
            candidate.setTenantId(tenantId);
            candidate.setClientId(clientId);
            candidate.setClientSecret(clientSecret);
            candidate.setCertificateCredentialsId(certificateCredentialsId);
            candidate.setUserAssignedIdType(CredentialForms.enumValue(UserAssignedIdType.class, userAssignedIdType));
            candidate.setUserAssignedId(userAssignedId);
            candidate.setTokenFile(tokenFile);
            candidate.setAssertionCredentialsId(assertionCredentialsId);
            candidate.setCloud(cloud);
            candidate.setAuthorityHost(authorityHost);
            candidate.setRegistrySuffix(registrySuffix);
            UsedOn where = CredentialForms.enumValue(UsedOn.class, usedOn);
            if (where == UsedOn.AGENT && !UsedOn.allowsAgent(candidate.getIdentityType())) {
                return CredentialForms.checkUsedOn(usedOn, identityType);
            }
            candidate.setUsedOn(where);
            candidate.setAllowedRegistryHosts(allowedRegistryHosts);
            candidate.setCaCertificateFile(caCertificateFile);
            return ConnectionTest.run(candidate.forForm(context), permissions);
        }
    }
}
