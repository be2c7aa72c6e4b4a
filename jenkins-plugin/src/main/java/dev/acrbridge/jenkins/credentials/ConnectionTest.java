package dev.acrbridge.jenkins.credentials;

import dev.acrbridge.auth.diagnostics.AcrAuthException;
import dev.acrbridge.auth.diagnostics.PermissionReport;
import dev.acrbridge.auth.registry.RegistryCredential;
import dev.acrbridge.jenkins.impl.AcrTokenService;
import dev.acrbridge.jenkins.impl.AuthSettings;
import dev.acrbridge.jenkins.impl.BuildLog;
import dev.acrbridge.jenkins.impl.IdentityMaterial;
import hudson.Util;
import hudson.util.FormValidation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * "Test connection": identity -> Entra token -> registry exchange on the controller, then, when the user listed
 * needs ({@code app:pull,push catalog}), the registry's answer to scoped token requests with role advice.
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
        if (candidate.getRegistry() == null) {
            return FormValidation.error(Messages.CredentialForms_RegistryRequired());
        }
        List<String> restricted = adminOnlyFields(candidate);
        if (!restricted.isEmpty() && !Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            // nothing has been resolved, read or sent yet
            return FormValidation.error(Messages.ConnectionTest_AdminOnly(String.join(", ", restricted)));
        }
        String where = candidate.getUsedOn() == UsedOn.AGENT ? Messages.ConnectionTest_RanOnController() + "\n" : "";
        try {
            IdentityMaterial identity = candidate.identityMaterial();
            AuthSettings settings = candidate.authSettings();
            AcrTokenService service = AcrTokenService.get();
            RegistryCredential credential = service.credential(settings, identity, candidate.getRegistry());
            String success = where + BuildLog.describe(credential);
            List<String> needs = needs(permissions);
            if (needs.isEmpty()) {
                return FormValidation.ok(success);
            }
            PermissionReport report = service.checkPermissions(settings, identity, candidate.getRegistry(), needs);
            String text = success + "\n" + report.summary();
            return report.sufficient() ? pre(FormValidation.Kind.OK, text) : pre(FormValidation.Kind.WARNING, text);
        } catch (AcrAuthException e) {
            return pre(FormValidation.Kind.ERROR, where + e.getMessage());
        } catch (IOException e) {
            return FormValidation.error(where + e.getMessage());
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
    private static List<String> needs(String permissions) {
        List<String> needs = new ArrayList<>();
        if (permissions != null) {
            for (String need : permissions.trim().split("\\s+")) {
                if (!need.isEmpty()) {
                    needs.add(need);
                }
            }
        }
        return needs;
    }

    private static FormValidation pre(FormValidation.Kind kind, String text) {
        return FormValidation.respond(kind, "<pre>" + Util.escape(text) + "</pre>");
    }
}
