package dev.acrbridge.jenkins.credentials;

import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import java.util.Locale;

/**
 * The name Jenkins shows for an ACR credential in the credentials list, the credential page title and every
 * credentials drop-down: registry, identity and its public id, then the description, e.g.
 * {@code contoso.azurecr.io, service principal 1234abcd… (release pushes)}. The username (always the null GUID) tells
 * two ACR credentials apart no better than the masked password does.
 */
public final class AcrEntraCredentialsNameProvider extends CredentialsNameProvider<AcrEntraCredentials> {
    /** Enough of a GUID to tell identities apart at a glance; the full id is on the credential's page. */
    private static final int ID_PREFIX = 8;

    @NonNull
    @Override
    public String getName(@NonNull AcrEntraCredentials c) {
        StringBuilder name = new StringBuilder();
        name.append(c.getRegistry() == null ? Messages.AcrEntraCredentials_NoRegistry() : c.getRegistry());
        name.append(", ").append(identity(c));
        String description = Util.fixEmptyAndTrim(c.getDescription());
        if (description != null) {
            name.append(" (").append(description).append(')');
        }
        return name.toString();
    }

    private static String identity(AcrEntraCredentials c) {
        IdentityType type = c.getIdentityType();
        String noun = type.getShortName();
        if (type == IdentityType.MANAGED_IDENTITY) {
            UserAssignedIdType which = c.getUserAssignedIdType();
            if (which == null || which == UserAssignedIdType.SYSTEM_ASSIGNED || c.getUserAssignedId() == null) {
                return Messages.AcrEntraCredentials_Name_SystemAssigned(noun);
            }
            return Messages.AcrEntraCredentials_Name_UserAssigned(noun, shortId(c.getUserAssignedId()));
        }
        return c.getClientId() == null ? noun : noun + " " + shortId(c.getClientId());
    }

    /** A GUID shortened to its first group; a resource id to its last segment (the identity's name). */
    static String shortId(String id) {
        String v = id.trim();
        if (v.toLowerCase(Locale.ROOT).startsWith("/subscriptions/")) {
            return v.substring(v.lastIndexOf('/') + 1);
        }
        return v.length() > ID_PREFIX + 1 ? v.substring(0, ID_PREFIX) + "\u2026" : v;
    }
}
