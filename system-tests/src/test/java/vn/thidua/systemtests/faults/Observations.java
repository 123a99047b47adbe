package vn.thidua.systemtests.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the clients saw: every accepted command with its first answer (folded once into the {@link Fold}), the
 * commands whose acceptance followed an attempt without a definite answer, tallies of the answers of the current
 * fault, and the violations of the pass criteria.
 */
final class Observations {

    /** An accepted command and the answer it was accepted with. */
    record Accepted(Command command, Client.Answer answer, boolean uncertain, int attempts) {
    }

    /** The tallies of one fault. */
    record Tally(int attempts, int noAnswer, int unavailable, int inProgress, int concurrentChanges, int accepted,
                 int acceptedAfterDoubt, int replays) {
        @Override
        public String toString() {
            return "%d accepted (%d after an attempt without a definite answer) in %d answers; %d attempts without an answer, "
                    .formatted(accepted, acceptedAfterDoubt, attempts, noAnswer)
                    + "%d × 503, %d × 409 submission-in-progress, %d × 409 concurrent-change; %d replays checked"
                    .formatted(unavailable, inProgress, concurrentChanges, replays);
        }
    }

    private final Fold fold;
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger noAnswer = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger acceptedNow = new AtomicInteger();
    private final AtomicInteger acceptedAfterDoubt = new AtomicInteger();
    private final AtomicInteger replays = new AtomicInteger();

    Observations(Fold fold) {
        this.fold = fold;
    }

    void noAnswer() {
        noAnswer.incrementAndGet();
    }

    /** Every answer: no 5xx but 503, and every 503 says when to ask again. */
    void answered(Client.Answer answer) {
        attempts.incrementAndGet();
        int status = answer.status();
        if (status == 503) {
            unavailable.incrementAndGet();
            if (answer.retryAfter() == null) {
                violation("503 without Retry-After: " + answer);
            }
        } else if (status >= 500) {
            violation("%d (only 503 with Retry-After is allowed): %s".formatted(status, answer));
        } else if (status == 409 && "submission-in-progress".equals(answer.problemKind())) {
            inProgress.incrementAndGet();
        } else if (status == 409 && "concurrent-change".equals(answer.problemKind())) {
            concurrent.incrementAndGet();
        }
    }

    /** The first 2xx of a command: folded once. */
    void accepted(Command command, Client.Answer answer, boolean uncertain, int attempts) {
        Accepted previous = accepted.putIfAbsent(command.logKey(), new Accepted(command, answer, uncertain, attempts));
        if (previous != null) {
            violation("%s accepted twice by the client (a bug of the suite)".formatted(command));
            return;
        }
        command.effect().accept(fold);
        acceptedNow.incrementAndGet();
        if (uncertain) {
            acceptedAfterDoubt.incrementAndGet();
        }
    }

    /** A retry of an accepted command gets its first answer again: same status, same body, same Location, replayed. */
    void replayed(Command command, Client.Answer first, Client.Answer again) {
        replays.incrementAndGet();
        if (again.status() != first.status() || !again.body().equals(first.body())
                || !java.util.Objects.equals(again.location(), first.location()) || !again.replayed()) {
            violation("%s: a retry got %s (replayed: %s), not its first answer %s".formatted(command, again, again.replayed(),
                    first));
        }
    }

    synchronized void violation(String text) {
        if (violations.size() < 200) {
            violations.add(text);
        }
    }

    Map<String, Accepted> accepted() {
        return Map.copyOf(accepted);
    }

    /** The tallies and violations since the last call, then zero. */
    synchronized Map.Entry<Tally, List<String>> window() {
        Tally tally = new Tally(attempts.getAndSet(0), noAnswer.getAndSet(0), unavailable.getAndSet(0),
                inProgress.getAndSet(0), concurrent.getAndSet(0), acceptedNow.getAndSet(0), acceptedAfterDoubt.getAndSet(0),
                replays.getAndSet(0));
        List<String> found = new ArrayList<>(violations);
        violations.clear();
        return Map.entry(tally, found);
    }
}
