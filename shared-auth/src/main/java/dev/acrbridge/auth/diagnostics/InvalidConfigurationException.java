package dev.acrbridge.auth.diagnostics;

/** A setting is missing or malformed; {@link #field()} names it. Nothing was sent anywhere. */
public class InvalidConfigurationException extends AcrAuthException {
    private static final long serialVersionUID = 1L;
    private final String field;

    /**
     * @param field   the setting's name as the user typed it ({@code AZURE_CLIENT_ID}, {@code registry})
     * @param problem what is wrong with it
     * @param fix     what to set instead
     */
    public InvalidConfigurationException(String field, String problem, String fix) {
        super(field + ": " + problem, fix, false, null);
        this.field = field;
    }

    /** @return the name of the bad or missing setting */
    public String field() {
        return field;
    }
}
