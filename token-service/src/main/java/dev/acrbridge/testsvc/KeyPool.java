package dev.acrbridge.testsvc;

import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RSA key pairs reused per JVM and purpose: generating 2048-bit keys costs ~0.1 s each, and tests start many
 * services. Test-only, so sharing keys between instances is harmless.
 */
final class KeyPool {
    private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

    private KeyPool() {
    }

    static KeyPair get(String purpose) {
        return KEYS.computeIfAbsent(purpose, p -> Certificates.rsaKeyPair());
    }
}
