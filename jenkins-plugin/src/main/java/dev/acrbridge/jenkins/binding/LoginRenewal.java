package dev.acrbridge.jenkins.binding;

import dev.acrbridge.auth.cache.RefreshPolicy;
import dev.acrbridge.jenkins.impl.BuildLog;
import dev.acrbridge.jenkins.impl.TransferCredential;
import hudson.model.TaskListener;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;

/**
 * Keeps the login files of an open {@code acrLogin} block valid for as long as the block runs. The plugin only
 * schedules and writes: when to renew is shared-auth's {@link RefreshPolicy} (the rule of every token cache), and
 * the renewed token comes from the same cache the block's first token came from. A failed renewal is logged once,
 * with the fix; the files keep the old token, which serves until it expires, and renewal is tried again. Renewal
 * stops when the block ends (or is aborted). Held in memory: after a controller restart a resumed block keeps its
 * last token.
 */
final class LoginRenewal {
    /** Open blocks by id; a block's entry is its next scheduled renewal. */
    private static final Map<String, ScheduledFuture<?>> OPEN = new ConcurrentHashMap<>();
    private static final Duration MIN_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private LoginRenewal() {
    }

    /** Gets a renewed credential and writes it into the block's files; returns what was written. */
    @FunctionalInterface
    interface Renewer {
        TransferCredential renew() throws IOException, InterruptedException;
    }

    /**
     * @param blockId  the block
     * @param first    the credential the block opened with
     * @param renewer  acquires again (from the cache) and rewrites the block's files
     * @param listener the build log
     */
    static void start(String blockId, TransferCredential first, Renewer renewer, TaskListener listener) {
        if (first.expiresAt() == null) {
            return; // nothing says when it expires: nothing to schedule
        }
        Instant now = Instant.now();
        Task task = new Task(blockId, first.loginServer(), renewer, listener, now, first.expiresAt());
        OPEN.put(blockId, Timer.get().schedule(task, delay(RefreshPolicy.DEFAULT.renewAt(now, first.expiresAt())),
                TimeUnit.MILLISECONDS));
    }

    /** Ends renewal for a block; a renewal that is running finishes, none starts after this. */
    static void stop(String blockId) {
        ScheduledFuture<?> next = OPEN.remove(blockId);
        if (next != null) {
            next.cancel(false);
        }
    }

    /** @return true while renewal is scheduled for the block (for tests and diagnostics) */
    static boolean isOpen(String blockId) {
        return OPEN.containsKey(blockId);
    }

    /** Never sooner than {@link #MIN_RETRY}: a token that is already due must not spin the timer. */
    private static long delay(Instant at) {
        return Math.max(MIN_RETRY.toMillis(), Duration.between(Instant.now(), at).toMillis());
    }

    private static final class Task implements Runnable {
        private final String blockId;
        private final String loginServer;
        private final Renewer renewer;
        private final TaskListener listener;
        private Instant obtained;
        private Instant expires;
        private boolean failureLogged;

        Task(String blockId, String loginServer, Renewer renewer, TaskListener listener, Instant obtained,
             Instant expires) {
            this.blockId = blockId;
            this.loginServer = loginServer;
            this.renewer = renewer;
            this.listener = listener;
            this.obtained = obtained;
            this.expires = expires;
        }

        void scheduleRenewal() {
            schedule(RefreshPolicy.DEFAULT.renewAt(obtained, expires));
        }

        /** Again soon: half the token's remaining life, within bounds (after expiry: the upper bound). */
        void scheduleRetry() {
            Duration left = Duration.between(Instant.now(), expires);
            Duration wait = left.isNegative() ? MAX_RETRY : left.dividedBy(2);
            wait = wait.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
            schedule(Instant.now().plus(wait));
        }

        private void schedule(Instant at) {
            // only while the block is open: stop() removes the entry and no later schedule brings it back
            OPEN.computeIfPresent(blockId, (k, previous) -> Timer.get().schedule(this, delay(at),
                    TimeUnit.MILLISECONDS));
        }

        @Override
        public void run() {
            if (!OPEN.containsKey(blockId)) {
                return;
            }
            try {
                TransferCredential renewed = renewer.renew();
                Instant renewedExpiry = renewed.expiresAt();
                if (renewedExpiry == null || !renewedExpiry.isAfter(expires)) {
                    scheduleRetry(); // the cache still holds the old token (clocks differ slightly): ask again soon
                    return;
                }
                obtained = Instant.now();
                expires = renewedExpiry;
                failureLogged = false;
                if (OPEN.containsKey(blockId)) {
                    listener.getLogger().println(BuildLog.renewed(renewed));
                }
                scheduleRenewal();
            } catch (IOException | RuntimeException e) {
                if (!failureLogged && OPEN.containsKey(blockId)) {
                    failureLogged = true;
                    listener.error(BuildLog.renewalFailed(loginServer, e.getMessage(), expires));
                }
                scheduleRetry();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
