package vn.thidua.eventlog;

/**
 * One serialized event inside a commit, as stored and exported: the hashed fields, its stored hash and the stored hash
 * of the event before it in its stream.
 *
 * @param eventId   the message identifier
 * @param sequence  the event's sequence number within its aggregate
 * @param type      the payload's type name (the class name)
 * @param revision  the payload's revision, from {@code @Revision}
 * @param timestamp ISO-8601 instant the event was recorded
 * @param payload   the payload JSON exactly as stored (a string: the hash is over these bytes, not over a re-encoding)
 * @param metadata  the metadata JSON exactly as stored
 * @param hash      the event's hash ({@link vn.thidua.eventlog.integrity.EventHash}); {@code null} until the log appends it, and for events stored
 *                  before events were hashed
 * @param prevHash  the hash of the event before it in its stream ({@code GENESIS} at sequence 0); {@code null}
 *                  until the log appends it
 */
public record StoredEvent(String eventId, long sequence, String type, String revision,
                          String timestamp, String payload, String metadata, String hash, String prevHash) {

    /** An event not yet hashed: the log fills in the hashes when it appends the commit. */
    public StoredEvent(String eventId, long sequence, String type, String revision,
                       String timestamp, String payload, String metadata) {
        this(eventId, sequence, type, revision, timestamp, payload, metadata, null, null);
    }
}
