package dev.acrbridge.jenkins.credentials;

import dev.acrbridge.auth.diagnostics.InvalidConfigurationException;
import dev.acrbridge.auth.settings.FieldLabels;
import dev.acrbridge.auth.settings.LoginSettings;
import dev.acrbridge.auth.settings.SettingKey;
import java.util.Locale;
import java.util.Map;

/**
 * The credential's identity fields checked by shared-auth's settings validator: the same rules as the CLI and the
 * GitHub Action (tenant a GUID or verified domain and not {@code common}; client id a GUID; a user-assigned identity
 * a GUID or an ARM resource id). Errors name the form field ({@code tenantId}, ...), which the plugin's messages
 * turn into the form's label.
 */
final class SharedRules {
    private static final FieldLabels APP = FieldLabels.of(Map.of(
            SettingKey.TENANT_ID, "tenantId", SettingKey.CLIENT_ID, "clientId"));
    private static final FieldLabels MANAGED = FieldLabels.of(Map.of(
            SettingKey.CLIENT_ID, "userAssignedId", SettingKey.MANAGED_IDENTITY_ID_TYPE, "userAssignedIdType"));

    private SharedRules() {
    }

    /**
     * @param tenantId tenant as typed, or null
     * @param clientId client id as typed, or null
     * @throws InvalidConfigurationException naming {@code tenantId} or {@code clientId}
     */
    static void checkTenantAndClient(String tenantId, String clientId) {
        checkTenant(tenantId);
        checkClient(clientId);
    }

    /** @throws InvalidConfigurationException naming {@code tenantId} */
    static void checkTenant(String tenantId) {
        LoginSettings.builder().labels(APP).set(SettingKey.TENANT_ID, tenantId).build().tenantId();
    }

    /** @throws InvalidConfigurationException naming {@code clientId} */
    static void checkClient(String clientId) {
        LoginSettings.builder().labels(APP).set(SettingKey.CLIENT_ID, clientId).build().clientId();
    }

    /**
     * @param type how the identity is named; SYSTEM_ASSIGNED or null needs no id
     * @param id   the user-assigned identity's id as typed
     * @throws InvalidConfigurationException naming {@code userAssignedId}
     */
    static void checkManagedIdentity(UserAssignedIdType type, String id) {
        if (type == null || type == UserAssignedIdType.SYSTEM_ASSIGNED) {
            return;
        }
        if (id == null || id.isBlank()) {
            throw new InvalidConfigurationException("userAssignedId", "is empty",
                    "enter the " + type.getDisplayName() + " of the user-assigned identity");
        }
        LoginSettings.builder().labels(MANAGED).set(SettingKey.AUTH_TYPE, "managed-identity")
                .set(SettingKey.CLIENT_ID, id)
                .set(SettingKey.MANAGED_IDENTITY_ID_TYPE, type.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .build().identity();
    }
}
