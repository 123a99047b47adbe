package vn.thidua.eventlog.publication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.LogEntry;
import vn.thidua.eventlog.StoredEvent;
import vn.thidua.eventlog.integrity.Checkpoint;
import vn.thidua.eventlog.integrity.CheckpointHasher;
import vn.thidua.eventlog.integrity.CheckpointKeys;
import vn.thidua.eventlog.integrity.SignedCheckpoint;
import vn.thidua.eventlog.store.Checkpoints;
import vn.thidua.eventlog.store.MongoCommitLog;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Extends the running hash of the whole log as the publisher reads it in order, and writes a checkpoint every
 * {@code every} positions and at least every {@code interval} while the log moves. Only the lease holder runs it;
 * a new holder resumes from the latest stored checkpoint (re-reading the positions between it and its cursor), so
 * what it writes is what its predecessor would have written for the same stretch. A failure here never stops
 * publication: the checkpointer resumes from the store on the next batch.
 * <p>
 * With a signing key, each checkpoint it writes is also signed, with the event hashes of the positions it covers
 * ({@link SignedCheckpoint}), and handed back to the publisher, which sends it to the checkpoint topic in the same
 * transaction as the batch (ADR 0014).
 */
class LogCheckpointer {

    private static final Logger log = LoggerFactory.getLogger(LogCheckpointer.class);

    private final MongoCommitLog commitLog;
    private final Checkpoints checkpoints;
    private final int every;
    private final long intervalMillis;
    private final int readWindow;
    private final Clock clock;
    private final CheckpointKeys.Signer signer;
    private CheckpointHasher hasher;
    private final List<SignedCheckpoint.Covered> covered = new ArrayList<>();
    private long lastCheckpointAt;

    LogCheckpointer(MongoCommitLog commitLog, int every, long intervalMillis, int readWindow, Clock clock,
                    CheckpointKeys.Signer signer) {
        this.signer = signer;
        this.commitLog = commitLog;
        this.checkpoints = commitLog.checkpoints();
        this.every = every;
        this.intervalMillis = intervalMillis;
        this.readWindow = readWindow;
        this.clock = clock;
    }

    /** Forgets the running state: the next call resumes from the store (on taking the lease, after an error). */
    void reset() {
        hasher = null;
    }

    /**
     * The publisher is sending {@code batch} (contiguous positions after {@code cursorBefore}).
     *
     * @return the checkpoints written meanwhile, signed (empty without a signing key): to be sent in the batch's transaction
     */
    List<SignedCheckpoint> published(long cursorBefore, List<LogEntry> batch) {
        List<SignedCheckpoint> signed = new ArrayList<>();
        try {
            if (hasher == null) {
                resume(cursorBefore);
            }
            for (LogEntry entry : batch) {
                if (entry.position() <= hasher.lastPosition()) {
                    continue; // already under a checkpoint (a batch sent again after a lease change)
                }
                add(hasher, entry);
                if (hasher.positionsSinceCheckpoint() >= every) {
                    seal(signed);
                }
            }
            signed.addAll(tick());
        } catch (RuntimeException e) {
            log.warn("Checkpointing paused, resuming from the store: {}", e.toString());
            hasher = null;
        }
        return signed;
    }

    /** Called while the log is idle too: a checkpoint over what moved, once the interval passed (signed, if any). */
    List<SignedCheckpoint> tick() {
        List<SignedCheckpoint> signed = new ArrayList<>();
        if (hasher != null && hasher.positionsSinceCheckpoint() > 0 && clock.millis() - lastCheckpointAt >= intervalMillis) {
            try {
                seal(signed);
            } catch (RuntimeException e) {
                log.warn("Checkpointing paused, resuming from the store: {}", e.toString());
                hasher = null;
            }
        }
        return signed;
    }

    private void add(CheckpointHasher to, LogEntry entry) {
        to.add(entry);
        if (entry instanceof Commit commit) {
            covered.add(new SignedCheckpoint.Covered(commit.position(), commit.events().stream().map(StoredEvent::hash).toList()));
        }
    }

    private void seal(List<SignedCheckpoint> signed) {
        Checkpoint written = hasher.seal(Instant.ofEpochMilli(clock.millis()).toString());
        List<SignedCheckpoint.Covered> stretch = List.copyOf(covered);
        covered.clear();
        Checkpoint stored = checkpoints.write(written);
        lastCheckpointAt = clock.millis();
        if (!stored.equals(written) && !(stored.upTo() == written.upTo() && stored.hash().equals(written.hash()))) {
            log.warn("Another publisher wrote checkpoint {} after {} (ours ended at {}); continuing from the stored chain",
                    stored.upTo(), stored.previous(), written.upTo());
            hasher = null;
            return;
        }
        if (signer != null) {
            // what this publisher computed from what it read and sent, never a checkpoint read back from the database
            signed.add(signer.sign(written, stretch));
        }
    }

    /** Rebuilds the running hash from the latest checkpoint up to {@code cursor} (what was published already). */
    private void resume(long cursor) {
        Checkpoint head = checkpoints.head();
        CheckpointHasher resumed = head == null ? CheckpointHasher.fromStart() : new CheckpointHasher(head.upTo(), head.hash());
        covered.clear();
        long from = resumed.lastPosition() + 1;
        while (from <= cursor) {
            int count = (int) Math.min(readWindow, cursor - from + 1);
            Map<Long, LogEntry> found = commitLog.readPositions(from, count);
            for (long p = from; p < from + count; p++) {
                LogEntry entry = found.get(p);
                if (entry == null) {
                    throw new IllegalStateException("Position %d, already published, holds nothing".formatted(p));
                }
                add(resumed, entry);
            }
            from += count;
        }
        hasher = resumed;
        lastCheckpointAt = clock.millis();
        log.info("Checkpoints resume after {} ({} positions since)", resumed.previousUpTo(), resumed.positionsSinceCheckpoint());
    }
}
