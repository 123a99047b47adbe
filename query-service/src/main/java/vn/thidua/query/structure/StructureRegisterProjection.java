package vn.thidua.query.structure;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import vn.thidua.events.structure.StructureVersionImported;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.ProjectionDefinition;
import vn.thidua.projection.ReadModelSpace;
import vn.thidua.projection.Watermarks;
import vn.thidua.reference.StructureLine;
import vn.thidua.reference.StructureList;
import vn.thidua.reference.StructureVersion;
import vn.thidua.reference.StructureVersions;

import java.util.ArrayList;
import java.util.List;

/**
 * The structure register as the reports read it ({@code structure_versions}): one document per imported version
 * ({@code StructureVersionImported}), keyed by its place in the register's stream, so the boards know which province
 * a unit or commune belongs to and what it was formed from (docs/adr/0011). Applying an event again writes the same
 * document.
 */
public class StructureRegisterProjection implements Projection {

    public static final String COLLECTION = "structure_versions";
    public static final String NAME = "structure-register";
    /** The register's stream (the command side's {@code StructureRegister}): no movement's, folded by every as-of report. */
    public static final String STREAM = "structure";
    public static final ProjectionDefinition DEFINITION = new ProjectionDefinition(NAME, List.of(COLLECTION),
            StructureRegisterProjection::new, java.util.Set.of(STREAM));

    private final MongoCollection<Document> versions;
    private final Watermarks watermarks;

    public StructureRegisterProjection(MongoDatabase database) {
        this(ReadModelSpace.of(database));
    }

    public StructureRegisterProjection(ReadModelSpace space) {
        this.versions = space.collection(COLLECTION);
        this.watermarks = space.watermarks();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(List<DomainEvent> events) {
        List<DomainEvent> applied = new ArrayList<>();
        for (DomainEvent e : events) {
            if (e.payload() instanceof StructureVersionImported imported) {
                Document d = document(imported).append("_id", e.aggregateId() + "~" + "%012d".formatted(e.sequence()))
                        .append("sequence", e.sequence());
                versions.replaceOne(Filters.eq("_id", d.getString("_id")), d, new ReplaceOptions().upsert(true));
                applied.add(e);
            }
        }
        watermarks.advance(NAME, applied);
    }

    /** The stored form of an imported version (the event's fields, through the one conversion both services use). */
    static Document document(StructureVersionImported e) {
        StructureVersion v = StructureVersions.of(e);
        List<Document> lines = new ArrayList<>();
        for (StructureLine l : v.lines()) {
            lines.add(new Document("line", l.line()).append("code", l.code()).append("name", l.name()).append("type", l.type())
                    .append("parent", l.parent()).append("formedFrom", l.formedFrom()).append("verified", l.verified())
                    .append("note", l.note()));
        }
        return new Document("provinceCode", v.provinceCode()).append("list", v.list().name())
                .append("effectiveFrom", v.effectiveFrom().toString()).append("source", v.source()).append("lines", lines);
    }

    /** A stored version read back as the register applies it. */
    static StructureVersion version(Document d) {
        List<StructureLine> lines = d.getList("lines", Document.class).stream().map(l -> new StructureLine(l.getInteger("line"),
                l.getString("code"), l.getString("name"), l.getString("type"), l.getString("parent"),
                l.getList("formedFrom", String.class), l.getBoolean("verified"), l.getString("note"))).toList();
        return new StructureVersion(d.getString("provinceCode"), StructureList.valueOf(d.getString("list")),
                java.time.LocalDate.parse(d.getString("effectiveFrom")), d.getString("source"), lines);
    }
}
