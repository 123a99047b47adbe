package vn.thidua.query.stream;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import vn.thidua.events.EventTypes;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Reads the JSON envelope the command side writes to the topic. */
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
        if (value == null) {
            throw new JsonParseException(null, "A record without a value (a tombstone) is no event");
        }
        JsonNode envelope = mapper.readTree(value);
        if (envelope == null || !envelope.isObject() || !envelope.path("type").isTextual()) {
            throw new JsonParseException(null, "Not an event envelope");
        }
        Optional<Class<?>> type = EventTypes.byName(envelope.get("type").asText());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        if (!envelope.path("payload").isObject()) {
            throw new JsonParseException(null, "The envelope of a %s has no payload".formatted(type.get().getSimpleName()));
        }
        Object payload = mapper.treeToValue(envelope.get("payload"), type.get());
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = mapper.treeToValue(envelope.path("metadata"), Map.class);
        return Optional.of(new DomainEvent(
                envelope.get("position").asLong(), envelope.path("index").asInt(),
                envelope.get("eventId").asText(), envelope.path("aggregateType").asText(),
                envelope.get("aggregateId").asText(), envelope.get("sequence").asLong(),
                envelope.hasNonNull("revision") ? envelope.get("revision").asText() : null,
                Instant.parse(envelope.get("timestamp").asText()), metadata == null ? Map.of() : metadata, payload));
    }
}
