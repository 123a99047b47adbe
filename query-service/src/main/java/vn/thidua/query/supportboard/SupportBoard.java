package vn.thidua.query.supportboard;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.springframework.stereotype.Component;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.stream.Watermarks;
import vn.thidua.query.web.Documents;
import vn.thidua.query.web.Folding;
import vn.thidua.query.web.ProblemDetailsAdvice.NotFound;
import vn.thidua.reference.Commune;
import vn.thidua.reference.ReferenceData;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The commune support board of one movement: a row for every commune of the reference list (supported or not),
 * in district and commune code order, and totals per district and for the province.
 * <p>
 * Cost: one read of the movement's catalogue entry and one {@code _id $in} read of its commune documents (230 for
 * Bắc Giang); filters, search, totals and paging run in memory over those rows.
 */
@Component
public class SupportBoard {

    private final MongoCollection<Document> board;
    private final MongoCollection<Document> catalogue;
    private final Watermarks watermarks;
    private final ReferenceData reference;

    public SupportBoard(MongoDatabase queryDatabase, Watermarks watermarks, ReferenceData reference) {
        this.board = queryDatabase.getCollection(SupportBoardProjection.COLLECTION);
        this.catalogue = queryDatabase.getCollection(MovementCatalogueProjection.COLLECTION);
        this.watermarks = watermarks;
        this.reference = reference;
    }

    /** The filters of the board; {@code null} = not filtered. */
    public record Filter(String movementId, String district, String unitId, String q, Integer year, String status) {
    }

    /** Every row matching the filter, the totals of the whole movement, and the instant the data is current to. */
    public record Result(String movementId, String movementTitle, Instant currentTo, List<Map<String, Object>> rows,
                         Map<String, Object> province, List<Map<String, Object>> districts) {
    }

    public Result query(Filter f) {
        Document movement = catalogue.find(Filters.eq("_id", f.movementId())).first();
        if (movement == null) {
            throw new NotFound("No movement %s in the catalogue".formatted(f.movementId()));
        }
        List<String> ids = reference.communes().stream().map(c -> f.movementId() + "~" + c.code()).toList();
        Map<String, Document> docs = new HashMap<>();
        board.find(Filters.in("_id", ids)).forEach(d -> docs.put(d.getString("communeCode"), d));

        List<Map<String, Object>> all = new ArrayList<>();
        for (Commune c : reference.communes()) {
            all.add(row(c, docs.get(c.code())));
        }
        all.sort((a, b) -> {
            int byDistrict = String.valueOf(a.get("districtCode")).compareTo(String.valueOf(b.get("districtCode")));
            return byDistrict != 0 ? byDistrict : String.valueOf(a.get("communeCode")).compareTo(String.valueOf(b.get("communeCode")));
        });
        TreeSet<Integer> years = new TreeSet<>();
        all.forEach(r -> assessments(r).forEach(a -> years.add(((Number) a.get("year")).intValue())));

        Map<String, List<Map<String, Object>>> byDistrict = new TreeMap<>();
        all.forEach(r -> byDistrict.computeIfAbsent(String.valueOf(r.get("districtCode")), k -> new ArrayList<>()).add(r));
        List<Map<String, Object>> districts = new ArrayList<>();
        byDistrict.forEach((code, rows) -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("districtCode", code);
            t.put("districtName", reference.district(code).map(d -> d.name()).orElse(code));
            t.putAll(totals(rows, years));
            districts.add(t);
        });
        String folded = f.q() == null || f.q().isBlank() ? null : Folding.fold(f.q());
        List<Map<String, Object>> matching = all.stream().filter(r -> matches(r, f, folded)).toList();
        return new Result(f.movementId(), movement.getString("title"),
                watermarks.currentTo(SupportBoardProjection.NAME).orElse(null), matching, totals(all, years), districts);
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

    private boolean matches(Map<String, Object> r, Filter f, String folded) {
        if (f.district() != null && !f.district().equals(r.get("districtCode"))) {
            return false;
        }
        if (f.unitId() != null && supporters(r).stream().noneMatch(s -> f.unitId().equals(s.get("unitId")))) {
            return false;
        }
        if (folded != null && !Folding.fold((String) r.get("communeName")).contains(folded)) {
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

    /** Counts over rows: communes, supported now, ever supported, activities, and per year assessed / passed / share. */
    static Map<String, Object> totals(List<Map<String, Object>> rows, TreeSet<Integer> years) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("communes", rows.size());
        t.put("communesSupported", rows.stream().filter(r -> !((List<?>) r.get("activeSupporters")).isEmpty()).count());
        t.put("communesEverSupported", rows.stream().filter(r -> !supporters(r).isEmpty()).count());
        t.put("activities", rows.stream().mapToLong(r -> ((Number) r.get("activityCount")).longValue()).sum());
        List<Map<String, Object>> perYear = new ArrayList<>();
        for (int year : years) {
            long assessed = 0;
            long passed = 0;
            for (Map<String, Object> r : rows) {
                for (Map<String, Object> a : assessments(r)) {
                    if (((Number) a.get("year")).intValue() == year) {
                        assessed++;
                        if (Boolean.TRUE.equals(a.get("passed"))) {
                            passed++;
                        }
                    }
                }
            }
            Map<String, Object> y = new LinkedHashMap<>();
            y.put("year", year);
            y.put("assessed", assessed);
            y.put("passed", passed);
            // share of the communes of the scope that passed 18.5 that year (not of those assessed)
            y.put("shareOfCommunesPassing", rows.isEmpty() ? BigDecimal.ZERO
                    : BigDecimal.valueOf(passed).divide(BigDecimal.valueOf(rows.size()), 4, RoundingMode.HALF_UP));
            perYear.add(y);
        }
        t.put("criterion185", perYear);
        return t;
    }
}
