package dev.acrbridge.auth.login;

import java.nio.file.Path;

/** A separate process that writes entries into a shared auth file, for the multi-process test. */
public final class AuthFileWriterProcess {
    private AuthFileWriterProcess() {
    }

    /** @param args auth file, host prefix, number of entries */
    public static void main(String[] args) throws Exception {
        AuthFile auth = new AuthFile(Path.of(args[0]));
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            auth.putCredential(LoginFixtures.refreshToken(args[1] + "-" + i + ".azurecr.io", "rt-" + i), false);
        }
    }
}
