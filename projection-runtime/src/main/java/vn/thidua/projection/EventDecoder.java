package vn.thidua.projection;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import vn.thidua.eventlog.envelope.EnvelopeCodec;
import vn.thidua.eventlog.envelope.EventEnvelope;
import vn.thidua.events.EventTypes;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Reads the envelope the command side writes to the topic ({@link EnvelopeCodec}), its payload as the event record. */
public class EventDecoder {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            // a newer writer may add fields: an old reader ignores them (additive changes need no revision bump)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // the payload goes through a tree: decimals (indicator targets) stay exact, not doubles, and keep their scale
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /**
     * @return the event, or empty when its type is not one this service knows (written by a newer version)
     * @throws IOException when the record is not a readable envelope
     */
    public Optional<DomainEvent> decode(byte[] value) throws IOException {
        EventEnvelope envelope = EnvelopeCodec.decode(value);
        Optional<Class<?>> type = EventTypes.byName(envelope.type());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        JsonNode payload = envelope.payload() == null ? null : mapper.readTree(envelope.payload());
        if (payload == null || !payload.isObject()) {
            throw new JsonParseException(null, "The envelope of a %s has no payload".formatted(type.get().getSimpleName()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = envelope.metadata() == null ? null
                : mapper.treeToValue(mapper.readTree(envelope.metadata()), Map.class);
        return Optional.of(new DomainEvent(envelope.position(), envelope.index(), envelope.eventId(),
                envelope.aggregateType(), envelope.aggregateId(), envelope.sequence(), envelope.revision(),
                Instant.parse(envelope.timestamp()), metadata == null ? Map.of() : metadata,
                mapper.treeToValue(payload, type.get())));
    }
}
