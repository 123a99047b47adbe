package vn.thidua.eventlog.publication;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import vn.thidua.eventlog.store.Commit;
import vn.thidua.eventlog.store.StoredEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Kafka record value of one event: a self-describing JSON document.
 * <pre>{"position":12,"index":0,"eventId":"…","aggregateType":"Movement","aggregateId":"…","sequence":3,
 *  "type":"vn.thidua.events.movement.UnitEnrolled","revision":"1","timestamp":"…","hash":"…","metadata":{…},"payload":{…}}</pre>
 * {@code position}/{@code index} is the event's place in the global log; {@code aggregateId}/{@code sequence}
 * is what consumers use to apply each event exactly once. {@code hash} is the event's hash in the log
 * (docs/integrity.md): a copy outside the event database, to compare a stored event with what was published;
 * omitted for events stored before events were hashed. Readers ignore fields they do not know.
 */
final class EventEnvelope {

    private static final JsonFactory JSON = new JsonFactory();

    private EventEnvelope() {
    }

    static byte[] encode(Commit commit, int index) {
        StoredEvent e = commit.events().get(index);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + e.payload().length() + e.metadata().length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("position", commit.position());
            g.writeNumberField("index", index);
            g.writeStringField("eventId", e.eventId());
            g.writeStringField("aggregateType", commit.aggregateType());
            g.writeStringField("aggregateId", commit.aggregateId());
            g.writeNumberField("sequence", e.sequence());
            g.writeStringField("type", e.type());
            g.writeStringField("revision", e.revision());
            g.writeStringField("timestamp", e.timestamp());
            if (e.hash() != null) {
                g.writeStringField("hash", e.hash());
            }
            g.writeFieldName("metadata");
            g.writeRawValue(e.metadata());
            g.writeFieldName("payload");
            g.writeRawValue(e.payload());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
