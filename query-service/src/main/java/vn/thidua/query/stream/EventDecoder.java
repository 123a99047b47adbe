package vn.thidua.query.stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @return the event, or empty when its type is not one this service knows (written by a newer version)
     * @throws IOException when the record is not a readable envelope
     */
    public Optional<DomainEvent> decode(byte[] value) throws IOException {
        JsonNode envelope = mapper.readTree(value);
        Optional<Class<?>> type = EventTypes.byName(envelope.path("type").asText());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        Object payload = mapper.treeToValue(envelope.get("payload"), type.get());
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = mapper.treeToValue(envelope.path("metadata"), Map.class);
        return Optional.of(new DomainEvent(
                envelope.get("position").asLong(), envelope.path("index").asInt(),
                envelope.get("eventId").asText(), envelope.path("aggregateType").asText(),
                envelope.get("aggregateId").asText(), envelope.get("sequence").asLong(),
                Instant.parse(envelope.get("timestamp").asText()), metadata == null ? Map.of() : metadata, payload));
    }
}
