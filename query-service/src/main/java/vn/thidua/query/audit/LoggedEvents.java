package vn.thidua.query.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.bson.Document;
import org.bson.types.Decimal128;
import vn.thidua.events.EventTypes;
import vn.thidua.query.stream.DomainEvent;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of the audit log read back: an {@code audit_log} document ({@link AuditLogProjection#document}) turned
 * into the {@link DomainEvent} it was written from, its payload the {@code shared-events} record again. What replays
 * a stream (playback, boards as of an instant) without going back to the topic.
 * <p>
 * The payload is read as the topic's payloads are ({@code EventDecoder}): unknown fields ignored, decimals exact with
 * their scale ({@code Decimal128} → {@link BigDecimal}), dates from their ISO text. The timestamp comes back at the
 * millisecond precision of a BSON date.
 */
public final class LoggedEvents {

    /** As {@code EventDecoder} reads payloads: a newer writer's extra fields are ignored, decimals stay exact. */
    private static final ObjectMapper PAYLOADS = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private LoggedEvents() {
    }

    /**
     * The event an audit-log document holds.
     *
     * @throws IllegalArgumentException when the document is not an audit-log entry of an event type this service
     *                                  knows (its {@code typeName} is checked against {@link EventTypes}: no other
     *                                  class is ever instantiated)
     */
    public static DomainEvent decode(Document logged) {
        String typeName = logged.getString("typeName");
        Class<?> type = EventTypes.byName(typeName).orElseThrow(() -> new IllegalArgumentException(
                "Audit log entry %s: %s is not an event type of this service".formatted(logged.get("_id"), typeName)));
        Document payload = logged.get("payload", Document.class);
        Date timestamp = logged.getDate("timestamp");
        if (payload == null || timestamp == null) {
            throw new IllegalArgumentException("Audit log entry %s has no payload or no timestamp".formatted(logged.get("_id")));
        }
        Document metadata = logged.get("metadata", Document.class);
        return new DomainEvent(
                number(logged.get("position")).longValue(),
                number(logged.get("index")).intValue(),
                logged.getString("eventId"),
                logged.getString("aggregateType"),
                logged.getString("aggregateId"),
                number(logged.get("sequence")).longValue(),
                logged.getString("revision"),
                timestamp.toInstant(),
                metadata == null ? Map.of() : plainMap(metadata),
                PAYLOADS.convertValue(plainMap(payload), type));
    }

    private static Number number(Object value) {
        if (value instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("Not a number in an audit log entry: " + value);
    }

    private static Map<String, Object> plainMap(Map<String, Object> document) {
        Map<String, Object> out = new LinkedHashMap<>();
        document.forEach((key, value) -> out.put(key, plain(value)));
        return out;
    }

    /** BSON values as the JSON of the envelope had them: decimals as {@link BigDecimal}, documents as maps. */
    @SuppressWarnings("unchecked")
    private static Object plain(Object value) {
        if (value instanceof Decimal128 d) {
            try {
                return d.bigDecimalValue();
            } catch (ArithmeticException negativeZero) {
                return new BigDecimal(d.toString()); // -0 (-0.00 …) has no BigDecimal of its own: a zero of its scale
            }
        }
        if (value instanceof Date d) {
            return d.toInstant().toString();
        }
        if (value instanceof Map<?, ?> m) {
            return plainMap((Map<String, Object>) m);
        }
        if (value instanceof Collection<?> c) {
            List<Object> list = new ArrayList<>(c.size());
            c.forEach(v -> list.add(plain(v)));
            return list;
        }
        return value;
    }
}
