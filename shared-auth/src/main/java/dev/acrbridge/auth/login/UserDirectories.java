package dev.acrbridge.auth.login;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where clients look by default, from the variables they read themselves (never the JVM's view alone). */
public final class UserDirectories {
    private UserDirectories() {
    }

    /** @return the path {@code env} sets in {@code variable}, unless unset or blank */
    static Optional<Path> configured(Map<String, String> env, String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** @return {@code $HOME}, else the JVM's {@code user.home} */
    static Path home(Map<String, String> env) {
        return configured(env, "HOME").orElseGet(() -> Path.of(System.getProperty("user.home")));
    }

    /**
     * @param env the variables the user's tools read
     * @return {@code $XDG_CONFIG_HOME}, else {@code ~/.config}: where helm and containers/image read config
     */
    public static Path configHome(Map<String, String> env) {
        return configured(env, "XDG_CONFIG_HOME").orElseGet(() -> home(env).resolve(".config"));
    }
}
