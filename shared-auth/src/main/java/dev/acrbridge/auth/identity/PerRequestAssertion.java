package dev.acrbridge.auth.identity;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Wraps an assertion source for azure-identity's ClientAssertionCredential so that the source is asked exactly
 * once per Entra token request. azure-identity 1.19 also calls the supplier once while it builds its msal4j
 * application, and never sends that value (every request carries a freshly supplied one). Answering that first
 * call with a placeholder keeps OIDC endpoints from minting a token nobody uses. If a later library version did
 * send it, Entra would reject it loudly (invalid assertion) and the assertion tests would catch it.
 */
final class PerRequestAssertion implements Supplier<String> {
    static final String BUILD_PLACEHOLDER = "unused.placeholder.assertion";
    private final Supplier<String> source;
    private final AtomicBoolean built = new AtomicBoolean();

    PerRequestAssertion(Supplier<String> source) {
        this.source = source;
    }

    @Override
    public String get() {
        return built.compareAndSet(false, true) ? BUILD_PLACEHOLDER : source.get();
    }
}
