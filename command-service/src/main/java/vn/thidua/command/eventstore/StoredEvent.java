package vn.thidua.command.eventstore;

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
 */
public record StoredEvent(String eventId, long sequence, String type, String revision,
                          String timestamp, String payload, String metadata) {
}
