package dev.acrbridge.jenkins.credentials;

import java.util.ArrayList;
import java.util.List;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The identity part of the credential form. The form asks two questions with radio blocks, so that only the chosen
 * identity's fields are shown and submitted: an app registration ({@value #APP}: tenant, client id, then how it proves
 * itself, {@value #APP_CREDENTIAL}) or a managed identity. The credential itself keeps one flat
 * {@code identityType} and its fields, as JCasC, the Java API and stored credentials know them; this class maps one
 * onto the other.
 */
final class IdentityForm {
    /** Value of the outer radio group for every identity with a tenant and a client id. */
    static final String APP = "APP";
    /** Name of the inner radio group: how the app registration proves itself. */
    static final String APP_CREDENTIAL = "appCredential";
    private static final String GROUP = "identityType";

    private IdentityForm() {
    }

    /**
     * Turns {@code identityType: {value: APP, tenantId, ..., appCredential: {value: SERVICE_PRINCIPAL_SECRET,
     * clientSecret}}} into {@code identityType: SERVICE_PRINCIPAL_SECRET, tenantId, ..., clientSecret}, in place (a
     * fallback binding of the same object then sees the same fields). When the blocks were not grouped (the form
     * inside "New credentials"' kind drop-down) the outer value {@value #APP} is replaced by the inner one. Flat input
     * (REST, scripts) is left alone.
     *
     * @param form the credential's JSON from a form submission
     */
    static void flatten(JSONObject form) {
        Object group = form.get(GROUP);
        if (APP.equals(group)) {
            // the radio blocks were not grouped (the form sits inside another grouping, as in "New credentials"):
            // every block's fields came flat, and the constructor keeps only those of the chosen identity
            Object proof = form.remove(APP_CREDENTIAL);
            form.put(GROUP, proof instanceof String p && !p.isEmpty() ? p
                    : IdentityType.SERVICE_PRINCIPAL_SECRET.name());
            return;
        }
        if (!(group instanceof JSONObject chosen)) {
            form.remove(APP_CREDENTIAL);
            return;
        }
        String value = chosen.optString("value", null);
        String type = value;
        List<JSONObject> levels = new ArrayList<>();
        levels.add(chosen);
        if (chosen.get(APP_CREDENTIAL) instanceof JSONObject proof) {
            type = proof.optString("value", null);
            levels.add(proof);
        }
        form.remove(GROUP);
        for (JSONObject level : levels) {
            for (Object key : level.keySet()) {
                String k = String.valueOf(key);
                if (!k.equals("value") && !k.equals(APP_CREDENTIAL)) {
                    form.accumulate(k, level.get(k));
                }
            }
        }
        form.put(GROUP, APP.equals(value) ? type : value);
    }

    /**
     * @param identityType  the outer group's value ({@value #APP} or {@code MANAGED_IDENTITY}), or an identity type
     *                      as REST and scripts send it
     * @param appCredential the inner group's value
     * @return the identity type meant; service principal with a client secret when nothing says otherwise
     */
    static IdentityType type(String identityType, String appCredential) {
        IdentityType direct = CredentialForms.enumValue(IdentityType.class, identityType);
        if (direct != null) {
            return direct;
        }
        IdentityType proof = CredentialForms.enumValue(IdentityType.class, appCredential);
        return proof != null && proof.needsTenantAndClient() ? proof : IdentityType.SERVICE_PRINCIPAL_SECRET;
    }

    /**
     * For the Test connection button, whose request carries {@value #APP_CREDENTIAL} next to {@code identityType}
     * (read here rather than as a parameter, so the method keeps the signature REST callers and tests use).
     *
     * @param identityType the {@code identityType} parameter
     * @return the identity type meant
     */
    static IdentityType typeOfRequest(String identityType) {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        return type(identityType, req == null ? null : req.getParameter(APP_CREDENTIAL));
    }

    /**
     * @param instance the credential being edited, or null for a new one
     * @param value    a radio button's value
     * @return whether that radio button starts checked
     */
    static boolean checked(AcrEntraCredentials instance, String value) {
        IdentityType type = instance == null ? IdentityType.SERVICE_PRINCIPAL_SECRET : instance.getIdentityType();
        return APP.equals(value) ? type.needsTenantAndClient() : type.name().equals(value);
    }
}
