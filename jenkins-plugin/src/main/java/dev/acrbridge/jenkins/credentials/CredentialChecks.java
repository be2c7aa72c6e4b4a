package dev.acrbridge.jenkins.credentials;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.login.AuthFile;
import dev.acrbridge.auth.registry.RegistryHost;
import dev.acrbridge.auth.registry.RegistryHostTrust;
import dev.acrbridge.auth.settings.FieldLabels;
import dev.acrbridge.auth.settings.LoginSettings;
import dev.acrbridge.auth.settings.SettingKey;
import dev.acrbridge.jenkins.impl.JenkinsTerms;
import hudson.Util;
import hudson.util.FormValidation;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every check of the credential form, in one place for the inline messages ({@code doCheck*}), the refusal to save
 * an unusable credential and Test connection. The rules themselves are shared-auth's, the ones the CLI and the GitHub
 * Action apply ({@link LoginSettings}, the one settings validator, for tenant, client and managed identity ids, the
 * custom cloud and trusted hosts; {@link RegistryHostTrust} for the registry); this class only feeds them one field
 * at a time and words the answer with the form's labels.
 *
 * <p>An empty field is a problem only when {@code required}: the inline checks of an untouched form stay quiet, the
 * way Jenkins' own credential kinds do; saving and Test connection ask for everything the identity needs.
 */
final class CredentialChecks {
    /** An authority host that passes, so that the registry suffix rule can be asked on its own. */
    private static final String ANY_AUTHORITY = "https://login.microsoftonline.com";
    /** shared-auth's settings errors name the setting by its form label, in quotes, also inside their fixes. */
    private static final FieldLabels APP = labels(Map.of(SettingKey.TENANT_ID, "tenantId",
            SettingKey.CLIENT_ID, "clientId"));
    private static final FieldLabels MANAGED = labels(Map.of(SettingKey.CLIENT_ID, "userAssignedId",
            SettingKey.MANAGED_IDENTITY_ID_TYPE, "userAssignedIdType"));
    private static final FieldLabels CLOUD = labels(Map.of(SettingKey.CLOUD, "cloud",
            SettingKey.AUTHORITY_HOST, "authorityHost", SettingKey.REGISTRY_SUFFIX, "registrySuffix",
            SettingKey.ALLOWED_HOSTS, "allowedRegistryHosts"));

    private CredentialChecks() {
    }

    /**
     * One problem with one field.
     *
     * @param field   the field's name in the form ({@code tenantId})
     * @param warning true for advice the credential works without, false for an error
     * @param message what is wrong and the fix, in full sentences, without the field's label
     */
    record Problem(String field, boolean warning, String message) {
        /** @return the message for the field itself */
        FormValidation inline() {
            return warning ? FormValidation.warning(message) : FormValidation.error(message);
        }

        /** @return the message prefixed by the field's label, for lists of problems */
        String labelled() {
            return JenkinsTerms.label(field) + ": " + message;
        }
    }

    /** @return the inline answer: OK, or the problem */
    static FormValidation inline(Problem problem) {
        return problem == null ? FormValidation.ok() : problem.inline();
    }

    /**
     * @param c a credential
     * @return every problem of its fields (empty when it can be used); the identity's fields are all required
     */
    static List<Problem> all(AcrEntraCredentials c) {
        List<Problem> out = new ArrayList<>();
        Problem registry = registry(c.getRegistry(), true, c.getCloud(), c.getAuthorityHost(), c.getRegistrySuffix(),
                c.getAllowedRegistryHosts());
        add(out, registry);
        for (Problem p : identity(c)) {
            if (!p.field().equals("registry") || registry == null) {
                out.add(p);
            }
        }
        add(out, authorityHost(c.getAuthorityHost(), c.getCloud()));
        add(out, registrySuffix(c.getRegistrySuffix(), c.getCloud()));
        add(out, allowedRegistryHosts(c.getAllowedRegistryHosts()));
        add(out, caCertificateFile(c.getCaCertificateFile()));
        return out;
    }

    /**
     * What saving checks: the registry's form and the identity's fields, all required. Cloud and trust settings are
     * set after the identity and judged inline and by Test connection.
     *
     * @param c a credential
     * @return the problems (empty when the identity can be used)
     */
    static List<Problem> identity(AcrEntraCredentials c) {
        IdentityType type = c.getIdentityType();
        List<Problem> out = new ArrayList<>();
        add(out, registrySyntax(c.getRegistry()));
        add(out, tenantId(c.getTenantId(), type, true));
        add(out, clientId(c.getClientId(), type, true));
        if (type == IdentityType.SERVICE_PRINCIPAL_SECRET) {
            add(out, required("clientSecret",
                    c.getClientSecret() == null ? null : c.getClientSecret().getPlainText()));
        }
        if (type == IdentityType.SERVICE_PRINCIPAL_CERTIFICATE) {
            add(out, required("certificateCredentialsId", c.getCertificateCredentialsId()));
        }
        if (type == IdentityType.FEDERATED_TOKEN) {
            add(out, required("assertionCredentialsId", c.getAssertionCredentialsId()));
        }
        add(out, userAssignedId(c.getUserAssignedId(), c.getUserAssignedIdType(), type, true));
        add(out, tokenFile(c.getTokenFile(), type, true));
        return out;
    }

    private static Problem registrySyntax(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return new Problem("registry", false, Messages.CredentialChecks_RegistryRequired());
        }
        try {
            AuthFile.hostKey(value);
            return null;
        } catch (IllegalArgumentException e) {
            String m = e.getMessage().startsWith("registry: ") ? e.getMessage().substring(10) : e.getMessage();
            return new Problem("registry", false, JenkinsTerms.sentence(m));
        }
    }

    private static void add(List<Problem> out, Problem p) {
        if (p != null) {
            out.add(p);
        }
    }

    private static Problem required(String field, String value) {
        return Util.fixEmptyAndTrim(value) == null ? new Problem(field, false, Messages.CredentialChecks_Required())
                : null;
    }

    /** Login server: a host the chosen cloud trusts (or one listed under the trusted hosts), normalised. */
    static Problem registry(String value, boolean required, String cloud, String authorityHost, String registrySuffix,
                            String allowedHosts) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return required ? new Problem("registry", false, Messages.CredentialChecks_RegistryRequired()) : null;
        }
        RegistryHostTrust trust;
        try {
            LoginSettings cloudSettings = cloudSettings(cloud, authorityHost, registrySuffix)
                    .set(SettingKey.ALLOWED_HOSTS, allowedHosts).build();
            trust = new RegistryHostTrust(cloudSettings.cloud(), cloudSettings.allowedHosts());
        } catch (AcrAuthException e) {
            return null; // the cloud fields carry their own message; the registry cannot be judged without them
        }
        try {
            RegistryHost host = trust.resolve(v);
            String shown = host.port() == 443 ? host.host() : host.authority();
            return shown.equals(v) ? null
                    : new Problem("registry", true, Messages.CredentialChecks_RegistryNormalised(shown));
        } catch (AcrAuthException e) {
            return new Problem("registry", false, JenkinsTerms.fieldMessage(e));
        }
    }

    static Problem tenantId(String value, IdentityType type, boolean required) {
        if (type == IdentityType.MANAGED_IDENTITY) {
            return null;
        }
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return required ? new Problem("tenantId", false, Messages.CredentialChecks_TenantRequired()) : null;
        }
        return sharedRule("tenantId", () -> LoginSettings.builder().labels(APP).set(SettingKey.TENANT_ID, v).build()
                .tenantId());
    }

    static Problem clientId(String value, IdentityType type, boolean required) {
        if (type == IdentityType.MANAGED_IDENTITY) {
            return null;
        }
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return required ? new Problem("clientId", false, Messages.CredentialChecks_ClientRequired()) : null;
        }
        return sharedRule("clientId", () -> LoginSettings.builder().labels(APP).set(SettingKey.CLIENT_ID, v).build()
                .clientId());
    }

    /** A user-assigned managed identity's id, checked as the id type chosen beside it says. */
    static Problem userAssignedId(String value, UserAssignedIdType idType, IdentityType type, boolean required) {
        if (type != IdentityType.MANAGED_IDENTITY || idType == null || idType == UserAssignedIdType.SYSTEM_ASSIGNED) {
            return null;
        }
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return required ? new Problem("userAssignedId", false,
                    Messages.CredentialChecks_UserAssignedRequired(idType.getDisplayName())) : null;
        }
        return sharedRule("userAssignedId", () -> LoginSettings.builder().labels(MANAGED)
                .set(SettingKey.AUTH_TYPE, "managed-identity").set(SettingKey.CLIENT_ID, v)
                .set(SettingKey.MANAGED_IDENTITY_ID_TYPE, idType.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .build().identity());
    }

    /**
     * The token file is read on the machine that acquires the token, maybe an agent: only its form is checked here,
     * never whether it exists on the controller.
     */
    static Problem tokenFile(String value, IdentityType type, boolean required) {
        if (type != IdentityType.WORKLOAD_IDENTITY) {
            return null;
        }
        return absolutePath("tokenFile", value, required, Messages.CredentialChecks_TokenFileRequired());
    }

    static Problem caCertificateFile(String value) {
        return absolutePath("caCertificateFile", value, false, null);
    }

    private static Problem absolutePath(String field, String value, boolean required, String missing) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return required ? new Problem(field, false, missing) : null;
        }
        try {
            if (Path.of(v).isAbsolute()) {
                return null;
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        return new Problem(field, false, Messages.CredentialChecks_NotAbsolute(v));
    }

    /** Custom cloud only: an https:// authority host, as shared-auth's settings demand. */
    static Problem authorityHost(String value, String cloud) {
        if (!"custom".equals(cloud)) {
            return null;
        }
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return new Problem("authorityHost", false, Messages.CredentialChecks_AuthorityRequired());
        }
        try {
            cloudSettings(cloud, v, null).build().cloud();
            return null;
        } catch (InvalidConfigurationException e) {
            return names(e, "authorityHost") ? new Problem("authorityHost", false, JenkinsTerms.fieldMessage(e))
                    : null;
        }
    }

    /** Custom cloud only: a suffix with its leading dot; without one it still works, so this is a warning. */
    static Problem registrySuffix(String value, String cloud) {
        String v = Util.fixEmptyAndTrim(value);
        if (!"custom".equals(cloud) || v == null) {
            return null;
        }
        try {
            cloudSettings(cloud, ANY_AUTHORITY, v).build().cloud();
        } catch (InvalidConfigurationException e) {
            if (names(e, "registrySuffix")) {
                return new Problem("registrySuffix", false, JenkinsTerms.fieldMessage(e));
            }
        }
        return v.startsWith(".") ? null : new Problem("registrySuffix", true, Messages.CredentialChecks_SuffixDot(v));
    }

    /** host[:port] entries, as shared-auth's {@link RegistryHostTrust} accepts them. */
    static Problem allowedRegistryHosts(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return null;
        }
        try {
            LoginSettings.builder().labels(CLOUD).set(SettingKey.ALLOWED_HOSTS, value).build().allowedHosts();
            return null;
        } catch (InvalidConfigurationException e) {
            return new Problem("allowedRegistryHosts", false, JenkinsTerms.fieldMessage(e));
        }
    }

    /**
     * Asks shared-auth's settings rules about one field: a complaint naming {@code field} (the labels map settings to
     * form labels) is this field's problem; any other (a setting the rule needs but the form holds elsewhere) is not.
     */
    private static Problem sharedRule(String field, Runnable rule) {
        try {
            rule.run();
            return null;
        } catch (InvalidConfigurationException e) {
            return names(e, field) ? new Problem(field, false, JenkinsTerms.fieldMessage(e)) : null;
        }
    }

    private static FieldLabels labels(Map<SettingKey, String> fields) {
        return key -> fields.containsKey(key) ? JenkinsTerms.quoted(fields.get(key)) : null;
    }

    /** @return whether a shared-auth error names this form field */
    private static boolean names(InvalidConfigurationException e, String field) {
        return JenkinsTerms.quoted(field).equals(e.field());
    }

    private static LoginSettings.Builder cloudSettings(String cloud, String authorityHost, String registrySuffix) {
        String c = Util.fixEmptyAndTrim(cloud) == null ? "public" : cloud.trim();
        LoginSettings.Builder b = LoginSettings.builder().labels(CLOUD).set(SettingKey.CLOUD, c);
        if ("custom".equals(c)) {
            b.set(SettingKey.AUTHORITY_HOST, authorityHost).set(SettingKey.REGISTRY_SUFFIX, registrySuffix);
        }
        return b;
    }
}
