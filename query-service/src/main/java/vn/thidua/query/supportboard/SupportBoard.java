package vn.thidua.query.supportboard;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import vn.thidua.query.access.Access;
import vn.thidua.query.catalogue.CatalogueDocuments;
import vn.thidua.query.structure.Structures;
import vn.thidua.projection.ReadModelSpace;
import vn.thidua.projection.documents.MergedDocuments;
import vn.thidua.projection.generation.Generations;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.catalogue.MovementNotFound;
import vn.thidua.query.text.Folding;
import vn.thidua.reference.Commune;
import vn.thidua.reference.District;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.StructureHistory;
import vn.thidua.reference.StructureList;
import vn.thidua.reference.StructureUnit;
import vn.thidua.security.Principal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The commune support board of one movement: a row for every commune valid on the board's day (supported or not), in
 * district and commune code order, with totals per district and for the movement.
 * <p>
 * Cost, while the day's communes are the lists the deployment starts with: a page without filters on projected data (only {@code district} and {@code q}, which the reference lists
 * answer in memory) reads the movement's catalogue entry, its totals document, and the district documents of the
 * page's communes (the projection gathers each district's commune rows into one document): a handful of point reads
 * whatever the size of the country. Filters on projected data ({@code unitId}, {@code status}) and exports read every
 * district document of the movement (700 at national scale). On a later day, or on the Ministry's movement, every
 * district document of the movement is read and rolled into the day's communes in memory ({@link StructureRollUp}).
 */
@Component
public class SupportBoard {

    /** The zone of the days the boards speak of. */
    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    private final Supplier<ReadModelSpace> live;
    private final ReferenceData reference;
    private final Structures structures;
    private final List<Commune> ordered;
    /** Commune names folded once (searching 10,000 names must not fold them on every request). */
    private final Map<String, String> foldedNames = new HashMap<>();
    private final Map<String, Long> communesPerDistrict = new HashMap<>();

    /** A board over the collections under their logical names (tests). */
    public SupportBoard(MongoDatabase queryDatabase, ReferenceData reference) {
        this(() -> ReadModelSpace.of(queryDatabase), reference, new Structures(queryDatabase, reference));
    }

    /** A board over the live read models: each query resolves them once. */
    @Autowired
    public SupportBoard(Generations generations, ReferenceData reference, Structures structures) {
        this(generations::live, reference, structures);
    }

    private SupportBoard(Supplier<ReadModelSpace> live, ReferenceData reference, Structures structures) {
        this.live = live;
        this.reference = reference;
        this.structures = structures;
        this.ordered = reference.communes().stream()
                .sorted(Comparator.comparing(Commune::districtCode).thenComparing(Commune::code)).toList();
        reference.communes().forEach(c -> {
            foldedNames.put(c.code(), Folding.fold(c.name()));
            communesPerDistrict.merge(c.districtCode(), 1L, Long::sum);
        });
    }

    /**
     * One page of rows (or all of them when {@code size} is 0), how many rows match, the totals of the movement and of
     * the districts on the page, and the instant the data is current to.
     */
    public record Result(String movementId, String movementTitle, Instant currentTo, List<CommuneRow> rows,
                         long matching, BoardTotals province, List<DistrictTotals> districts,
                         List<CommuneRow.Predecessor> withoutSuccessor) {

        Result(String movementId, String movementTitle, Instant currentTo, List<CommuneRow> rows, long matching,
               BoardTotals province, List<DistrictTotals> districts) {
            this(movementId, movementTitle, currentTo, rows, matching, province, districts, null);
        }
    }

    public Result query(SupportBoardQuery query, int page, int size) {
        return query(live.get(), query, page, size);
    }

    /** The board as the given space holds it (the live read models, or a rebuild as of an instant), every province's. */
    public Result query(ReadModelSpace space, SupportBoardQuery f, int page, int size) {
        return query(space, f, page, size, null);
    }

    /**
     * The board as a caller of {@code callerProvince} reads it ({@code null}: the Ministry, every province). Its rows are
     * the communes valid on the board's day ({@link #dayOf}) in the register as the space holds it: a province's movement
     * shows that province's communes; the Ministry's sector-wide movement shows the caller's province's, or, to the
     * Ministry, every province's. A movement of another province is refused ({@code 403}). While the day's communes are
     * the lists the deployment starts with, the board is theirs as it always was (totals from the projection's documents).
     */
    public Result query(ReadModelSpace space, SupportBoardQuery f, int page, int size, String callerProvince) {
        MongoCollection<Document> catalogue = space.collection(MovementCatalogueProjection.COLLECTION);
        MongoCollection<Document> districts = space.collection(SupportBoardProjection.DISTRICTS);
        MongoCollection<Document> provinces = space.collection(SupportBoardProjection.PROVINCE);
        // the title, province and last day only: the catalogue entry also lists every enrolled unit
        Document movement = catalogue.find(Filters.eq("_id", f.movementId()))
                .projection(Projections.include("title", "provinceCode", "periodEnd")).first();
        if (movement == null) {
            throw new MovementNotFound(f.movementId());
        }
        String movementProvince = CatalogueDocuments.provinceOf(movement);
        Access.movementIsVisible(callerProvince, f.movementId(), movementProvince);
        StructureHistory history = structures.in(space);
        LocalDate day = f.structure() != null ? f.structure() : dayOf(CatalogueDocuments.periodEndOf(movement), f.asOf());
        if (f.structure() != null || !movementProvince.equals(reference.provinceCode())
                || !history.startingListOn(movementProvince, StructureList.ADMIN_UNITS, day)) {
            List<String> shown = Principal.MINISTRY.equals(movementProvince)
                    ? callerProvince != null ? List.of(callerProvince) : history.provinces().stream().map(StructureUnit::code).toList()
                    : List.of(movementProvince);
            return inStructure(space, history, shown, day, f, page, size, movement.getString("title"));
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
        List<CommuneRow> rows;
        long matching;
        BoardTotals province = null; // the movement's totals, when the page already read its document
        Map<String, Document> read = new HashMap<>();
        // a status over the whole province: by the districts' counts; over one district or a name search, the few
        // districts of the scope are read as they are
        if (f.status() != null && f.unitId() == null && f.district() == null && folded == null && size > 0) {
            Counted counted = pageByCounts(districts, provinces, f, scope, page, size, read);
            rows = counted.rows();
            matching = counted.matching();
            province = counted.province();
        } else if (f.onProjectedData() || size == 0) {
            Map<String, Document> entries = rowsOf(districts, f.movementId(), scope, read);
            List<CommuneRow> all = scope.stream().map(c -> row(c, entries.get(c.code())))
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
        // communes are counted from the reference lists: a district nobody supports has no document
        if (province == null) {
            Document totals = MergedDocuments.head(space.collection(SupportBoardProjection.PROVINCE_HEADS), f.movementId());
            if (totals == null) {
                totals = provinces.find(Filters.eq("_id", f.movementId())).projection(Projections.include("totals")).first();
            }
            province = SupportBoardDocuments.totals(totals, reference.communes().size());
        }
        // the totals of the districts on the page: from their documents, already read for the rows
        List<DistrictTotals> districtTotals = rows.stream().map(CommuneRow::districtCode).distinct()
                .map(code -> new DistrictTotals(code, reference.district(code).map(District::name).orElse(code),
                        SupportBoardDocuments.totals(read.get(code), communesPerDistrict.getOrDefault(code, 0L))))
                .toList();
        return new Result(f.movementId(), movement.getString("title"),
                space.watermarks().currentTo(SupportBoardProjection.NAME).orElse(null), rows, matching, province, districtTotals);
    }

    /**
     * The day whose communes a board without {@code structure} shows: the movement's last day, or the day of the
     * instant it is asked as of (today when none) if that is earlier.
     */
    static LocalDate dayOf(LocalDate periodEnd, Instant asOf) {
        LocalDate now = (asOf == null ? Instant.now() : asOf).atZone(ZONE).toLocalDate();
        return periodEnd == null || now.isBefore(periodEnd) ? now : periodEnd;
    }

    /**
     * The board in the structure valid on {@code day} ({@link StructureRollUp}): every stored commune row of the
     * movement read, rolled into the communes of the provinces shown on that day, filtered and paged in memory.
     */
    private Result inStructure(ReadModelSpace space, StructureHistory history, List<String> provinces, LocalDate day,
                               SupportBoardQuery f, int page, int size, String title) {
        Map<String, Document> stored = new HashMap<>();
        space.collection(SupportBoardProjection.DISTRICTS).find(Filters.eq("movementId", f.movementId()))
                .forEach(d -> stored.putAll(SupportBoardDocuments.rows(d)));
        StructureRollUp.Rolled rolled = StructureRollUp.rolled(history, provinces, day, stored);
        List<CommuneRow> all = rolled.rows();
        String folded = f.q() == null || f.q().isBlank() ? null : Folding.fold(f.q());
        List<CommuneRow> matching = all.stream()
                .filter(r -> f.district() == null || f.district().equals(r.districtCode()))
                .filter(r -> StructureRollUp.named(r, folded))
                .filter(r -> matches(r, f)).toList();
        List<CommuneRow> rows = size == 0 ? matching : matching.stream().skip((long) page * size).limit(size).toList();
        List<DistrictTotals> districtTotals = rows.stream().filter(r -> r.districtCode() != null)
                .map(r -> Map.entry(r.districtCode(), r.districtName() == null ? r.districtCode() : r.districtName())).distinct()
                .map(d -> new DistrictTotals(d.getKey(), d.getValue(), StructureRollUp.totals(all.stream()
                        .filter(r -> d.getKey().equals(r.districtCode())).toList())))
                .toList();
        return new Result(f.movementId(), title, space.watermarks().currentTo(SupportBoardProjection.NAME).orElse(null), rows,
                matching.size(), StructureRollUp.totals(all), districtTotals, rolled.withoutSuccessor());
    }

    /** A page, the count of matches, and the movement's totals in the document read for it (null when it has none). */
    private record Counted(List<CommuneRow> rows, long matching, BoardTotals province) {
    }

    /**
     * A page of a filter on a status without reading every district: each district's totals (in the movement's
     * document) say how many of its communes match, so only the districts the page falls in are read. Every row
     * returned matches; where the page starts and the count of matches follow the totals, which can be a moment behind
     * the rows (between the two writes of a batch, or after a crash between them until the batch comes again).
     */
    private Counted pageByCounts(MongoCollection<Document> districts, MongoCollection<Document> provinces,
                                 SupportBoardQuery f, List<Commune> scope, int page, int size, Map<String, Document> read) {
        Document movement = provinces.find(Filters.eq("_id", f.movementId())).first();
        Map<String, List<Commune>> byDistrict = new LinkedHashMap<>();
        scope.forEach(c -> byDistrict.computeIfAbsent(c.districtCode(), d -> new ArrayList<>()).add(c));
        long from = (long) page * size;
        long matching = 0;
        long skipped = 0;
        List<String> needed = new ArrayList<>();
        for (Map.Entry<String, List<Commune>> d : byDistrict.entrySet()) {
            long communes = d.getValue().size();
            long count = expected(f, SupportBoardDocuments.totalsInMovement(movement, d.getKey(), communes), communes);
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
        List<CommuneRow> rows = new ArrayList<>();
        for (String d : needed) {
            byDistrict.get(d).stream().map(c -> row(c, entries.get(c.code()))).filter(r -> matches(r, f)).forEach(rows::add);
        }
        return new Counted(rows.stream().skip(from - skipped).limit(size).toList(), matching,
                movement == null ? null : SupportBoardDocuments.totals(movement, reference.communes().size()));
    }

    /** How many of a district's communes (all of them in the scope) match the filter's status, from its totals. */
    private static long expected(SupportBoardQuery f, BoardTotals totals, long communes) {
        long assessed = 0;
        long passed = 0;
        if (f.year() != null) {
            for (BoardTotals.YearTotals y : totals.criterion185()) {
                if (f.year() == y.year()) {
                    assessed = y.assessed();
                    passed = y.passed();
                }
            }
        }
        return switch (f.status()) {
            case "SUPPORTED" -> totals.communesSupported();
            case "UNSUPPORTED" -> communes - totals.communesSupported();
            case "PASSED" -> f.year() == null ? 0 : passed;
            case "FAILED" -> f.year() == null ? 0 : assessed - passed;
            case "NOT_ASSESSED" -> f.year() == null ? communes : communes - assessed;
            default -> communes;
        };
    }

    /** The communes a unit supports or supported in a movement, or null when no document says. */
    private static Set<String> communesOf(ReadModelSpace space, String movementId, String unitId) {
        return SupportBoardDocuments.communesOfUnit(space.collection(SupportBoardProjection.UNITS)
                .find(Filters.eq("_id", SupportBoardProjection.unitId(movementId, unitId))).first());
    }

    /**
     * The stored commune rows of the given communes, by commune code, read from their districts' documents; each
     * document read also goes into {@code read} by district code.
     */
    private static Map<String, Document> rowsOf(MongoCollection<Document> districts, String movementId, List<Commune> communes,
                                                Map<String, Document> read) {
        List<String> ids = communes.stream().map(c -> SupportBoardProjection.districtId(movementId, c.districtCode()))
                .distinct().toList();
        Map<String, Document> rows = new HashMap<>();
        if (!ids.isEmpty()) {
            districts.find(Filters.in("_id", ids)).forEach(d -> {
                read.put(SupportBoardDocuments.districtCode(d), d);
                rows.putAll(SupportBoardDocuments.rows(d));
            });
        }
        return rows;
    }

    private CommuneRow row(Commune c, Document stored) {
        return SupportBoardDocuments.row(c, reference.district(c.districtCode()).map(District::name).orElse(null), stored);
    }

    private static boolean matches(CommuneRow r, SupportBoardQuery f) {
        if (f.unitId() != null && r.supporters().stream().noneMatch(s -> f.unitId().equals(s.unitId()))) {
            return false;
        }
        if (f.status() != null) {
            boolean supported = !r.activeSupporters().isEmpty();
            CommuneRow.Assessment assessed = f.year() == null ? null : r.assessments().stream()
                    .filter(a -> f.year() == a.year()).findFirst().orElse(null);
            return switch (f.status()) {
                case "SUPPORTED" -> supported;
                case "UNSUPPORTED" -> !supported;
                case "PASSED" -> assessed != null && assessed.passed();
                case "FAILED" -> assessed != null && !assessed.passed();
                case "NOT_ASSESSED" -> assessed == null;
                default -> true;
            };
        }
        return true;
    }
}
