package vn.thidua.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the loader sent and what the command API answered; thread-safe, read by the progress line. */
final class Tally {

    /** A request the API refused (a 4xx after retries, or a 5xx), or that got no answer. */
    record Refusal(DemoRequest request, int status, String type, String detail, boolean replayed) {
        @Override
        public String toString() {
            String kind = type == null ? "" : " " + type.substring(type.lastIndexOf('/') + 1);
            return "%s%s%s: %s\n         %s".formatted(status == 0 ? "no answer" : String.valueOf(status), kind,
                    replayed ? " (replayed)" : "", detail, request);
        }
    }

    private final int total;
    private final int refusalsKept;
    final AtomicInteger answered = new AtomicInteger();
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger replayed = new AtomicInteger();
    final AtomicInteger otherSuccess = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    /** Answers 429 (the sender's rate limit), each waited out and sent again. */
    final AtomicInteger throttled = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicInteger capturedDifferent = new AtomicInteger();
    final AtomicLong exchanges = new AtomicLong();
    private final Map<Integer, Integer> refusedByStatus = new TreeMap<>();
    private final List<Refusal> firstRefusals = new ArrayList<>();
    private int refused;

    Tally(int total, int refusalsKept) {
        this.total = total;
        this.refusalsKept = refusalsKept;
    }

    int total() {
        return total;
    }

    void success(int status, boolean wasReplayed) {
        answered.incrementAndGet();
        if (wasReplayed) {
            replayed.incrementAndGet();
        } else if (status == 201) {
            created.incrementAndGet();
        } else if (status == 202) {
            accepted.incrementAndGet();
        } else {
            otherSuccess.incrementAndGet();
        }
    }

    synchronized void refused(Refusal refusal) {
        if (refusal.status() != 0) {
            answered.incrementAndGet();
        }
        refused++;
        refusedByStatus.merge(refusal.status(), 1, Integer::sum);
        if (firstRefusals.size() < refusalsKept) {
            firstRefusals.add(refusal);
        }
    }

    synchronized int refusedCount() {
        return refused;
    }

    synchronized Map<Integer, Integer> refusedByStatus() {
        return new TreeMap<>(refusedByStatus);
    }

    synchronized List<Refusal> firstRefusals() {
        return List.copyOf(firstRefusals);
    }

    /** Requests done: answered, refused without an answer, or skipped after a refusal in their chain. */
    int done() {
        return answered.get() + skipped.get() + (int) refusedByStatus().getOrDefault(0, 0);
    }
}
