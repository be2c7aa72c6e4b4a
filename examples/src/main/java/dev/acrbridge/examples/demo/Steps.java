package dev.acrbridge.examples.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints each demo step with its wall time, and a summary table at the end. */
final class Steps {
    /** One unit of demo work. */
    interface Work {
        String run() throws Exception;
    }

    private record Timed(String title, long millis, String outcome) {
    }

    private final PrintStream out;
    private final List<Timed> done = new ArrayList<>();

    Steps(PrintStream out) {
        this.out = out;
    }

    /** Runs one step; its returned text is printed under the title. A failure stops the demo. */
    void run(String title, Work work) throws Exception {
        out.printf(Locale.ROOT, "%n==> %d. %s%n", done.size() + 1, title);
        long start = System.nanoTime();
        String outcome = work.run();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (outcome != null && !outcome.isBlank()) {
            outcome.lines().forEach(line -> out.println("    " + line));
        }
        out.printf(Locale.ROOT, "    (%d ms)%n", millis);
        done.add(new Timed(title, millis, outcome));
    }

    void summary() {
        out.printf(Locale.ROOT, "%n%-92s %8s%n", "step", "ms");
        long total = 0;
        for (Timed t : done) {
            out.printf(Locale.ROOT, "%-92s %8d%n", t.title(), t.millis());
            total += t.millis();
        }
        out.printf(Locale.ROOT, "%-92s %8d%n", "total", total);
    }
}
