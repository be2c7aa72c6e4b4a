package dev.acrbridge.jenkins.impl;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.identity.IdentityKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The Jenkins face's words for what shared-auth reports. shared-auth's catalog supplies cause and fix as data, worded
 * for the CLI and the GitHub Action (settings named {@code AZURE_CLIENT_SECRET}, "the runner"); in Jenkins the same
 * advice must name the credential form's labels and say "agent". Every message the plugin shows (form answers,
 * build log lines) goes through {@link #message(AcrAuthException)}.
 */
@Restricted(NoExternalUse.class)
public final class JenkinsTerms {
    /** Setting names (form fields, CLI keys, shared-auth's own names) and the form label that edits them. */
    private static final Map<String, String> LABELS = new LinkedHashMap<>();
    /** Phrases of the CLI and Action wording, and what a Jenkins user reads instead; longest first. */
    private static final Map<String, String> PHRASES = new LinkedHashMap<>();
    private static final Pattern CLOUD = Pattern.compile("\\(cloud (public|china|usgov|custom)\\)");
    private static final Pattern SETTING = Pattern.compile("\\b(AZURE|ACR)_[A-Z_]+\\b");

    static {
        label(Messages.JenkinsTerms_Registry(), "registry", "ACR_REGISTRY", "registries");
        label(Messages.JenkinsTerms_TenantId(), "tenantId", "AZURE_TENANT_ID");
        label(Messages.JenkinsTerms_ClientId(), "clientId", "AZURE_CLIENT_ID");
        label(Messages.JenkinsTerms_ClientSecret(), "clientSecret", "AZURE_CLIENT_SECRET");
        label(Messages.JenkinsTerms_Certificate(), "certificateCredentialsId", "AZURE_CLIENT_CERTIFICATE_PATH");
        label(Messages.JenkinsTerms_UserAssignedIdType(), "userAssignedIdType", "ACR_MANAGED_IDENTITY_ID_TYPE");
        label(Messages.JenkinsTerms_UserAssignedId(), "userAssignedId");
        label(Messages.JenkinsTerms_TokenFile(), "tokenFile", "AZURE_FEDERATED_TOKEN_FILE");
        label(Messages.JenkinsTerms_AssertionCredentialsId(), "assertionCredentialsId");
        label(Messages.JenkinsTerms_Identity(), "identityType", "ACR_AUTH_TYPE");
        label(Messages.JenkinsTerms_UsedOn(), "usedOn");
        label(Messages.JenkinsTerms_Cloud(), "cloud");
        label(Messages.JenkinsTerms_AuthorityHost(), "authorityHost", "AZURE_AUTHORITY_HOST");
        label(Messages.JenkinsTerms_RegistrySuffix(), "registrySuffix");
        label(Messages.JenkinsTerms_AllowedRegistryHosts(), "allowedRegistryHosts", "allowed registry host",
                "allowed registry hosts");
        label(Messages.JenkinsTerms_CaCertificateFile(), "caCertificateFile", "trusted certificates");
        label(Messages.JenkinsTerms_Permissions(), "permissions", "needs");
        label(Messages.JenkinsTerms_Tools(), "tools");

        PHRASES.put("(ACR_MANAGED_IDENTITY_ID_TYPE says which one you gave)",
                Messages.JenkinsTerms_SaysWhich(LABELS.get("userAssignedIdType")));
        PHRASES.put("(allowed registry hosts)", "(" + quoted("allowedRegistryHosts") + ")");
        PHRASES.put("the runner's", Messages.JenkinsTerms_TheAgents());
        PHRASES.put("the runner", Messages.JenkinsTerms_TheAgent());
        PHRASES.put("runners", Messages.JenkinsTerms_Agents());
    }

    private JenkinsTerms() {
    }

    private static void label(String label, String... names) {
        for (String name : names) {
            LABELS.put(name, label);
        }
    }

    /**
     * @param field a field key, CLI setting or shared-auth setting name
     * @return the form label that edits it, or the name itself when the form has no such field
     */
    public static String label(String field) {
        return LABELS.getOrDefault(field, field);
    }

    /**
     * @param field a field key or setting name
     * @return its form label in quotes, for naming it inside a sentence
     */
    public static String quoted(String field) {
        return "\u201c" + label(field) + "\u201d";
    }

    /**
     * @param e a failure from shared-auth or the plugin
     * @return full sentences in the form's terms: the field's label (when a setting is to blame), what is wrong, then
     *         the fix
     */
    public static String message(AcrAuthException e) {
        return compose(e, true);
    }

    /**
     * @param e a failure about one form field
     * @return what is wrong and the fix, in full sentences, without the field's label (shown under the field)
     */
    public static String fieldMessage(AcrAuthException e) {
        return compose(e, false);
    }

    private static String compose(AcrAuthException e, boolean withLabel) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        String fix = e.fix();
        String cause = fix != null && text.endsWith(" Fix: " + fix)
                ? text.substring(0, text.length() - (" Fix: " + fix).length()) : text;
        if (e instanceof InvalidConfigurationException ice && cause.startsWith(ice.field() + ": ")) {
            String problem = cause.substring(ice.field().length() + 2);
            cause = withLabel ? label(ice.field()) + ": " + problem : problem;
        }
        String out = sentence(words(cause));
        return fix == null || fix.isBlank() ? out : out + " " + Messages.JenkinsTerms_Fix(sentence(words(fix)));
    }

    /**
     * @param text CLI/Action wording
     * @return the same text with setting names replaced by form labels and "runner" by "agent"
     */
    public static String words(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Map.Entry<String, String> phrase : PHRASES.entrySet()) {
            out = out.replace(phrase.getKey(), phrase.getValue());
        }
        Matcher cloud = CLOUD.matcher(out);
        StringBuilder b = new StringBuilder();
        while (cloud.find()) {
            cloud.appendReplacement(b, Matcher.quoteReplacement("(" + label("cloud") + ": " + cloudName(cloud.group(1))
                    + ")"));
        }
        cloud.appendTail(b);
        out = b.toString();
        Matcher setting = SETTING.matcher(out);
        b = new StringBuilder();
        while (setting.find()) {
            String name = setting.group();
            String replacement = LABELS.containsKey(name) ? Messages.JenkinsTerms_TheField(label(name)) : name;
            setting.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        setting.appendTail(b);
        return b.toString();
    }

    /**
     * @param kind an identity kind
     * @return the noun the credential names and build log lines use for it ("service principal"); shared-auth's own
     *         label for a kind no Jenkins credential holds
     */
    public static String identity(IdentityKind kind) {
        switch (kind) {
            case SERVICE_PRINCIPAL_SECRET: return Messages.JenkinsTerms_Kind_SERVICE_PRINCIPAL_SECRET();
            case SERVICE_PRINCIPAL_CERTIFICATE: return Messages.JenkinsTerms_Kind_SERVICE_PRINCIPAL_CERTIFICATE();
            case MANAGED_IDENTITY: return Messages.JenkinsTerms_Kind_MANAGED_IDENTITY();
            case WORKLOAD_IDENTITY: return Messages.JenkinsTerms_Kind_WORKLOAD_IDENTITY();
            case CLIENT_ASSERTION: return Messages.JenkinsTerms_Kind_CLIENT_ASSERTION();
            default: return kind.label();
        }
    }

    private static String cloudName(String cloud) {
        switch (cloud) {
            case "china": return Messages.JenkinsTerms_Cloud_china();
            case "usgov": return Messages.JenkinsTerms_Cloud_usgov();
            case "custom": return Messages.JenkinsTerms_Cloud_custom();
            default: return Messages.JenkinsTerms_Cloud_public();
        }
    }

    /**
     * @param text a clause
     * @return the clause with a capital first letter and a closing full stop
     */
    public static String sentence(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return t;
        }
        t = t.substring(0, 1).toUpperCase(Locale.ROOT) + t.substring(1);
        char last = t.charAt(t.length() - 1);
        return last == '.' || last == '!' || last == '?' ? t : t + ".";
    }
}
