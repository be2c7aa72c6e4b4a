package dev.acrbridge.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of bad input fails the main step with an error that names the input and what is allowed, before anything
 * is written: no output, no exported variable, no state, no PATH entry, nothing in RUNNER_TEMP.
 */
class BadInputTest {
    private static final String SECRET = "s3cr3t-Value~with%odd\"chars";

    @TempDir
    Path tmp;

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(List.of("registries", ""), "registries: required"),
                Arguments.of(List.of("registries", "contoso.azurecr.io/app"), "registries: 'contoso.azurecr.io/app' is neither"),
                Arguments.of(List.of("registries", "http://contoso.azurecr.io"), "https only"),
                Arguments.of(List.of("registries", "ab"), "5-50 letters and digits"),
                Arguments.of(List.of("auth-type", "password"), "auth-type: unknown value 'password'; allowed: auto, oidc, "
                        + "service-principal, certificate, managed-identity, admin, token"),
                Arguments.of(List.of("tools", "docker,nerdctl"), "tools: unknown value 'nerdctl'; allowed: docker, podman, helm"),
                Arguments.of(List.of("tools", " , "), "tools: empty; allowed: docker, podman, helm"),
                Arguments.of(List.of("credential-helper", "yes"), "credential-helper: 'yes' is not a boolean; allowed: true, false"),
                Arguments.of(List.of("expose-token", "1"), "expose-token: '1' is not a boolean; allowed: true, false"),
                Arguments.of(List.of("cloud", "germany"), "cloud: unknown value 'germany'; allowed: public"),
                Arguments.of(List.of("authority-host", "http://login.example"), "authority-host: 'http://login.example' is not an https URL"),
                Arguments.of(List.of("ca-certificates", "/no/such/ca.pem"), "ca-certificates: '/no/such/ca.pem' is not a readable file"),
                Arguments.of(List.of("trusted-registry-hosts", "https://x.example/"), "trusted-registry-hosts: 'https://x.example/' is not host[:port]"),
                Arguments.of(List.of("check-permissions", "app:write"), "check-permissions: 'app:write': unknown action 'write'"),
                Arguments.of(List.of("tenant-id", "my tenant"), "tenant-id: 'my tenant' is neither a GUID nor a domain"),
                Arguments.of(List.of("auth-type", "service-principal", "tenant-id", "contoso.onmicrosoft.com"),
                        "client-id: required for auth-type service-principal"),
                Arguments.of(List.of("auth-type", "service-principal", "tenant-id", "contoso.onmicrosoft.com",
                        "client-id", "app"), "client-secret: required for auth-type service-principal"),
                Arguments.of(List.of("auth-type", "token", "password", SECRET), "username: required for auth-type token"),
                // found by shared-auth's settings model, which names the input (InputSettings.LABELS)
                Arguments.of(List.of("tenant-id", "contoso.onmicrosoft.com", "client-id", "my-app", "client-secret",
                        SECRET), "client-id: 'my-app' is not a GUID"),
                Arguments.of(List.of("auth-type", "managed-identity", "client-id", "my-identity"),
                        "client-id: 'my-identity' is not a GUID"),
                Arguments.of(List.of("auth-type", "admin"), "password: required for auth-type admin"),
                Arguments.of(List.of("auth-type", "admin", "username", "u", "password", SECRET, "proxy",
                        "socks5://proxy.example:1080"), "proxy: uses socks5://proxy.example:1080, but only http://"),
                Arguments.of(List.of("auth-type", "managed-identity", "client-secret", SECRET),
                        "client-secret: not used by auth-type managed-identity"),
                Arguments.of(List.of("auth-type", "certificate", "tenant-id", "contoso.onmicrosoft.com", "client-id", "app",
                        "client-certificate", SECRET), "client-certificate: neither PEM content"),
                Arguments.of(List.of("auth-type", "certificate", "tenant-id", "contoso.onmicrosoft.com", "client-id", "app",
                        "client-certificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"),
                        "client-certificate: the PEM content needs both the private key and the certificate"),
                Arguments.of(List.of("registries", "one.azurecr.io,two.azurecr.io", "expose-token", "true"),
                        "expose-token: true needs exactly one registry"),
                Arguments.of(List.of("auth-type", "admin", "password", SECRET, "credential-helper", "true"),
                        "credential-helper: true needs an Entra identity"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInputs")
    void failsNamingTheInputAndWritesNothing(List<String> given, String expected) throws IOException {
        RunnerJob job = new RunnerJob(tmp);
        job.input("registries", "contoso");
        for (int i = 0; i < given.size(); i += 2) {
            job.input(given.get(i), given.get(i + 1));
        }
        RunnerJob.Step step = job.runInProcess(ActionMain.Phase.MAIN);
        assertEquals(1, step.exitCode(), step.stdout());
        assertTrue(step.errors().stream().anyMatch(l -> l.contains(expected)),
                "expected an ::error:: containing <" + expected + "> in\n" + step.stdout());
        assertTrue(job.nothingWritten(), "file commands were written for bad input");
        try (Stream<Path> leftovers = Files.list(job.runnerTemp)) {
            assertEquals(List.of(), leftovers.toList(), "RUNNER_TEMP must stay empty");
        }
        assertNoSecretOutsideMasks(step.stdout());
    }

    @Test
    void oidcWithoutIdTokenPermissionSaysExactlyWhatToAdd() throws IOException {
        RunnerJob job = new RunnerJob(tmp).input("registries", "contoso").input("auth-type", "oidc")
                .input("tenant-id", "72f988bf-86f1-41af-91ab-2d7cd011db47").input("client-id", "app");
        RunnerJob.Step step = job.runJava(ActionMain.Phase.MAIN);
        assertEquals(1, step.exitCode());
        String error = String.join("\n", step.errors());
        assertTrue(error.contains("Add `permissions: id-token: write` to the job"), error);
        assertTrue(error.contains("ACTIONS_ID_TOKEN_REQUEST_URL"), error);
        assertTrue(job.nothingWritten());
    }

    @Test
    void autoWithATenantButNoIdTokenIsTheMissingPermissionNotAManagedIdentity() throws IOException {
        RunnerJob job = new RunnerJob(tmp).input("registries", "contoso")
                .input("tenant-id", "72f988bf-86f1-41af-91ab-2d7cd011db47").input("client-id", "app");
        RunnerJob.Step step = job.runInProcess(ActionMain.Phase.MAIN);
        assertEquals(1, step.exitCode());
        assertTrue(step.errors().stream().anyMatch(l -> l.contains("auth-type oidc: ")
                && l.contains("permissions: id-token: write")), step.stdout());
    }

    @Test
    void reportsEveryProblemAtOnce() throws IOException {
        RunnerJob job = new RunnerJob(tmp).input("registries", "").input("tools", "kubectl")
                .input("auth-type", "sso").input("expose-token", "maybe");
        RunnerJob.Step step = job.runInProcess(ActionMain.Phase.MAIN);
        assertEquals(1, step.exitCode());
        assertEquals(4, step.errors().size(), step.stdout());
    }

    @Test
    void secretInputsAreMaskedBeforeAnyOtherLine() throws IOException {
        RunnerJob job = new RunnerJob(tmp).input("registries", "contoso").input("auth-type", "token")
                .input("password", SECRET);
        RunnerJob.Step step = job.runInProcess(ActionMain.Phase.MAIN);
        assertEquals(1, step.exitCode());
        List<String> lines = step.stdout().lines().toList();
        assertTrue(lines.get(0).startsWith("::add-mask::"), step.stdout());
        assertTrue(step.stdout().contains("::add-mask::" + WorkflowCommands.escapeData(SECRET) + "\n"), step.stdout());
        assertNoSecretOutsideMasks(step.stdout());
    }

    private static void assertNoSecretOutsideMasks(String stdout) {
        stdout.lines().filter(l -> !l.startsWith("::add-mask::"))
                .forEach(l -> assertFalse(l.contains(SECRET), "secret printed: " + l));
    }
}
