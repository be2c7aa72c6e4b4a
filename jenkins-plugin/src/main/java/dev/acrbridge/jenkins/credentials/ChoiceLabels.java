package dev.acrbridge.jenkins.credentials;

import org.jvnet.localizer.ResourceBundleHolder;

/**
 * The form's words for the credential's choices (identity type, which managed identity, where the token is
 * acquired): the key {@code EnumName.CONSTANT} of this package's Messages.properties, read through the same holder
 * the generated {@code Messages} class uses, so a new constant needs only its line there.
 */
final class ChoiceLabels {
    private static final ResourceBundleHolder MESSAGES = ResourceBundleHolder.get(Messages.class);

    private ChoiceLabels() {
    }

    /**
     * @param choice a constant of one of the credential's enums
     * @return its label in the current locale
     */
    static String of(Enum<?> choice) {
        return MESSAGES.format(choice.getDeclaringClass().getSimpleName() + "." + choice.name());
    }
}
