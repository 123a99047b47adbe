package vn.thidua.eventlog.integrity;

import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.LogEntry;

/**
 * Extends the running hash of the whole log, position by position, and seals it into {@link Checkpoint}s.
 * <p>
 * The hash of the checkpoint at {@code upTo} is SHA-256 over the canonical encoding of
 * {@code "thidua-checkpoint/v1", previousHash, previousUpTo}, then for every position {@code p} after
 * {@code previousUpTo} in order: {@code p, "commit", n, hash_1 … hash_n} (the stored event hashes of the commit) or
 * {@code p, "gap"} (a sealed gap), and finally {@code upTo}. The first checkpoint's previous is {@code (0, GENESIS)}.
 * So a checkpoint covers every event's content (through its hash), the order of the log and every checkpoint before
 * it: a removed, added, moved or edited commit changes every checkpoint from there on.
 * <p>
 * The publisher (which reads the log in order anyway) and the verifier both use this class, position by position.
 */
public final class CheckpointHasher {

    static final String TAG = "thidua-checkpoint/v1";
    private long previousUpTo;
    private String previousHash;
    private Canonical running;
    private long lastPosition;
    private long positions;
    private long events;

    /** Starts after the checkpoint {@code (previousUpTo, previousHash)}; {@code (0, GENESIS)} at the start of the log. */
    public CheckpointHasher(long previousUpTo, String previousHash) {
        restart(previousUpTo, previousHash);
    }

    public static CheckpointHasher fromStart() {
        return new CheckpointHasher(0, EventHash.GENESIS);
    }

    private void restart(long upTo, String hash) {
        previousUpTo = upTo;
        previousHash = hash;
        lastPosition = upTo;
        positions = 0;
        events = 0;
        running = new Canonical(TAG).string(hash).number(upTo);
    }

    /** Adds the next position (it must be the one right after the last added). */
    public void add(LogEntry entry) {
        if (entry.position() != lastPosition + 1) {
            throw new IllegalArgumentException("Position %d added after %d: checkpoints cover contiguous positions"
                    .formatted(entry.position(), lastPosition));
        }
        running.number(entry.position());
        if (entry instanceof Commit commit) {
            running.string("commit").number(commit.events().size());
            commit.events().forEach(e -> running.string(e.hash()));
            events += commit.events().size();
        } else {
            running.string("gap");
        }
        lastPosition = entry.position();
        positions++;
    }

    /** The checkpoint over everything added since the previous one; the hasher then continues after it. */
    public Checkpoint seal(String createdAt) {
        String hash = running.number(lastPosition).hex();
        Checkpoint checkpoint = new Checkpoint(lastPosition, previousUpTo, hash, positions, events, createdAt);
        restart(lastPosition, hash);
        return checkpoint;
    }

    /** The last position added (or the previous checkpoint's, when none was added since). */
    public long lastPosition() {
        return lastPosition;
    }

    /** Positions added since the previous checkpoint. */
    public long positionsSinceCheckpoint() {
        return positions;
    }

    public long previousUpTo() {
        return previousUpTo;
    }

    public String previousHash() {
        return previousHash;
    }
}
