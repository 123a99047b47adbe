package vn.thidua.eventlog.envelope;

import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.StoredEvent;

/**
 * One event as it travels on the event topic (the Kafka record value, keyed by {@code aggregateId}); its bytes are
 * {@link EnvelopeCodec}'s. {@code position}/{@code index} is the event's place in the global log;
 * {@code aggregateId}/{@code sequence} is what consumers use to apply each event exactly once.
 *
 * @param position      the global position of the event's commit in the log
 * @param index         the event's index within its commit (0 in envelopes of writers that did not write it)
 * @param eventId       the event's unique id
 * @param aggregateType the aggregate's type
 * @param aggregateId   the stream the event belongs to
 * @param sequence      the event's sequence within its stream (0, 1, 2 …)
 * @param type          the payload's type name (the class name of the {@code shared-events} record)
 * @param revision      the payload's revision ({@code @Revision}); {@code null} when the envelope carries none
 * @param timestamp     when the event was recorded, ISO-8601 as stored
 * @param hash          the event's hash in the log (docs/integrity.md): a copy outside the event database, to compare
 *                      a stored event with what was published; {@code null} for events stored before events were
 *                      hashed
 * @param metadata      the metadata, JSON text exactly as stored (who, in which submission, with which correlation)
 * @param payload       the payload, JSON text exactly as stored
 */
public record EventEnvelope(long position, int index, String eventId, String aggregateType, String aggregateId,
                            long sequence, String type, String revision, String timestamp, String hash,
                            String metadata, String payload) {

    /** The envelope of the {@code index}th event of a stored commit. */
    public static EventEnvelope of(Commit commit, int index) {
        StoredEvent e = commit.events().get(index);
        return new EventEnvelope(commit.position(), index, e.eventId(), commit.aggregateType(), commit.aggregateId(),
                e.sequence(), e.type(), e.revision(), e.timestamp(), e.hash(), e.metadata(), e.payload());
    }
}
