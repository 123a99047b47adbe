package vn.thidua.query.catalogue;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.bulk.BulkWriteResult;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.thidua.events.movement.Indicator;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.LegalDocument;
import vn.thidua.events.movement.MovementClosed;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;
import vn.thidua.query.stream.DomainEvent;
import vn.thidua.query.stream.Projection;
import vn.thidua.query.web.Folding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The movement catalogue: one document per movement with its legal basis, status, key tasks and enrolled
 * units ({@code movement_catalogue}).
 * <p>
 * Each document carries {@code version}, the sequence of the last event applied to it. A batch is folded
 * in memory (one read of the touched documents by {@code _id $in}, one bulk write), and each write is
 * conditional on the version it was folded from (through the unique {@code revision} key): an event at or below the version is skipped (applied
 * twice = applied once), and if another instance wrote the document in between, the batch is folded again.
 */
public class MovementCatalogueProjection implements Projection {

    private static final Logger log = LoggerFactory.getLogger(MovementCatalogueProjection.class);
    public static final String COLLECTION = "movement_catalogue";
    /** Internal: the optimistic-lock key of a document; not part of the API. */
    public static final String REVISION = "revision";

    private final MongoCollection<Document> movements;

    public MovementCatalogueProjection(MongoDatabase database) {
        this.movements = database.getCollection(COLLECTION);
        movements.createIndex(Indexes.ascending(REVISION), new IndexOptions().unique(true).name("revision_unique"));
    }

    /**
     * The document's id and version as one unique key ({@code "TDTN-2018#7"}). A conditional write filters on
     * it alone: a filter on {@code _id} and {@code version} together would make the embedded MongoDB-wire server,
     * which uses an index only when the filter names exactly its fields, scan the whole collection.
     */
    static String revision(String id, long version) {
        return id + "#" + version;
    }

    @Override
    public String name() {
        return "movement-catalogue";
    }

    @Override
    public void apply(List<DomainEvent> events) {
        Map<String, List<DomainEvent>> byMovement = new LinkedHashMap<>();
        for (DomainEvent e : events) {
            if (isCatalogueEvent(e.payload())) {
                byMovement.computeIfAbsent(e.aggregateId(), id -> new ArrayList<>()).add(e);
            }
        }
        if (byMovement.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                writeFolded(byMovement);
                return;
            } catch (ConcurrentProjectionWrite e) {
                if (attempt == 5) {
                    throw e;
                }
                log.debug("Another instance wrote the catalogue meanwhile; folding again ({})", attempt);
            }
        }
    }

    private void writeFolded(Map<String, List<DomainEvent>> byMovement) {
        Map<String, Document> current = new HashMap<>();
        movements.find(Filters.in("_id", byMovement.keySet())).forEach(d -> current.put(d.getString("_id"), d));
        List<WriteModel<Document>> writes = new ArrayList<>();
        byMovement.forEach((id, stream) -> {
            Document before = current.get(id);
            Document after = before == null ? null : new Document(before); // fold replaces, never mutates, nested values
            long version = before == null ? -1 : before.getLong("version");
            for (DomainEvent e : stream.stream().sorted(Comparator.comparingLong(DomainEvent::sequence)).toList()) {
                if (e.sequence() <= version) {
                    continue; // already applied
                }
                if (e.sequence() != version + 1) {
                    throw new IllegalStateException("Movement %s: event %d arrived after %d; events are missing"
                            .formatted(id, e.sequence(), version));
                }
                after = fold(after, e);
                version = e.sequence();
            }
            if (after == null || (before != null && version == before.getLong("version"))) {
                return;
            }
            if (before == null) {
                writes.add(new InsertOneModel<>(after));
            } else {
                // the filter names one unique key only, so even the embedded server finds the document by index
                writes.add(new ReplaceOneModel<>(Filters.eq(REVISION, revision(id, before.getLong("version"))), after));
            }
        });
        if (writes.isEmpty()) {
            return;
        }
        try {
            BulkWriteResult result = movements.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            long expectedReplacements = writes.stream().filter(w -> w instanceof ReplaceOneModel).count();
            if (result.getMatchedCount() != expectedReplacements) {
                throw new ConcurrentProjectionWrite();
            }
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().allMatch(err -> err.getCode() == 11000)) {
                throw new ConcurrentProjectionWrite();
            }
            throw e;
        }
    }

    static boolean isCatalogueEvent(Object payload) {
        return payload instanceof MovementRegistered || payload instanceof KeyTaskDefined
                || payload instanceof UnitEnrolled || payload instanceof MovementClosed;
    }

    /** The catalogue document after one more event: the projection's whole logic. */
    static Document fold(Document doc, DomainEvent e) {
        Object payload = e.payload();
        if (payload instanceof MovementRegistered r) {
            doc = new Document("_id", r.movementId())
                    .append("code", r.movementId())
                    .append("title", r.title())
                    .append("titleFolded", Folding.fold(r.title()))
                    .append("kind", r.kind().name())
                    .append("periodStart", r.periodStart().toString())
                    .append("periodEnd", r.periodEnd().toString())
                    .append("launchingPlan", document(r.launchingPlan()))
                    .append("legalBasis", r.legalBasis().stream().map(MovementCatalogueProjection::document).toList())
                    .append("status", "OPEN")
                    .append("keyTasks", new ArrayList<Document>())
                    .append("enrolledUnits", new ArrayList<Document>())
                    .append("registeredAt", Date.from(e.timestamp()))
                    .append("registeredBy", e.metadata().get("subject"));
        } else if (payload instanceof KeyTaskDefined t) {
            List<Document> tasks = new ArrayList<>(doc.getList("keyTasks", Document.class));
            tasks.add(new Document("taskNo", t.taskNo()).append("title", t.title())
                    .append("indicators", t.indicators().stream().map(MovementCatalogueProjection::document).toList()));
            tasks.sort(Comparator.comparingInt(d -> d.getInteger("taskNo")));
            doc.put("keyTasks", tasks);
        } else if (payload instanceof UnitEnrolled u) {
            List<Document> units = new ArrayList<>(doc.getList("enrolledUnits", Document.class));
            units.add(new Document("unitId", u.unitId()).append("enrolledOn", u.enrolledOn().toString())
                    .append("pledgedTitle", u.pledgedTitle()).append("pledges", u.pledges()));
            doc.put("enrolledUnits", units);
        } else if (payload instanceof MovementClosed c) {
            doc.put("status", "CLOSED");
            doc.put("closedOn", c.closedOn().toString());
            doc.put("closingSummary", c.summary());
        }
        doc.put("version", e.sequence());
        doc.put(REVISION, revision(e.aggregateId(), e.sequence()));
        doc.put("lastPosition", e.position());
        doc.put("updatedAt", Date.from(e.timestamp()));
        return doc;
    }

    private static Document document(LegalDocument d) {
        return new Document("number", d.number()).append("kind", d.kind().name()).append("issuer", d.issuer())
                .append("issuedOn", d.issuedOn().toString()).append("title", d.title());
    }

    private static Document document(Indicator i) {
        return new Document("code", i.code()).append("name", i.name()).append("unitOfMeasure", i.unitOfMeasure())
                .append("target", new org.bson.types.Decimal128(i.target()));
    }

    /** Another instance changed a document between our read and our write. */
    static class ConcurrentProjectionWrite extends RuntimeException {
        ConcurrentProjectionWrite() {
            super("A catalogue document changed between read and write", null, false, false);
        }
    }
}
