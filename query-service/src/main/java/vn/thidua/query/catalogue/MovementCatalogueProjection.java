package vn.thidua.query.catalogue;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import vn.thidua.events.movement.Indicator;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.LegalDocument;
import vn.thidua.events.movement.MovementClosed;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.ProjectionDefinition;
import vn.thidua.projection.ReadModelSpace;
import vn.thidua.projection.documents.FoldedDocuments;
import vn.thidua.query.text.Folding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The movement catalogue: one document per movement with its legal basis, status, key tasks and enrolled
 * units ({@code movement_catalogue}).
 * <p>
 * Written through {@link FoldedDocuments}: each document carries {@code version}, the sequence of the last event
 * applied to it; an event at or below it is skipped (applied twice = applied once), a missing sequence stops the
 * batch, and if another instance wrote the document in between, the batch is folded again.
 */
public class MovementCatalogueProjection implements Projection {

    public static final String COLLECTION = "movement_catalogue";
    public static final String NAME = "movement-catalogue";
    /** The catalogue as the runtime knows it: its name, its collection, one writing into a space. */
    public static final ProjectionDefinition DEFINITION = new ProjectionDefinition(NAME, List.of(COLLECTION),
            MovementCatalogueProjection::new);
    /** Internal: the optimistic-lock key of a document; not part of the API. */
    public static final String REVISION = FoldedDocuments.REVISION;

    private final FoldedDocuments movements;

    public MovementCatalogueProjection(MongoDatabase database) {
        this(ReadModelSpace.of(database));
    }

    public MovementCatalogueProjection(ReadModelSpace space) {
        this.movements = new FoldedDocuments(space.collection(COLLECTION), "catalogue");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(List<DomainEvent> events) {
        Map<String, List<DomainEvent>> byMovement = new LinkedHashMap<>();
        for (DomainEvent e : events) {
            if (isCatalogueEvent(e.payload())) {
                byMovement.computeIfAbsent(e.aggregateId(), id -> new ArrayList<>()).add(e);
            }
        }
        movements.apply(byMovement, MovementCatalogueProjection::fold);
    }

    public static boolean isCatalogueEvent(Object payload) {
        return payload instanceof MovementRegistered || payload instanceof KeyTaskDefined
                || payload instanceof UnitEnrolled || payload instanceof MovementClosed;
    }

    /** The catalogue document after one more event: the projection's whole logic (also what the audit playback folds). */
    public static Document fold(Document doc, DomainEvent e) {
        Object payload = e.payload();
        if (payload instanceof MovementRegistered r) {
            doc = new Document("_id", r.movementId())
                    .append("code", r.movementId())
                    .append("title", r.title())
                    .append("titleFolded", Folding.fold(r.title()))
                    .append("kind", r.kind().name())
                    .append("provinceCode", r.provinceCode())
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
}
