package vn.thidua.eventlog.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON form of an {@link EventEnvelope}, written by the publisher and read by every consumer:
 * <pre>{"position":12,"index":0,"eventId":"…","aggregateType":"Movement","aggregateId":"…","sequence":3,
 *  "type":"vn.thidua.events.movement.UnitEnrolled","revision":"1","timestamp":"…","hash":"…","metadata":{…},"payload":{…}}</pre>
 * in this field order, {@code hash} left out when there is none. Metadata and payload are embedded as the stored JSON
 * text and read back as the very same text, never through a tree (which would turn decimals into doubles).
 * <p>
 * Reading ignores fields it does not know (a newer writer may add some) and accepts the envelopes of older writers,
 * which have no {@code hash}; {@code index}, {@code revision}, {@code aggregateType}, {@code metadata} and
 * {@code payload} may be missing too (0 or {@code null}). The other fields are required.
 */
public final class EnvelopeCodec {

    private static final JsonFactory JSON = new JsonFactory();

    private EnvelopeCodec() {
    }

    public static byte[] encode(EventEnvelope e) {
        int rawLength = (e.payload() == null ? 4 : e.payload().length()) + (e.metadata() == null ? 4 : e.metadata().length());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + rawLength);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("position", e.position());
            g.writeNumberField("index", e.index());
            g.writeStringField("eventId", e.eventId());
            g.writeStringField("aggregateType", e.aggregateType());
            g.writeStringField("aggregateId", e.aggregateId());
            g.writeNumberField("sequence", e.sequence());
            g.writeStringField("type", e.type());
            g.writeStringField("revision", e.revision());
            g.writeStringField("timestamp", e.timestamp());
            if (e.hash() != null) {
                g.writeStringField("hash", e.hash());
            }
            g.writeFieldName("metadata");
            writeRaw(g, e.metadata());
            g.writeFieldName("payload");
            writeRaw(g, e.payload());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static void writeRaw(JsonGenerator g, String json) throws IOException {
        if (json == null) {
            g.writeNull();
        } else {
            g.writeRawValue(json);
        }
    }

    /**
     * @throws MalformedEnvelope when the bytes are JSON but no envelope (or no bytes at all: a tombstone)
     * @throws IOException       when they are not JSON
     */
    public static EventEnvelope decode(byte[] value) throws IOException {
        if (value == null) {
            throw new MalformedEnvelope("A record without a value (a tombstone) is no event");
        }
        Long position = null;
        Long sequence = null;
        int index = 0;
        String eventId = null;
        String aggregateType = null;
        String aggregateId = null;
        String type = null;
        String revision = null;
        String timestamp = null;
        String hash = null;
        String metadata = null;
        String payload = null;
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedEnvelope("Not an event envelope");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "position" -> position = p.getValueAsLong();
                    case "index" -> index = p.getValueAsInt();
                    case "eventId" -> eventId = text(p);
                    case "aggregateType" -> aggregateType = text(p);
                    case "aggregateId" -> aggregateId = text(p);
                    case "sequence" -> sequence = p.getValueAsLong();
                    case "type" -> type = token == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "revision" -> revision = text(p);
                    case "timestamp" -> timestamp = text(p);
                    case "hash" -> hash = text(p);
                    case "metadata" -> metadata = raw(p, value);
                    case "payload" -> payload = raw(p, value);
                    default -> {
                        // a field of a newer writer
                    }
                }
                p.skipChildren();
            }
        }
        if (type == null) {
            throw new MalformedEnvelope("Not an event envelope: it names no type");
        }
        if (position == null || sequence == null || eventId == null || aggregateId == null || timestamp == null) {
            throw new MalformedEnvelope("The envelope of a %s lacks its position, sequence, eventId, aggregateId or timestamp"
                    .formatted(type));
        }
        return new EventEnvelope(position, index, eventId, aggregateType, aggregateId, sequence, type, revision,
                timestamp, hash, metadata, payload);
    }

    /** A scalar as text ({@code null} for JSON null, an object or an array). */
    private static String text(JsonParser p) throws IOException {
        return p.currentToken().isScalarValue() ? p.getValueAsString() : null;
    }

    /** The value's JSON text exactly as it stands in {@code source} ({@code null} for JSON null). */
    private static String raw(JsonParser p, byte[] source) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        int end = (int) p.currentLocation().getByteOffset();
        return new String(source, start, end - start, StandardCharsets.UTF_8);
    }
}
