package dev.acrbridge.action;

import dev.acrbridge.auth.cache.FileCredentialStore;
import dev.acrbridge.credhelper.HelperSettings;
import dev.acrbridge.settings.AuthSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Credential-helper mode: docker (and podman, helm) run {@code docker-credential-acr-login get} for every registry
 * request, which mints or reuses a fresh token. This writes the helper's identity settings into a 0600 file in the
 * isolated directory, one per registry (not into the job's environment), and a launcher on PATH that points the
 * helper at them and at a token cache in the same directory, so the post step removes all of it.
 */
final class CredentialHelperSetup {
    /** The launcher's name: docker runs {@code docker-credential-<helper name>}. */
    static final String LAUNCHER = "docker-credential-" + LoginStep.HELPER_NAME;
    /** The CLI's entry point; {@code acr-login credential-helper <action>} speaks the helper protocol. */
    private static final List<String> HELPER_MAIN = List.of("dev.acrbridge.cli.AcrLogin", "credential-helper");

    private final IsolatedConfig dir;
    private final RunnerEnvironment env;

    CredentialHelperSetup(IsolatedConfig dir, RunnerEnvironment env) {
        this.dir = dir;
        this.env = env;
    }

    /**
     * @param byRegistry per login server, the settings the main step logged in to it with (identity, cloud, trust)
     * @throws IOException when the files cannot be written
     */
    void install(Map<String, AuthSettings> byRegistry) throws IOException {
        // only the identity, cloud and trust settings, per registry (paths made absolute and checked, all before
        // anything is written): never the rest of the job's environment
        Map<String, Map<String, String>> portable = new LinkedHashMap<>();
        byRegistry.forEach((registry, settings) -> portable.put(registry, HelperSettings.portable(settings)));
        HelperSettings helper = new HelperSettings(dir.root().resolve("helper"));
        for (Map.Entry<String, Map<String, String>> e : portable.entrySet()) {
            helper.write(e.getKey(), e.getValue());
        }
        Path settingsDir = helper.directory();
        Files.createDirectories(dir.binDir());
        List<String> command = javaCommand();
        if (isWindows()) {
            write(dir.binDir().resolve(LAUNCHER + ".cmd"), windowsLauncher(command, settingsDir));
        } else {
            Path launcher = dir.binDir().resolve(LAUNCHER);
            write(launcher, posixLauncher(command, settingsDir));
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** java and the class path: from the node shim (ACR_LOGIN_JAVA, ACR_LOGIN_JAR), else this very JVM. */
    private List<String> javaCommand() {
        String java = env.get("ACR_LOGIN_JAVA");
        if (java == null) {
            java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        String classPath = env.get("ACR_LOGIN_JAR");
        if (classPath == null) {
            classPath = System.getProperty("java.class.path");
        }
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath));
        command.addAll(HELPER_MAIN);
        return command;
    }

    private String posixLauncher(List<String> command, Path settingsDir) {
        StringBuilder b = new StringBuilder("#!/bin/sh\n")
                .append("# docker credential helper for this job only; the acr-login post step removes it\n")
                .append(HelperSettings.DIR_VARIABLE).append('=').append(shellQuote(settingsDir.toString()))
                .append(' ').append(FileCredentialStore.DIR_VARIABLE).append('=')
                .append(shellQuote(dir.cacheDir().toString())).append(" exec");
        command.forEach(arg -> b.append(' ').append(shellQuote(arg)));
        return b.append(" \"$@\"\n").toString();
    }

    private String windowsLauncher(List<String> command, Path settingsDir) {
        StringBuilder b = new StringBuilder("@echo off\r\n")
                .append("rem docker credential helper for this job only; the acr-login post step removes it\r\n")
                .append("setlocal\r\n")
                .append("set \"").append(HelperSettings.DIR_VARIABLE).append('=').append(settingsDir).append("\"\r\n")
                .append("set \"").append(FileCredentialStore.DIR_VARIABLE).append('=').append(dir.cacheDir())
                .append("\"\r\n");
        command.forEach(arg -> b.append('"').append(arg).append("\" "));
        return b.append("%*\r\n").toString();
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static boolean isWindows() {
        return System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }
}
