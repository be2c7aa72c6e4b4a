package dev.acrbridge.auth.login;

import dev.acrbridge.auth.diagnostics.AcrAuthException;

/** A client's own login command ({@code docker login}, {@code helm registry login}) failed. */
public class ClientLoginException extends AcrAuthException {
    private static final long serialVersionUID = 1L;

    /**
     * @param cause what failed, including the client's (masked) output
     * @param fix   what to do about it
     */
    public ClientLoginException(String cause, String fix) {
        super(cause, fix, false, null);
    }
}
