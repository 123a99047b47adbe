package vn.thidua.query.audit;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.ProjectionDefinition;
import vn.thidua.projection.ReadModelSpace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log ({@code audit_log}): every event of every type, one document each, in log order. Nothing is
 * folded: the document is the event itself, its metadata (who, in which role and unit, in which submission)
 * and its payload as a BSON document.
 * <p>
 * The event is stored whole ({@link LoggedEvents#document}), so it can be read back ({@link LoggedEvents#decode}).
 * <p>
 * The {@code _id} is the event's place in the log ({@link LoggedEvents#id}), so sorting by {@code _id} is log order and
 * the same event always lands on the same document: a batch is one unordered bulk of inserts, and an event applied
 * again (a redelivered batch, a second instance) finds its document there already (a duplicate key, ignored).
 */
public class AuditLogProjection implements Projection {

    public static final String COLLECTION = "audit_log";
    public static final String NAME = "audit-log";
    /** The audit log as the runtime knows it: its name, its collection, one writing into a space. */
    public static final ProjectionDefinition DEFINITION = new ProjectionDefinition(NAME, List.of(COLLECTION),
            AuditLogProjection::new);

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
            Document d = LoggedEvents.document(e);
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
}
