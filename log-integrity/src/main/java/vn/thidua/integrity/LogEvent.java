package vn.thidua.integrity;

/**
 * One event of a commit, as stored and exported: the hashed fields, its stored hash and the stored hash of the
 * event before it in its stream.
 *
 * @param payload  the payload JSON exactly as stored (a string: the hash is over these bytes, not over a re-encoding)
 * @param metadata the metadata JSON exactly as stored
 * @param hash     the stored hash ({@code null} when the event has none)
 * @param prevHash the stored hash of the previous event of the stream ({@link EventHash#GENESIS} at sequence 0)
 */
public record LogEvent(String eventId, long sequence, String type, String revision, String timestamp,
                       String payload, String metadata, String hash, String prevHash) {

    /** The hash of this event's content chained to {@code prevHash} (what {@link #hash} must equal). */
    public String computeHash(String aggregateType, String aggregateId) {
        return EventHash.of(aggregateType, aggregateId, sequence, eventId, type, revision, timestamp, payload, metadata,
                prevHash);
    }
}
