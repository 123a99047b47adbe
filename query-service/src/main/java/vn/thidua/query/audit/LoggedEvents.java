package vn.thidua.query.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.bson.Document;
import org.bson.types.Decimal128;
import vn.thidua.events.EventTypes;
import vn.thidua.projection.DomainEvent;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit log's document of an event ({@code audit_log}, written by {@link AuditLogProjection}) and its reading back:
 * the one place that knows the document's fields.
 * <pre>{_id: "00000000000000001042-0000", position, index, eventId, aggregateType, aggregateId, sequence,
 *  type: "UnitEnrolled", typeName: "vn.thidua.events.movement.UnitEnrolled", revision, timestamp: Date,
 *  metadata: {subject, role, unitId, submissionId, …}, payload: {…}}</pre>
 * The payload is the event record as the command side serializes it (dates as ISO strings), stored as a BSON document
 * with every decimal a {@code Decimal128}: a value of {@code 87.25} stays exactly that, with its scale. Read back
 * ({@link #decode}) it becomes the {@link DomainEvent} it was written from, its payload the {@code shared-events} record
 * again, read as the topic's payloads are ({@code EventDecoder}): unknown fields ignored, decimals exact with their scale
 * ({@code Decimal128} → {@link BigDecimal}), dates from their ISO text. The timestamp comes back at the millisecond
 * precision of a BSON date.
 */
public final class LoggedEvents {

    /** The metadata the command side writes, in this order; any other key follows in name order. */
    static final List<String> METADATA_KEYS =
            List.of("subject", "role", "unitId", "submissionId", "idempotencyKey", "correlationId", "clientAddress");

    /** Payload records to maps and back: dates as ISO strings, decimals exact, a newer writer's extra fields ignored. */
    private static final ObjectMapper PAYLOADS = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private LoggedEvents() {
    }

    /** The log-order key of an event: {@code position} and {@code index}, zero-padded. */
    /** The metadata key of the caller's province (a province's GSO code or BTP); events recorded before it have none. */
    public static final String PROVINCE = "provinceCode";
    /** The province of an event without {@link #PROVINCE} in its metadata: recorded before provinces were tenants. */
    public static final String PROVINCE_BEFORE_TENANCY = vn.thidua.events.movement.MovementRegistered.PROVINCE_BEFORE_TENANCY;

    public static String id(long position, int index) {
        if (position < 0 || index < 0) {
            return "%019d-%04d".formatted(position, index);
        }
        // what the format above gives, without parsing a format per event (it runs once per event of a rebuild)
        StringBuilder out = new StringBuilder(24);
        pad(out, Long.toString(position), 19);
        out.append('-');
        pad(out, Integer.toString(index), 4);
        return out.toString();
    }

    private static void pad(StringBuilder out, String digits, int width) {
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }

    /** The audit document of one event. */
    static Document document(DomainEvent e) {
        return new Document("_id", id(e.position(), e.index()))
                .append("position", e.position())
                .append("index", e.index())
                .append("eventId", e.eventId())
                .append("aggregateType", e.aggregateType())
                .append("aggregateId", e.aggregateId())
                .append("sequence", e.sequence())
                .append("type", e.payload().getClass().getSimpleName())
                .append("typeName", e.payload().getClass().getName())
                .append("revision", e.revision())
                .append("timestamp", Date.from(e.timestamp()))
                .append("metadata", metadata(e.metadata()))
                .append("payload", payload(e.payload()));
    }

    private static Document metadata(Map<String, Object> metadata) {
        Document out = new Document();
        for (String key : METADATA_KEYS) {
            Object value = metadata.get(key);
            if (value != null) {
                out.append(key, bson(value));
            }
        }
        new TreeMap<>(metadata).forEach((key, value) -> {
            if (value != null && !METADATA_KEYS.contains(key)) {
                out.append(key, bson(value));
            }
        });
        return out;
    }

    private static Document payload(Object payload) {
        return (Document) bson(PAYLOADS.convertValue(payload, MAP));
    }

    /** A plain JSON value as BSON: objects as documents, decimals as {@code Decimal128}. */
    @SuppressWarnings("unchecked")
    private static Object bson(Object value) {
        if (value instanceof Map<?, ?> m) {
            Document d = new Document();
            ((Map<String, Object>) m).forEach((k, v) -> d.append(k, bson(v)));
            return d;
        }
        if (value instanceof Collection<?> c) {
            List<Object> list = new ArrayList<>(c.size());
            c.forEach(v -> list.add(bson(v)));
            return list;
        }
        if (value instanceof BigDecimal b) {
            return decimal(b);
        }
        if (value instanceof BigInteger b) {
            return decimal(new BigDecimal(b));
        }
        return value;
    }

    /**
     * Decimal128 holds 34 significant digits: more than any score or indicator value needs. A value beyond it is
     * kept as its exact text rather than rounded or made to stop the stream.
     */
    private static Object decimal(BigDecimal b) {
        try {
            return new Decimal128(b);
        } catch (NumberFormatException e) {
            return b.toString();
        }
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
