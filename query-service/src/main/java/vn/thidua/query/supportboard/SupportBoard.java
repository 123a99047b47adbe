package vn.thidua.query.supportboard;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.springframework.stereotype.Component;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.stream.MergedDocuments;
import vn.thidua.query.stream.Generations;
import vn.thidua.query.stream.ReadModelSpace;
import org.springframework.beans.factory.annotation.Autowired;
import vn.thidua.query.web.Documents;
import vn.thidua.query.web.Folding;
import vn.thidua.query.web.ProblemDetailsAdvice.NotFound;
import vn.thidua.reference.Commune;
import vn.thidua.reference.ReferenceData;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The commune support board of one movement: a row for every commune of the reference list (supported or not),
 * in district and commune code order, with totals per district and for the movement.
 * <p>
 * Cost: a page without filters on projected data (only {@code district} and {@code q}, which the reference lists
 * answer in memory) reads the movement's catalogue entry, its totals document, and the district documents of the
 * page's communes (the projection gathers each district's commune rows into one document): a handful of point reads
 * whatever the size of the country. Filters on projected data ({@code unitId}, {@code status}) and exports read every
 * district document of the movement (700 at national scale).
 */
@Component
public class SupportBoard {

    private final Supplier<ReadModelSpace> live;
    private final ReferenceData reference;
    private final List<Commune> ordered;
    /** Commune names folded once (searching 10,000 names must not fold them on every request). */
    private final Map<String, String> foldedNames = new HashMap<>();
    private final Map<String, Long> communesPerDistrict = new HashMap<>();

    /** A board over the collections under their logical names (tests). */
    public SupportBoard(MongoDatabase queryDatabase, ReferenceData reference) {
        this(() -> ReadModelSpace.of(queryDatabase), reference);
    }

    /** A board over the live read models: each query resolves them once. */
    @Autowired
    public SupportBoard(Generations generations, ReferenceData reference) {
        this(generations::live, reference);
    }

    private SupportBoard(Supplier<ReadModelSpace> live, ReferenceData reference) {
        this.live = live;
        this.reference = reference;
        this.ordered = reference.communes().stream()
                .sorted(Comparator.comparing(Commune::districtCode).thenComparing(Commune::code)).toList();
        reference.communes().forEach(c -> {
            foldedNames.put(c.code(), Folding.fold(c.name()));
            communesPerDistrict.merge(c.districtCode(), 1L, Long::sum);
        });
    }

    /** The filters of the board; {@code null} = not filtered. */
    public record Filter(String movementId, String district, String unitId, String q, Integer year, String status) {

        boolean onProjectedData() {
            return unitId != null || status != null;
        }
    }

    /**
     * One page of rows (or all of them when {@code size} is 0), how many rows match, the totals of the movement and of
     * the districts on the page, and the instant the data is current to.
     */
    public record Result(String movementId, String movementTitle, Instant currentTo, List<Map<String, Object>> rows,
                         long matching, Map<String, Object> province, List<Map<String, Object>> districts) {
    }

    public Result query(Filter f, int page, int size) {
        return query(live.get(), f, page, size);
    }

    /** The board as the given space holds it (the live read models, or a rebuild as of an instant). */
    public Result query(ReadModelSpace space, Filter f, int page, int size) {
        MongoCollection<Document> catalogue = space.collection(MovementCatalogueProjection.COLLECTION);
        MongoCollection<Document> districts = space.collection(SupportBoardProjection.DISTRICTS);
        MongoCollection<Document> provinces = space.collection(SupportBoardProjection.PROVINCE);
        // the title only: the catalogue entry also lists every enrolled unit
        Document movement = catalogue.find(Filters.eq("_id", f.movementId())).projection(Projections.include("title")).first();
        if (movement == null) {
            throw new NotFound("No movement %s in the catalogue".formatted(f.movementId()));
        }
        String folded = f.q() == null || f.q().isBlank() ? null : Folding.fold(f.q());
        // a filter on a unit: the communes its document lists (the rows still pass the filter below); without one
        // (a unit that never supported a commune, or data written before these documents existed) every commune
        Set<String> ofUnit = f.unitId() == null ? null : communesOf(space, f.movementId(), f.unitId());
        List<Commune> scope = ordered.stream()
                .filter(c -> ofUnit == null || ofUnit.contains(c.code()))
                .filter(c -> f.district() == null || f.district().equals(c.districtCode()))
                .filter(c -> folded == null || foldedNames.get(c.code()).contains(folded))
                .toList();
        List<Map<String, Object>> rows;
        long matching;
        Document totals = null; // the movement's totals, when the page already read its document
        Map<String, Document> read = new HashMap<>();
        // a status over the whole province: by the districts' counts; over one district or a name search, the few
        // districts of the scope are read as they are
        if (f.status() != null && f.unitId() == null && f.district() == null && folded == null && size > 0) {
            Counted counted = pageByCounts(districts, provinces, f, scope, page, size, read);
            rows = counted.rows();
            matching = counted.matching();
            totals = counted.movement();
        } else if (f.onProjectedData() || size == 0) {
            Map<String, Document> entries = rowsOf(districts, f.movementId(), scope, read);
            List<Map<String, Object>> all = scope.stream().map(c -> row(c, entries.get(c.code())))
                    .filter(r -> matches(r, f)).toList();
            matching = all.size();
            rows = size == 0 ? all : all.stream().skip((long) page * size).limit(size).toList();
        } else {
            List<Commune> onPage = scope.stream().skip((long) page * size).limit(size).toList();
            Map<String, Document> entries = rowsOf(districts, f.movementId(), onPage, read);
            rows = onPage.stream().map(c -> row(c, entries.get(c.code()))).toList();
            matching = scope.size();
        }
        // the movement's totals from its head (a few hundred bytes), not from the document gathering every district's;
        // a movement without a head yet (written before heads existed) answers from that document
        if (totals == null) {
            totals = MergedDocuments.head(space.collection(SupportBoardProjection.PROVINCE_HEADS), f.movementId());
        }
        if (totals == null) {
            totals = provinces.find(Filters.eq("_id", f.movementId())).projection(Projections.include("totals")).first();
        }
        // communes are counted from the reference lists: a district nobody supports has no document
        Map<String, Object> province = shares(totals == null ? SupportTotals.sum(List.of()) : totals.get("totals", Document.class),
                reference.communes().size());
        // the totals of the districts on the page: from their documents, already read for the rows
        List<String> pageDistricts = rows.stream().map(r -> (String) r.get("districtCode")).distinct().toList();
        List<Map<String, Object>> districtTotals = new ArrayList<>();
        pageDistricts.forEach(code -> {
            Document district = read.get(code);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("districtCode", code);
            t.put("districtName", reference.district(code).map(d -> d.name()).orElse(code));
            Document dt = district == null ? null : district.get("totals", Document.class);
            t.putAll(shares(dt == null ? SupportTotals.sum(List.of()) : dt,
                    communesPerDistrict.getOrDefault(code, 0L)));
            districtTotals.add(t);
        });
        return new Result(f.movementId(), movement.getString("title"),
                space.watermarks().currentTo(SupportBoardProjection.NAME).orElse(null), rows, matching, province, districtTotals);
    }

    /** A page, the count of matches, and the movement's document read for it (null when it has none). */
    private record Counted(List<Map<String, Object>> rows, long matching, Document movement) {
    }

    /**
     * A page of a filter on a status without reading every district: each district's totals (in the movement's
     * document) say how many of its communes match, so only the districts the page falls in are read. Every row
     * returned matches; where the page starts and the count of matches follow the totals, which can be a moment behind
     * the rows (between the two writes of a batch, or after a crash between them until the batch comes again).
     */
    private Counted pageByCounts(MongoCollection<Document> districts, MongoCollection<Document> provinces, Filter f,
                                 List<Commune> scope, int page, int size, Map<String, Document> read) {
        Document movement = provinces.find(Filters.eq("_id", f.movementId())).first();
        Document perDistrict = movement == null || movement.get(MergedDocuments.ENTRIES) == null ? new Document()
                : movement.get(MergedDocuments.ENTRIES, Document.class);
        Map<String, List<Commune>> byDistrict = new LinkedHashMap<>();
        scope.forEach(c -> byDistrict.computeIfAbsent(c.districtCode(), d -> new ArrayList<>()).add(c));
        long from = (long) page * size;
        long matching = 0;
        long skipped = 0;
        List<String> needed = new ArrayList<>();
        for (Map.Entry<String, List<Commune>> d : byDistrict.entrySet()) {
            Document entry = perDistrict.get(d.getKey(), Document.class);
            long count = expected(f, entry == null ? null : entry.get("totals", Document.class), d.getValue().size());
            if (count > 0 && matching + count > from && matching < from + size) {
                if (needed.isEmpty()) {
                    skipped = matching;
                }
                needed.add(d.getKey());
            }
            matching += count;
        }
        List<Commune> communes = needed.stream().flatMap(d -> byDistrict.get(d).stream()).toList();
        Map<String, Document> entries = rowsOf(districts, f.movementId(), communes, read);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String d : needed) {
            byDistrict.get(d).stream().map(c -> row(c, entries.get(c.code()))).filter(r -> matches(r, f)).forEach(rows::add);
        }
        return new Counted(rows.stream().skip(from - skipped).limit(size).toList(), matching, movement);
    }

    /** How many of a district's communes (all of them in the scope) match the filter's status, from its totals. */
    private static long expected(Filter f, Document totals, long communes) {
        long supported = totals == null ? 0 : totals.getLong("communesSupported");
        long assessed = 0;
        long passed = 0;
        if (totals != null && f.year() != null) {
            for (Document y : totals.getList("criterion185", Document.class)) {
                if (f.year().equals(y.getInteger("year"))) {
                    assessed = y.getLong("assessed");
                    passed = y.getLong("passed");
                }
            }
        }
        return switch (f.status()) {
            case "SUPPORTED" -> supported;
            case "UNSUPPORTED" -> communes - supported;
            case "PASSED" -> f.year() == null ? 0 : passed;
            case "FAILED" -> f.year() == null ? 0 : assessed - passed;
            case "NOT_ASSESSED" -> f.year() == null ? communes : communes - assessed;
            default -> communes;
        };
    }

    /** The communes a unit supports or supported in a movement, or null when no document says. */
    private static Set<String> communesOf(ReadModelSpace space, String movementId, String unitId) {
        Document unit = space.collection(SupportBoardProjection.UNITS)
                .find(Filters.eq("_id", SupportBoardProjection.unitId(movementId, unitId))).first();
        return unit == null ? null : unit.get(MergedDocuments.ENTRIES, Document.class).keySet();
    }

    /**
     * The commune rows of the given communes, by commune code, read from their districts' documents; each document
     * read also goes into {@code read} by district code.
     */
    private static Map<String, Document> rowsOf(MongoCollection<Document> districts, String movementId, List<Commune> communes,
                                                Map<String, Document> read) {
        List<String> ids = communes.stream().map(c -> SupportBoardProjection.districtId(movementId, c.districtCode()))
                .distinct().toList();
        Map<String, Document> rows = new HashMap<>();
        if (!ids.isEmpty()) {
            districts.find(Filters.in("_id", ids)).forEach(d -> {
                read.put(d.getString("districtCode"), d);
                d.get(MergedDocuments.ENTRIES, Document.class).forEach((code, row) -> rows.put(code, (Document) row));
            });
        }
        return rows;
    }

    /** Totals as JSON values, with each year's share of communes passing 18.5 (of all communes of the scope). */
    private static Map<String, Object> shares(Document totals, long communes) {
        Map<String, Object> out = new LinkedHashMap<>(Documents.plain(totals));
        out.put("communes", communes);
        List<Map<String, Object>> years = new ArrayList<>();
        for (Document y : totals.getList("criterion185", Document.class)) {
            Map<String, Object> year = new LinkedHashMap<>(Documents.plain(y));
            year.put("shareOfCommunesPassing", communes == 0 ? BigDecimal.ZERO
                    : BigDecimal.valueOf(y.getLong("passed")).divide(BigDecimal.valueOf(communes), 4, RoundingMode.HALF_UP));
            years.add(year);
        }
        out.put("criterion185", years);
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> assessments(Map<String, Object> row) {
        return (List<Map<String, Object>>) row.get("assessments");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> supporters(Map<String, Object> row) {
        return (List<Map<String, Object>>) row.get("supporters");
    }

    private Map<String, Object> row(Commune c, Document doc) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("communeCode", c.code());
        row.put("communeName", c.name());
        row.put("communeType", c.type());
        row.put("districtCode", c.districtCode());
        row.put("districtName", reference.district(c.districtCode()).map(d -> d.name()).orElse(null));
        Map<String, Object> plain = doc == null ? Map.of() : Documents.plain(doc);
        List<Map<String, Object>> supporters = listOf(plain.get("supporters"));
        row.put("supporters", supporters);
        row.put("activeSupporters", supporters.stream().filter(s -> s.get("until") == null).map(s -> s.get("unitId")).toList());
        row.put("activities", listOf(plain.get("activities")));
        row.put("activityCount", plain.getOrDefault("activityCount", 0));
        row.put("latestActivity", plain.get("latestActivity"));
        row.put("assessments", listOf(plain.get("assessments")));
        return row;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOf(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    private static boolean matches(Map<String, Object> r, Filter f) {
        if (f.unitId() != null && supporters(r).stream().noneMatch(s -> f.unitId().equals(s.get("unitId")))) {
            return false;
        }
        if (f.status() != null) {
            boolean supported = !((List<?>) r.get("activeSupporters")).isEmpty();
            Map<String, Object> assessed = f.year() == null ? null : assessments(r).stream()
                    .filter(a -> f.year().equals(((Number) a.get("year")).intValue())).findFirst().orElse(null);
            return switch (f.status()) {
                case "SUPPORTED" -> supported;
                case "UNSUPPORTED" -> !supported;
                case "PASSED" -> assessed != null && Boolean.TRUE.equals(assessed.get("passed"));
                case "FAILED" -> assessed != null && Boolean.FALSE.equals(assessed.get("passed"));
                case "NOT_ASSESSED" -> assessed == null;
                default -> true;
            };
        }
        return true;
    }
}
