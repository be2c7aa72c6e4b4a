package dev.acrbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.acrbridge.testsvc.LocalAzure;
import org.junit.jupiter.api.Test;

/** The benchmark's stampede as a CI check: 200 concurrent cold lookups make exactly one Entra call and one exchange. */
class StampedeTest {
    @Test
    void twoHundredConcurrentCallersShareOneEntraCallAndOneExchange() throws Exception {
        try (LocalAzure svc = LocalAzure.start(LocalAzure.Options.defaults().threads(32))) {
            Stampede s = Stampede.run(svc, svc.registryHost(), 200);
            System.out.printf("stampede: %d callers -> %d Entra, %d /v2/, %d exchange, %d distinct token(s), %.0f ms%n",
                    s.callers(), s.entraCalls(), s.challenges(), s.exchanges(), s.distinct(), s.millis());
            assertEquals(0, s.failures(), "every caller gets a credential");
            assertEquals(1, s.entraCalls(), "one Entra call");
            assertEquals(1, s.exchanges(), "one exchange");
            assertEquals(1, s.challenges(), "one challenge");
            assertEquals(1, s.distinct(), "everyone shares the one refresh token");
        }
    }
}
