package dev.acrbridge.auth.settings;

import java.util.Map;

/**
 * How a face names a setting to its user, so that an error says the field the user typed: the CLI's
 * {@code --tenant-id}, the action's {@code tenant-id}, the Jenkins form's "Directory (tenant) ID". A face answers
 * null for a setting it did not take from its user; the error then names the variable the value came from.
 */
@FunctionalInterface
public interface FieldLabels {
    /**
     * @param key a setting
     * @return the face's name for it, or null to name the environment variable
     */
    String label(SettingKey key);

    /** @return labels that name the environment variables (the default) */
    static FieldLabels variables() {
        return key -> null;
    }

    /**
     * @param labels the face's name per setting; settings not in the map are named by their variable
     * @return the labels
     */
    static FieldLabels of(Map<SettingKey, String> labels) {
        Map<SettingKey, String> copy = Map.copyOf(labels);
        return copy::get;
    }
}
