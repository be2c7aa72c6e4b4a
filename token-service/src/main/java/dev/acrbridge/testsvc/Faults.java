package dev.acrbridge.testsvc;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Fault injection per endpoint. Each injected fault counts the calls to its endpoint from when it was added. */
public final class Faults {
    private final List<Armed> armed = new CopyOnWriteArrayList<>();

    /** Arms {@code fault} for {@code endpoint}; when several match a call, the first added wins. */
    public Faults inject(Endpoint endpoint, Fault fault) {
        armed.add(new Armed(endpoint, fault, new AtomicLong()));
        return this;
    }

    /** Removes every fault. */
    public Faults clear() {
        armed.clear();
        return this;
    }

    /** Counts this call for every fault of the endpoint and returns the one that applies, if any. */
    Optional<Fault> next(Endpoint endpoint) {
        Fault hit = null;
        for (Armed a : armed) {
            if (a.endpoint == endpoint) {
                long n = a.calls.incrementAndGet();
                if (hit == null && a.fault.appliesTo(n)) {
                    hit = a.fault;
                }
            }
        }
        return Optional.ofNullable(hit);
    }

    private record Armed(Endpoint endpoint, Fault fault, AtomicLong calls) {
    }
}
