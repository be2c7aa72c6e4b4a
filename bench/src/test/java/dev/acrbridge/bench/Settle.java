package dev.acrbridge.bench;

import dev.acrbridge.testsvc.LocalAzure;
import dev.acrbridge.testsvc.LoggedRequest;
import java.time.Duration;
import java.util.List;

/** Reads the request log once it has stopped growing (a request is logged as its answer leaves). */
final class Settle {
    private Settle() {
    }

    /** @return the log after it has not grown for 150 ms (waiting at most 3 s) */
    static List<LoggedRequest> requests(LocalAzure svc) {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        List<LoggedRequest> last = svc.requests();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - stableSince < Duration.ofMillis(150).toNanos()) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            List<LoggedRequest> now = svc.requests();
            if (now.size() != last.size()) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }
}
