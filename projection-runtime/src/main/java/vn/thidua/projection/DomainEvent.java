package vn.thidua.projection;

import java.time.Instant;
import java.util.Map;

/**
 * One event as read from the topic, its payload decoded into the {@code shared-events} record.
 *
 * @param position    the commit's global position in the event log
 * @param index       the event's index within its commit
 * @param eventId     unique id of the event
 * @param aggregateId the stream the event belongs to
 * @param sequence    the event's sequence within its stream (0, 1, 2 …): what makes applying idempotent
 * @param revision    the payload's revision ({@code @Revision} of the record, the envelope's {@code revision}); {@code null}
 *                    when the envelope carries none
 * @param timestamp   when it was recorded
 * @param metadata    who, in which submission, with which correlation
 * @param payload     the event record
 */
public record DomainEvent(long position, int index, String eventId, String aggregateType, String aggregateId,
                          long sequence, String revision, Instant timestamp, Map<String, Object> metadata, Object payload) {
}
