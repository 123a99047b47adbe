package vn.thidua.eventlog.integrity;

import vn.thidua.eventlog.StoredEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The hash of one event: SHA-256 over the {@link Canonical canonical encoding} of
 * {@code "thidua-event/v1", aggregateType, aggregateId, sequence, eventId, type, revision, timestamp, payload,
 * metadata, prevHash}, as lower-case hex. {@code prevHash} is the hash of the event at {@code sequence - 1} of the
 * same aggregate, {@link #GENESIS} for sequence 0: so the events of a stream form a chain.
 * <p>
 * The log position is not hashed: a commit that loses its position to another writer is retried elsewhere with the
 * same hashes. The order of the whole log is covered by the {@link CheckpointHasher checkpoints}.
 */
public final class EventHash {

    /** The "previous hash" of the first event of every stream. */
    public static final String GENESIS = "0".repeat(64);
    static final String TAG = "thidua-event/v1";

    private EventHash() {
    }

    public static String of(String aggregateType, String aggregateId, long sequence, String eventId, String type,
                            String revision, String timestamp, String payload, String metadata, String prevHash) {
        return new Canonical(TAG).string(aggregateType).string(aggregateId).number(sequence).string(eventId)
                .string(type).string(revision).string(timestamp).string(payload).string(metadata).string(prevHash)
                .hex();
    }

    /** The hash of the event's content chained to its stored {@code prevHash} (what its stored hash must equal). */
    public static String of(String aggregateType, String aggregateId, StoredEvent e) {
        return of(aggregateType, aggregateId, e.sequence(), e.eventId(), e.type(), e.revision(), e.timestamp(),
                e.payload(), e.metadata(), e.prevHash());
    }

    /**
     * The events of one commit with their hashes filled in, chained from {@code prevHash} (the hash of the event
     * before the first one, or {@link #GENESIS}).
     */
    public static List<StoredEvent> chain(String aggregateType, String aggregateId, String prevHash,
                                          List<StoredEvent> events) {
        List<StoredEvent> hashed = new ArrayList<>(events.size());
        String prev = prevHash;
        for (StoredEvent e : events) {
            String hash = of(aggregateType, aggregateId, e.sequence(), e.eventId(), e.type(), e.revision(), e.timestamp(),
                    e.payload(), e.metadata(), prev);
            hashed.add(new StoredEvent(e.eventId(), e.sequence(), e.type(), e.revision(), e.timestamp(), e.payload(),
                    e.metadata(), hash, prev));
            prev = hash;
        }
        return hashed;
    }
}
