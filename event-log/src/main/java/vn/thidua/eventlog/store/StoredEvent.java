package vn.thidua.eventlog.store;

import vn.thidua.integrity.LogEvent;

/**
 * One serialized event inside a commit.
 *
 * @param eventId   the message identifier
 * @param sequence  the event's sequence number within its aggregate
 * @param type      the payload's type name (the class name)
 * @param revision  the payload's revision, from {@code @Revision}
 * @param timestamp ISO-8601 instant the event was recorded
 * @param payload   the payload as JSON
 * @param metadata  the metadata as JSON
 * @param hash      the event's hash ({@link vn.thidua.integrity.EventHash}); {@code null} until the log appends it
 * @param prevHash  the hash of the event before it in its stream; {@code null} until the log appends it
 */
public record StoredEvent(String eventId, long sequence, String type, String revision,
                          String timestamp, String payload, String metadata, String hash, String prevHash) {

    /** An event not yet hashed: the log fills in the hashes when it appends the commit. */
    public StoredEvent(String eventId, long sequence, String type, String revision,
                       String timestamp, String payload, String metadata) {
        this(eventId, sequence, type, revision, timestamp, payload, metadata, null, null);
    }

    LogEvent toLogEvent() {
        return new LogEvent(eventId, sequence, type, revision, timestamp, payload, metadata, hash, prevHash);
    }

    static StoredEvent of(LogEvent e) {
        return new StoredEvent(e.eventId(), e.sequence(), e.type(), e.revision(), e.timestamp(), e.payload(),
                e.metadata(), e.hash(), e.prevHash());
    }
}
