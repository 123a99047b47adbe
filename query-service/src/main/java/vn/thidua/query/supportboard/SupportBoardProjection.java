package vn.thidua.query.supportboard;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.types.Decimal128;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.CommuneSupportEnded;
import vn.thidua.events.support.CriterionScores;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.ProjectionDefinition;
import vn.thidua.projection.ReadModelSpace;
import vn.thidua.projection.Watermarks;
import vn.thidua.projection.documents.FoldedDocuments;
import vn.thidua.projection.documents.MergedDocuments;
import vn.thidua.reference.ReferenceData;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The commune support board ({@code support_board}): one document per movement and commune
 * ({@code NTM-2016-2020~07225}, the {@code CommuneSupport} aggregate's id) with the commune's place (district, from
 * the reference lists), its supporters and since when, its activities by type with the latest date, and its
 * criterion 18.5 assessment per year. From these, per batch: each district's rows and totals
 * ({@link #DISTRICTS}), each movement's totals ({@link #PROVINCE}, its head in {@link #PROVINCE_HEADS}) and each
 * supporting unit's communes ({@link #UNITS}) — what a page of the board reads (ADR 0003).
 */
public class SupportBoardProjection implements Projection {

    public static final String COLLECTION = "support_board";
    /** One document per movement and district gathering its commune rows and their totals: what a page reads. */
    public static final String DISTRICTS = "support_board_districts";
    /** One document per movement gathering the totals of its districts. */
    public static final String PROVINCE = "support_board_province";
    /** The totals of each movement alone ({@code MergedDocuments} heads of {@link #PROVINCE}): what a page reads. */
    public static final String PROVINCE_HEADS = "support_board_province_heads";
    /**
     * One document per movement and supporting unit listing the communes it supports or supported (commune code →
     * district code): what a page filtered on a unit reads instead of every district of the movement.
     */
    public static final String UNITS = "support_board_units";
    public static final String NAME = "support-board";

    private final FoldedDocuments documents;
    private final MergedDocuments districts;
    private final MergedDocuments province;
    private final MergedDocuments units;
    private final Watermarks watermarks;
    private final ReferenceData reference;
    private final Map<String, Integer> communesPerDistrict = new HashMap<>();

    /**
     * The support board as the runtime knows it: its name, its collections (rebuilt together), one writing into a space
     * with the reference lists.
     */
    public static ProjectionDefinition definition(ReferenceData reference) {
        return new ProjectionDefinition(NAME, List.of(COLLECTION, DISTRICTS, PROVINCE, PROVINCE_HEADS, UNITS),
                space -> new SupportBoardProjection(space, reference));
    }

    public SupportBoardProjection(MongoDatabase database, ReferenceData reference) {
        this(ReadModelSpace.of(database), reference);
    }

    public SupportBoardProjection(ReadModelSpace space, ReferenceData reference) {
        this.documents = new FoldedDocuments(space.collection(COLLECTION), "support board");
        this.districts = new MergedDocuments(space.collection(DISTRICTS), "support board district");
        this.province = new MergedDocuments(space.collection(PROVINCE), "support board province",
                space.collection(PROVINCE_HEADS), List.of("totals"));
        this.units = new MergedDocuments(space.collection(UNITS), "support board unit");
        this.watermarks = space.watermarks();
        this.reference = reference;
        reference.communes().forEach(c -> communesPerDistrict.merge(c.districtCode(), 1, Integer::sum));
    }

    public static String districtId(String movementId, String districtCode) {
        return movementId + "~" + districtCode;
    }

    public static String unitId(String movementId, String unitId) {
        return movementId + "~" + unitId;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(List<DomainEvent> events) {
        Map<String, List<DomainEvent>> byCommune = new LinkedHashMap<>();
        Set<String> assigned = new HashSet<>();
        List<DomainEvent> applied = new ArrayList<>();
        for (DomainEvent e : events) {
            if (isSupportEvent(e.payload())) {
                byCommune.computeIfAbsent(e.aggregateId(), id -> new ArrayList<>()).add(e);
                if (e.payload() instanceof CommuneSupportAssigned) {
                    assigned.add(e.aggregateId());
                }
                applied.add(e);
            }
        }
        Map<String, Document> communes = documents.apply(byCommune, (doc, e) -> fold(reference, doc, e));
        // every touched commune (written now or before a crash) into its district, then the district into the movement
        Map<String, Map<String, Document>> rows = new LinkedHashMap<>();
        communes.values().forEach(c -> rows
                .computeIfAbsent(districtId(c.getString("movementId"), c.getString("districtCode")), id -> new LinkedHashMap<>())
                .put(c.getString("communeCode"), c));
        // each supporter of a commune assigned in this batch lists it (a unit that ended its support still supported
        // it); a batch delivered again after a crash carries the same assignments
        Map<String, Map<String, Document>> supported = new LinkedHashMap<>();
        communes.forEach((communeId, c) -> {
            if (assigned.contains(communeId)) {
                c.getList("supporters", Document.class).forEach(s -> supported
                        .computeIfAbsent(unitId(c.getString("movementId"), s.getString("unitId")), id -> new LinkedHashMap<>())
                        .put(c.getString("communeCode"), new Document("districtCode", c.getString("districtCode")).append("version", 0L)));
            }
        });
        units.merge(supported, (id, unit) -> { });
        Map<String, Document> touchedDistricts = districts.merge(rows, (id, district) -> {
            String code = id.substring(id.lastIndexOf('~') + 1);
            district.append("movementId", id.substring(0, id.lastIndexOf('~'))).append("districtCode", code)
                    .append("totals", SupportTotals.ofRows(district.get(MergedDocuments.ENTRIES, Document.class).values().stream()
                            .map(v -> (Document) v).toList(), communesPerDistrict.getOrDefault(code, 0)));
        });
        Map<String, Map<String, Document>> totals = new LinkedHashMap<>();
        touchedDistricts.values().forEach(d -> totals.computeIfAbsent(d.getString("movementId"), id -> new LinkedHashMap<>())
                .put(d.getString("districtCode"), new Document("totals", d.get("totals")).append("version", d.getLong("rev"))));
        province.merge(totals, (id, movement) -> movement.append("movementId", id)
                .append("totals", SupportTotals.sum(movement.get(MergedDocuments.ENTRIES, Document.class).values().stream()
                        .map(v -> ((Document) v).get("totals", Document.class)).toList())));
        watermarks.advance(NAME, applied);
    }

    public static boolean isSupportEvent(Object payload) {
        return payload instanceof CommuneSupportAssigned || payload instanceof SupportActivityRecorded
                || payload instanceof CommuneCriterionAssessed || payload instanceof CommuneSupportEnded;
    }

    /**
     * The board document after one more event: the projection's whole logic (also what the audit playback folds).
     * The reference lists name the commune, its district and the supporting units.
     */
    public static Document fold(ReferenceData reference, Document doc, DomainEvent e) {
        Object payload = e.payload();
        if (doc == null) {
            doc = newRow(reference, e);
        }
        if (payload instanceof CommuneSupportAssigned a) {
            List<Document> supporters = new ArrayList<>(doc.getList("supporters", Document.class));
            supporters.add(new Document("unitId", a.unitId())
                    .append("unitName", reference.unit(a.unitId()).map(u -> u.name()).orElse(a.unitId()))
                    .append("since", a.supportFrom().toString())
                    .append("until", null)
                    .append("shared", a.shared())
                    .append("decision", new Document("number", a.decision().number())
                            .append("issuedOn", a.decision().issuedOn().toString())));
            doc.put("supporters", supporters);
        } else if (payload instanceof CommuneSupportEnded ended) {
            List<Document> supporters = new ArrayList<>();
            for (Document s : doc.getList("supporters", Document.class)) {
                boolean closes = s.getString("unitId").equals(ended.unitId()) && s.get("until") == null;
                supporters.add(closes ? new Document(s).append("until", ended.endedOn().toString()) : s);
            }
            doc.put("supporters", supporters);
        } else if (payload instanceof SupportActivityRecorded a) {
            Map<String, Document> byType = new LinkedHashMap<>();
            for (Document t : doc.getList("activities", Document.class)) {
                byType.put(t.getString("type"), t);
            }
            Document t = byType.getOrDefault(a.type().name(), new Document("type", a.type().name())
                    .append("count", 0).append("participants", 0).append("latest", null));
            String latest = t.getString("latest");
            byType.put(a.type().name(), new Document("type", a.type().name())
                    .append("count", t.getInteger("count") + 1)
                    .append("participants", t.getInteger("participants") + a.participants())
                    .append("latest", latest == null || a.heldOn().toString().compareTo(latest) > 0 ? a.heldOn().toString() : latest));
            List<Document> activities = new ArrayList<>(byType.values());
            activities.sort(Comparator.comparing(d -> d.getString("type")));
            doc.put("activities", activities);
            doc.put("activityCount", doc.getInteger("activityCount") + 1);
            String last = doc.getString("latestActivity");
            if (last == null || a.heldOn().toString().compareTo(last) > 0) {
                doc.put("latestActivity", a.heldOn().toString());
            }
        } else if (payload instanceof CommuneCriterionAssessed a) {
            List<Document> assessments = new ArrayList<>();
            for (Document y : doc.getList("assessments", Document.class)) {
                if (y.getInteger("year") != a.year()) {
                    assessments.add(y); // a later assessment of the same year supersedes the earlier one
                }
            }
            assessments.add(new Document("year", a.year())
                    .append("scores", scores(a.scores()))
                    .append("total", new Decimal128(a.total()))
                    .append("noOfficialDisciplined", a.noOfficialDisciplined())
                    .append("passed", a.passed())
                    .append("ruleVersion", a.ruleVersion())
                    .append("assessedOn", a.assessedOn().toString()));
            assessments.sort(Comparator.comparingInt(d -> d.getInteger("year")));
            doc.put("assessments", assessments);
        }
        doc.put("updatedAt", Date.from(e.timestamp()));
        return doc;
    }

    private static Document newRow(ReferenceData reference, DomainEvent e) {
        String[] key = e.aggregateId().split("~", 2);
        String communeCode = key.length == 2 ? key[1] : e.aggregateId();
        var commune = reference.commune(communeCode);
        String districtCode = commune.map(c -> c.districtCode()).orElse(null);
        return new Document("movementId", key[0])
                .append("communeCode", communeCode)
                .append("communeName", commune.map(c -> c.name()).orElse(communeCode))
                .append("districtCode", districtCode)
                .append("districtName", reference.district(districtCode).map(d -> d.name()).orElse(null))
                .append("supporters", new ArrayList<Document>())
                .append("activities", new ArrayList<Document>())
                .append("activityCount", 0)
                .append("latestActivity", null)
                .append("assessments", new ArrayList<Document>());
    }

    private static Document scores(CriterionScores s) {
        return new Document("tc1", new Decimal128(s.tc1())).append("tc2", new Decimal128(s.tc2()))
                .append("tc3", new Decimal128(s.tc3())).append("tc4", new Decimal128(s.tc4()))
                .append("tc5", new Decimal128(s.tc5()));
    }
}
