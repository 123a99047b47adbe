package vn.thidua.integrity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verification walk: fed the log's positions in order and its checkpoints right after the position they end at,
 * it recomputes every event hash, every stream link and every checkpoint, and remembers the first broken link.
 * The verification endpoint feeds it from MongoDB and {@link VerifyLog} from an export: one implementation, so they
 * cannot disagree.
 * <p>
 * Checks, in walk order:
 * <ol>
 *   <li>each event's stored hash equals the hash of its content chained to its stored {@code prevHash} (an edited
 *       payload, metadata, type, timestamp … is caught at that very event);</li>
 *   <li>each event's {@code prevHash} equals the hash of the event before it in its stream, and sequences follow
 *       each other (a replaced or removed event breaks the next link);</li>
 *   <li>each checkpoint follows the one before it and equals the running hash of the positions it covers; a
 *       position it covers that holds nothing was deleted.</li>
 * </ol>
 * A commit whose predecessor in its stream sits at a later position (two instances' writers can interleave that
 * way) waits until the predecessor is seen; one still waiting at the end has lost its predecessor.
 * <p>
 * Memory: the last (sequence, hash, position) of every stream seen — about 200 bytes per aggregate — plus the
 * rare waiting commits. Not per event.
 */
public final class LogVerifier {

    /** Where the chain breaks first. {@code index}, {@code aggregateId}, {@code sequence}, {@code eventId} are empty when the break is not in one event. */
    public record Broken(long position, Integer index, String aggregateId, Long sequence, String eventId, String reason) {
    }

    public record Result(boolean verified, long positionsChecked, long eventsChecked, long checkpointsChecked,
                         Broken firstBroken) {
    }

    private record Tip(long sequence, String hash, long position) {
    }

    private final Map<String, Tip> tips = new HashMap<>();
    private final Map<String, TreeMap<Long, LogEntry>> waiting = new HashMap<>();
    private final List<Long> holes = new ArrayList<>();
    private CheckpointHasher hasher = CheckpointHasher.fromStart();
    private long lastCheckpoint;
    private long expected = 1;
    private long positionsChecked;
    private long eventsChecked;
    private long checkpointsChecked;
    private Broken firstBroken;

    /** The next position of the log (positions must come in increasing order; the ones skipped held nothing). */
    public void accept(LogEntry entry) {
        if (entry.position() < expected) {
            broken(entry.position(), null, null, null, null,
                    "position %d appears twice or out of order".formatted(entry.position()));
            return;
        }
        for (long p = expected; p < entry.position(); p++) {
            holes.add(p);
        }
        expected = entry.position() + 1;
        positionsChecked++;
        if (!entry.gap()) {
            checkContent(entry);
            link(entry);
        }
        if (holes.isEmpty() && firstBroken == null) {
            hasher.add(entry);
        }
    }

    /** A checkpoint, right after the position it ends at. */
    public void accept(Checkpoint checkpoint) {
        checkpointsChecked++;
        long upTo = checkpoint.upTo();
        for (long p = expected; p <= upTo; p++) {
            holes.add(p);
        }
        expected = Math.max(expected, upTo + 1);
        if (checkpoint.previous() != lastCheckpoint) {
            broken(upTo, null, null, null, null, ("checkpoint %d follows checkpoint %d, but the last checkpoint seen is %d "
                    + "(a checkpoint was removed or added)").formatted(upTo, checkpoint.previous(), lastCheckpoint));
        }
        if (!holes.isEmpty()) {
            long hole = holes.get(0);
            broken(hole, null, null, null, null, ("position %d holds nothing, but checkpoint %d covers it "
                    + "(a commit or gap marker was deleted)").formatted(hole, upTo));
        }
        if (firstBroken == null) {
            Checkpoint recomputed = hasher.seal(null);
            if (!recomputed.hash().equals(checkpoint.hash()) || recomputed.upTo() != upTo) {
                broken(upTo, null, null, null, null, ("checkpoint %d does not match the log: positions %d to %d or the "
                        + "checkpoint were changed").formatted(upTo, lastCheckpoint + 1, upTo));
            }
        }
        // continue from the stored checkpoint, so one broken stretch does not hide the ones after it
        hasher = new CheckpointHasher(upTo, checkpoint.hash());
        holes.clear();
        lastCheckpoint = upTo;
    }

    /**
     * The end of the walk.
     *
     * @param latestCheckpoint the latest checkpoint the store says was written (0 when unknown): if the walk saw none
     *                         that far, the tail of the checkpoint chain was removed
     */
    public Result finish(long latestCheckpoint) {
        for (TreeMap<Long, LogEntry> stream : waiting.values()) {
            for (LogEntry entry : stream.values()) {
                Tip tip = tips.get(entry.aggregateId());
                LogEvent first = entry.events().get(0);
                broken(entry.position(), 0, entry.aggregateId(), first.sequence(), first.eventId(),
                        "the previous event of its stream (sequence %d) is missing%s".formatted(first.sequence() - 1,
                                tip == null ? "" : "; the stream ends at sequence %d (position %d)"
                                        .formatted(tip.sequence(), tip.position())));
            }
        }
        if (latestCheckpoint > lastCheckpoint) {
            broken(latestCheckpoint, null, null, null, null, ("checkpoint %d was written but is missing; the last one "
                    + "present is %d").formatted(latestCheckpoint, lastCheckpoint));
        }
        return new Result(firstBroken == null, positionsChecked, eventsChecked, checkpointsChecked, firstBroken);
    }

    public Broken firstBroken() {
        return firstBroken;
    }

    private void checkContent(LogEntry entry) {
        for (int i = 0; i < entry.events().size(); i++) {
            LogEvent e = entry.events().get(i);
            eventsChecked++;
            if (e.hash() == null || e.prevHash() == null) {
                broken(entry, i, "the event has no hash (written before tamper evidence, or the hash was removed)");
            } else if (!e.computeHash(entry.aggregateType(), entry.aggregateId()).equals(e.hash())) {
                broken(entry, i, "the event does not match its hash: its content or metadata was changed");
            }
        }
    }

    /** Links the commit to its stream, or lets it wait for a predecessor that comes later. */
    private void link(LogEntry entry) {
        if (entry.events().isEmpty()) {
            broken(entry.position(), null, entry.aggregateId(), null, null, "the commit holds no events");
            return;
        }
        Tip tip = tips.get(entry.aggregateId());
        long next = tip == null ? 0 : tip.sequence() + 1;
        long first = entry.events().get(0).sequence();
        if (first > next) {
            waiting.computeIfAbsent(entry.aggregateId(), id -> new TreeMap<>()).put(first, entry);
            return;
        }
        chain(entry, tip);
        TreeMap<Long, LogEntry> later = waiting.get(entry.aggregateId());
        while (later != null && !later.isEmpty()) {
            Tip now = tips.get(entry.aggregateId());
            LogEntry following = later.remove(now.sequence() + 1);
            if (following == null) {
                break;
            }
            chain(following, now);
        }
        if (later != null && later.isEmpty()) {
            waiting.remove(entry.aggregateId());
        }
    }

    private void chain(LogEntry entry, Tip tip) {
        long expectedSequence = tip == null ? 0 : tip.sequence() + 1;
        String expectedPrev = tip == null ? EventHash.GENESIS : tip.hash();
        for (int i = 0; i < entry.events().size(); i++) {
            LogEvent e = entry.events().get(i);
            if (e.sequence() != expectedSequence) {
                broken(entry, i, tip != null && e.sequence() <= tip.sequence()
                        ? "sequence %d of the stream is already at position %d".formatted(e.sequence(), tip.position())
                        : "expected sequence %d of the stream here".formatted(expectedSequence));
            } else if (!expectedPrev.equals(e.prevHash())) {
                broken(entry, i, e.sequence() == 0 ? "the first event of the stream does not start from the genesis hash"
                        : "the previous hash does not match the event at sequence %d (position %d): the stream was changed before this event"
                                .formatted(e.sequence() - 1, i == 0 && tip != null ? tip.position() : entry.position()));
            }
            expectedSequence = e.sequence() + 1;
            expectedPrev = e.hash() == null ? "" : e.hash();
        }
        LogEvent last = entry.events().get(entry.events().size() - 1);
        tips.put(entry.aggregateId(), new Tip(last.sequence(), last.hash(), entry.position()));
    }

    private void broken(LogEntry entry, int index, String reason) {
        LogEvent e = entry.events().get(index);
        broken(entry.position(), index, entry.aggregateId(), e.sequence(), e.eventId(), reason);
    }

    private void broken(long position, Integer index, String aggregateId, Long sequence, String eventId, String reason) {
        if (firstBroken == null) {
            firstBroken = new Broken(position, index, aggregateId, sequence, eventId, reason);
        }
    }
}
