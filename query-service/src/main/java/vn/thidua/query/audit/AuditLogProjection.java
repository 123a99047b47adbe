package vn.thidua.query.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.bson.types.Decimal128;
import vn.thidua.query.stream.DomainEvent;
import vn.thidua.query.stream.Projection;
import vn.thidua.query.stream.ReadModelSpace;

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
 * The audit log ({@code audit_log}): every event of every type, one document each, in log order. Nothing is
 * folded: the document is the event itself, its metadata (who, in which role and unit, in which submission)
 * and its payload as a BSON document.
 * <p>
 * The event is stored whole, so it can be read back ({@link LoggedEvents#decode}): the payload's class
 * ({@code typeName}) and revision ({@code revision}) are kept with it.
 * <p>
 * The {@code _id} is the event's place in the log, {@code position} and {@code index} zero-padded
 * ({@code 00000000000000001042-0000}), so sorting by {@code _id} is log order and the same event always
 * lands on the same document: a batch is one unordered bulk of inserts, and an event applied again (a redelivered
 * batch, a second instance) finds its document there already (a duplicate key, ignored).
 */
public class AuditLogProjection implements Projection {

    public static final String COLLECTION = "audit_log";
    public static final String NAME = "audit-log";

    /** The metadata the command side writes, in this order; any other key follows in name order. */
    static final List<String> METADATA_KEYS =
            List.of("subject", "role", "unitId", "submissionId", "idempotencyKey", "correlationId", "clientAddress");

    /**
     * The payload record as the command side serializes it (dates as ISO strings), read back into maps with
     * every decimal a {@link BigDecimal}: a value of {@code 87.25} stays exactly that, with its scale.
     */
    private static final ObjectMapper PAYLOADS = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final MongoCollection<Document> log;

    public AuditLogProjection(MongoDatabase database) {
        this(ReadModelSpace.of(database));
    }

    public AuditLogProjection(ReadModelSpace space) {
        this.log = space.collection(COLLECTION);
        // the report's filters, each followed by _id for the log order (a real MongoDB serves filter and sort
        // from one index; the embedded test server ignores non-unique indexes and scans)
        log.createIndex(Indexes.ascending("aggregateId", "_id"), new IndexOptions().name("aggregate_log_order"));
        log.createIndex(Indexes.ascending("type", "_id"), new IndexOptions().name("type_log_order"));
        log.createIndex(Indexes.ascending("metadata.unitId", "_id"), new IndexOptions().name("unit_log_order"));
        log.createIndex(Indexes.ascending("timestamp"), new IndexOptions().name("timestamp"));
        // reports as of an instant read one movement's events in log order (AsOfReports)
        log.createIndex(Indexes.ascending("payload.movementId", "_id"), new IndexOptions().name("movement_log_order"));
    }

    /** The log-order key of an event: {@code position} and {@code index}, zero-padded. */
    public static String id(long position, int index) {
        if (position < 0 || index < 0) {
            return "%019d-%04d".formatted(position, index);
        }
        // what the format above gives, without parsing a format per event (4 % of a rebuild's CPU)
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

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(List<DomainEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // one write per event even when a batch holds it twice: the last copy wins, and both are the same
        Map<String, Document> documents = new LinkedHashMap<>();
        for (DomainEvent e : events) {
            Document d = document(e);
            documents.put(d.getString("_id"), d);
        }
        // plain inserts, unordered: an event's document is a function of the event, and its _id is the event's place in
        // the log, so a duplicate key means the event is logged already (a redelivered batch, another instance) —
        // nothing to write. Cheaper than an upsert, which looks the document up first.
        try {
            log.insertMany(new ArrayList<>(documents.values()), new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (!e.getWriteErrors().stream().allMatch(err -> err.getCode() == 11000)) {
                throw e;
            }
        }
    }

    /** The audit document of one event: the projection's whole logic. */
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

    static Document metadata(Map<String, Object> metadata) {
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

    static Document payload(Object payload) {
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
}
