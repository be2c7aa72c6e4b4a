package dev.acrbridge.jenkins.credentials;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.diagnostics.PermissionNeed;
import dev.acrbridge.auth.diagnostics.PermissionReport;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.jenkins.impl.AcrTokenService;
import dev.acrbridge.jenkins.impl.AuthSettings;
import dev.acrbridge.jenkins.impl.BuildLog;
import dev.acrbridge.jenkins.impl.IdentityMaterial;
import dev.acrbridge.jenkins.impl.JenkinsTerms;
import hudson.Util;
import hudson.util.FormValidation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;

/**
 * "Test connection": identity -> Entra token -> registry exchange on the controller, then, when the user listed
 * needs ({@code app:pull,push catalog}), the registry's answer to scoped token requests with role advice.
 *
 * <p>Answers the way Jenkins forms do: {@link FormValidation#ok} when everything works, a warning when the token
 * comes but a permission is missing (with a table of what is granted and the role to assign), an error naming every
 * problem found when it cannot work: every field problem at once, before anything is sent.
 */
final class ConnectionTest {
    private ConnectionTest() {
    }

    /**
     * @param candidate   the form's values, bound to the form's reference lookup
     * @param permissions needs to check, or blank
     * @return the answer shown under the button
     */
    static FormValidation run(AcrEntraCredentials candidate, String permissions) {
        List<String> restricted = adminOnlyFields(candidate);
        if (!restricted.isEmpty() && !Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            // nothing has been resolved, read or sent yet
            return FormValidation.error(Messages.ConnectionTest_AdminOnly(restricted.stream().map(JenkinsTerms::quoted)
                    .collect(Collectors.joining(", "))));
        }
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (CredentialChecks.Problem p : CredentialChecks.all(candidate)) {
            (p.warning() ? warnings : errors).add(p.labelled());
        }
        List<String> needs = new ArrayList<>();
        for (String need : words(permissions)) {
            try {
                needs.add(PermissionNeed.parse(need).text());
            } catch (InvalidConfigurationException e) {
                errors.add(JenkinsTerms.label("permissions") + ": " + JenkinsTerms.fieldMessage(e));
            }
        }
        if (!errors.isEmpty()) {
            return FormValidation.errorWithMarkup(paragraph(Messages.ConnectionTest_NotSent()) + list(errors)
                    + list(warnings));
        }
        String where = candidate.getUsedOn() == UsedOn.AGENT ? paragraph(Messages.ConnectionTest_RanOnController())
                : "";
        try {
            IdentityMaterial identity = candidate.identityMaterial();
            AuthSettings settings = candidate.authSettings();
            AcrTokenService service = AcrTokenService.get();
            RegistryCredential credential = service.credential(settings, identity, candidate.getRegistry());
            String success = paragraph(BuildLog.describe(credential)) + where + list(warnings);
            if (needs.isEmpty()) {
                return warnings.isEmpty() ? FormValidation.okWithMarkup(success)
                        : FormValidation.warningWithMarkup(success);
            }
            PermissionReport report = service.checkPermissions(settings, identity, candidate.getRegistry(), needs);
            String html = success + permissionTable(report);
            return report.sufficient() && warnings.isEmpty() ? FormValidation.okWithMarkup(html)
                    : FormValidation.warningWithMarkup(html);
        } catch (AcrAuthException e) {
            return FormValidation.errorWithMarkup(paragraph(JenkinsTerms.message(e)) + where + list(warnings));
        } catch (IOException e) {
            return FormValidation.errorWithMarkup(paragraph(Messages.ConnectionTest_Io(e.getMessage())) + where);
        }
    }

    /**
     * What the test runs on the controller and what decides where secrets go: a custom authority host and
     * registry suffix (where the client secret, assertion or Entra token is sent), extra trusted registry hosts
     * (where the registry token is sent), the CA file and the token file (controller files), and the controller's
     * managed identity. The form test runs on the controller even for credentials used on agents.
     */
    static List<String> adminOnlyFields(AcrEntraCredentials c) {
        List<String> fields = new ArrayList<>();
        if ("custom".equals(c.getCloud()) || c.getAuthorityHost() != null || c.getRegistrySuffix() != null) {
            fields.add("authorityHost");
            fields.add("registrySuffix");
        }
        if (c.getAllowedRegistryHosts() != null) {
            fields.add("allowedRegistryHosts");
        }
        if (c.getCaCertificateFile() != null) {
            fields.add("caCertificateFile");
        }
        if (c.getIdentityType() == IdentityType.WORKLOAD_IDENTITY) {
            fields.add("tokenFile");
        }
        if (c.getIdentityType() == IdentityType.MANAGED_IDENTITY) {
            fields.add("identityType");
        }
        return fields;
    }

    /** Needs are separated by white space; each is parsed (and refused with the syntax) by shared-auth. */
    private static List<String> words(String permissions) {
        List<String> out = new ArrayList<>();
        if (permissions != null) {
            for (String need : permissions.trim().split("\\s+")) {
                if (!need.isEmpty()) {
                    out.add(need);
                }
            }
        }
        return out;
    }

    /** One row per need: what it asks, OK or MISSING with what is missing, and the role that grants it. */
    static String permissionTable(PermissionReport report) {
        StringBuilder b = new StringBuilder();
        b.append(paragraph(Messages.ConnectionTest_Permissions(report.identity(), report.loginServer())));
        b.append("<table class=\"jenkins-table jenkins-table--small acr-permissions\"><thead><tr><th>")
                .append(Util.escape(Messages.ConnectionTest_Column_Need())).append("</th><th>")
                .append(Util.escape(Messages.ConnectionTest_Column_Result())).append("</th><th>")
                .append(Util.escape(Messages.ConnectionTest_Column_Role())).append("</th></tr></thead><tbody>");
        for (PermissionReport.Line line : report.lines()) {
            PermissionNeed need = line.need();
            String needed = need.type().equals("registry") ? Messages.ConnectionTest_Catalog()
                    : Messages.ConnectionTest_Repository(need.name(), String.join(", ", need.actions()));
            String result = line.satisfied() ? Messages.ConnectionTest_Ok()
                    : Messages.ConnectionTest_Missing(String.join(", ", new TreeSet<>(line.missing())));
            b.append("<tr><td>").append(Util.escape(needed)).append("</td><td><strong>").append(Util.escape(result))
                    .append("</strong></td><td>")
                    .append(line.satisfied() ? "" : Util.escape(Util.fixNull(line.advice()))).append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private static String paragraph(String text) {
        return "<p>" + Util.escape(text) + "</p>";
    }

    private static String list(List<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<ul>");
        for (String item : items) {
            b.append("<li>").append(Util.escape(item)).append("</li>");
        }
        return b.append("</ul>").toString();
    }
}
