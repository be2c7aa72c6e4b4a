package dev.acrbridge.testsvc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** Every request any endpoint received, ordered by arrival (an entry appears once its response is done). */
final class RequestLog {
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentSkipListMap<Long, LoggedRequest> entries = new ConcurrentSkipListMap<>();

    long arrive() {
        return sequence.incrementAndGet();
    }

    void record(long seq, LoggedRequest request) {
        entries.put(seq, request);
    }

    List<LoggedRequest> all() {
        return List.copyOf(new ArrayList<>(entries.values()));
    }

    long count(Endpoint endpoint) {
        return entries.values().stream().filter(r -> r.endpoint() == endpoint).count();
    }

    void clear() {
        entries.clear();
    }
}
