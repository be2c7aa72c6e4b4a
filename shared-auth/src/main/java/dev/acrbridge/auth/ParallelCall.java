package dev.acrbridge.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A call run on its own daemon thread while the caller does other work; {@link #join()} hands back its result or
 * rethrows its exception unwrapped. Its own thread rather than the common pool, which has one worker on two cores
 * and is where msal4j runs its requests.
 */
final class ParallelCall<T> {
    private final CompletableFuture<T> result = new CompletableFuture<>();

    private ParallelCall() {
    }

    static <T> ParallelCall<T> start(String threadName, Supplier<T> call) {
        ParallelCall<T> p = new ParallelCall<>();
        Thread t = new Thread(() -> {
            try {
                p.result.complete(call.get());
            } catch (Throwable e) {
                p.result.completeExceptionally(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return p;
    }

    /** Waits until the call has finished, whatever its outcome. */
    void settle() {
        result.handle((value, failure) -> null).join();
    }

    /** @return the call's result, after waiting for it; its RuntimeException or Error is rethrown as is */
    T join() {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
