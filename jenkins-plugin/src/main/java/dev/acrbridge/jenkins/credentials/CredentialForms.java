package dev.acrbridge.jenkins.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.login.AuthFile;
import hudson.Util;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Choices, checks and permission gates behind the credential form; the descriptor only delegates here. */
final class CredentialForms {
    private CredentialForms() {
    }

    static ListBoxModel cloudItems() {
        ListBoxModel m = new ListBoxModel();
        m.add(Messages.Cloud_public(), "public");
        m.add(Messages.Cloud_china(), "china");
        m.add(Messages.Cloud_usgov(), "usgov");
        m.add(Messages.Cloud_custom(), "custom");
        return m;
    }

    static ListBoxModel certificateItems(Item context, String current) {
        return referenceItems(context, current, StandardCertificateCredentials.class);
    }

    static ListBoxModel tokenItems(Item context, String current) {
        return referenceItems(context, current, StringCredentials.class);
    }

    /**
     * What the user editing the form may use in its context, the same set {@link ReferenceLookup#forForm} accepts:
     * the user's own credentials, the context's (never SYSTEM-scoped) when the user has
     * {@link CredentialsProvider#USE_ITEM} there; the Jenkins-wide store's form is for administrators.
     */
    private static ListBoxModel referenceItems(Item context, String current,
                                               Class<? extends StandardCredentials> type) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (!canConfigure(context)) {
            model.includeCurrentValue(Util.fixNull(current));
            return model;
        }
        model.includeEmptyValue();
        if (context == null) {
            model.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), type, List.of(), CredentialsMatchers.always());
        } else {
            model.includeMatchingAs(Jenkins.getAuthentication2(), context, type, List.of(),
                    CredentialsMatchers.always());
            if (context.hasPermission(CredentialsProvider.USE_ITEM)) {
                model.includeMatchingAs(ACL.SYSTEM2, context, type, List.of(), CredentialsMatchers.always());
            }
        }
        return model.includeCurrentValue(Util.fixNull(current));
    }

    static FormValidation checkRegistry(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.error(Messages.CredentialForms_RegistryRequired());
        }
        try {
            String host = AuthFile.hostKey(value);
            return host.equals(value.trim()) ? FormValidation.ok()
                    : FormValidation.warning(Messages.CredentialForms_RegistryNormalised(host));
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /**
     * @param value        the tenant or client id as typed
     * @param identityType the identity type chosen in the form
     * @param rule         the shared rule for the field
     * @return required unless managed identity; then the CLI's and action's rule
     */
    static FormValidation checkTenantOrClient(String value, String identityType, Consumer<String> rule) {
        IdentityType type = enumValue(IdentityType.class, identityType);
        if (type != null && !type.needsTenantAndClient()) {
            return FormValidation.ok();
        }
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.error(Messages.CredentialForms_Required(type == null ? "" : type.getDisplayName()));
        }
        return shared(() -> rule.accept(value));
    }

    /** @return an error naming the rule's problem and fix, or OK */
    static FormValidation shared(Runnable rule) {
        try {
            rule.run();
            return FormValidation.ok();
        } catch (InvalidConfigurationException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** Only the agent's own identity (managed or workload identity) may be used on an agent. */
    static FormValidation checkUsedOn(String value, String identityType) {
        IdentityType type = enumValue(IdentityType.class, identityType);
        if (enumValue(UsedOn.class, value) != UsedOn.AGENT || type == null || UsedOn.allowsAgent(type)) {
            return FormValidation.ok();
        }
        return FormValidation.error(Messages.UsedOn_AgentNotAllowed("", type.getDisplayName()) + ". "
                + Messages.UsedOn_AgentNotAllowedFix());
    }

    /** Test connection and lists: {@link Item#CONFIGURE} in a folder or job, {@link Jenkins#ADMINISTER} globally. */
    static void checkConfigurePermission(Item context) {
        if (context == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            context.checkPermission(Item.CONFIGURE);
        }
    }

    static boolean canConfigure(Item context) {
        return context == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : context.hasPermission(Item.CONFIGURE);
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
