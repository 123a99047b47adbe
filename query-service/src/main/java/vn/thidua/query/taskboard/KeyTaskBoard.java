package vn.thidua.query.taskboard;

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
import vn.thidua.query.web.Folding;
import vn.thidua.query.web.ProblemDetailsAdvice.NotFound;
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
import java.util.function.Supplier;

/**
 * The key-task board of one movement and period: the tasks × enrolled units matrix of reported values against
 * targets, each unit's completion and rank, and per-task totals.
 * <p>
 * <b>Completion</b> of a task by a unit = the mean, over the task's indicators, of {@code min(value / target, 1)}
 * (an indicator with target 0 counts 1 when reported; an indicator not reported counts 0). A unit's completion = the
 * mean over all the movement's key tasks (a task without a counted result counts 0). Which results count is
 * {@code counted}: {@code APPROVED} (default: only what the province approved) or {@code REPORTED} (submitted and
 * approved; a returned result does not count until it is corrected). <b>Rank</b>: competition ranking by completion
 * (rounded to 4 decimals), highest first; equal completion = equal rank, and the next rank skips (1, 2, 2, 4).
 * <p>
 * Cost: two point reads of version numbers — the movement's catalogue entry and the period's board document — and,
 * when either changed since the board was last computed, two point reads of the whole documents (tasks, targets,
 * enrolled units; every unit's cells, which the projection gathers into the period's document) and the ranking in
 * memory.
 */
@Component
public class KeyTaskBoard {

    public static final String RANKING_RULE = "Competition ranking by completion, highest first: units with equal "
            + "completion (4 decimals) share a rank and the next rank skips (1, 2, 2, 4). Completion = mean over the "
            + "movement's key tasks of the mean over each task's indicators of min(value / target, 1); a task without "
            + "a counted result counts 0.";
    private static final int SCALE = 4;

    private static final int KEPT = 8;
    private final Supplier<ReadModelSpace> live;
    private final Map<String, Computed> kept = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Computed> eldest) {
            return size() > KEPT;
        }
    });
    private final ReferenceData reference;

    /** A board over the collections under their logical names (tests). */
    public KeyTaskBoard(MongoDatabase queryDatabase, ReferenceData reference) {
        this(() -> ReadModelSpace.of(queryDatabase), reference);
    }

    /** A board over the live read models: each query resolves them once. */
    @Autowired
    public KeyTaskBoard(Generations generations, ReferenceData reference) {
        this(generations::live, reference);
    }

    private KeyTaskBoard(Supplier<ReadModelSpace> live, ReferenceData reference) {
        this.live = live;
        this.reference = reference;
    }

    public record Filter(String movementId, String period, String district, String unitId, String status, String counted,
                         String q) {

        public Filter(String movementId, String period, String district, String unitId, String status, String counted) {
            this(movementId, period, district, unitId, status, counted, null);
        }
    }

    public record Result(String movementId, String movementTitle, String period, String counted, Instant currentTo,
                         List<Map<String, Object>> tasks, List<Map<String, Object>> rows) {
    }

    public Result query(Filter f) {
        return query(live.get(), f);
    }

    /** The board as the given space holds it (the live read models, or a rebuild as of an instant). */
    public Result query(ReadModelSpace space, Filter f) {
        boolean approvedOnly = !"REPORTED".equals(f.counted());
        Computed board = computed(space, f.movementId(), f.period(), approvedOnly);
        List<Map<String, Object>> matching = board.rows().stream().filter(r -> matches(r, f)).toList();
        return new Result(f.movementId(), board.title(), f.period(), approvedOnly ? "APPROVED" : "REPORTED",
                space.watermarks().currentTo(TaskResultsProjection.NAME).orElse(null), board.tasks(), matching);
    }

    /**
     * Every unit's row, ranked, and the per-task totals of a movement and period, computed from the catalogue entry and
     * the period's board at the versions they carry. Kept (the last {@link #KEPT}) and used again while both are at
     * those versions — two reads of a version number — so paging through a board that did not change does not read
     * and rank its 5,600 cells again; any write to either makes the next query compute it afresh. Never stale.
     */
    private Computed computed(ReadModelSpace space, String movementId, String period, boolean approvedOnly) {
        MongoCollection<Document> catalogue = space.collection(MovementCatalogueProjection.COLLECTION);
        MongoCollection<Document> boards = space.collection(TaskResultsProjection.BOARDS);
        String boardId = TaskResultsProjection.boardId(movementId, period);
        Document movementVersion = catalogue.find(Filters.eq("_id", movementId)).projection(Projections.include("version")).first();
        if (movementVersion == null) {
            throw new NotFound("No movement %s in the catalogue".formatted(movementId));
        }
        // the board's head (a few bytes) rather than the board (0.9 MB at national scale, loaded whole by the server
        // to project one field); a board without a head yet (written before heads existed) answers for itself
        Document boardVersion = MergedDocuments.head(space.collection(TaskResultsProjection.BOARD_HEADS), boardId);
        if (boardVersion == null) {
            boardVersion = boards.find(Filters.eq("_id", boardId)).projection(Projections.include("rev")).first();
        }
        String key = catalogue.getNamespace().getFullName() + "|" + boards.getNamespace().getFullName() + "|" + boardId
                + "|" + approvedOnly;
        Computed kept = this.kept.get(key);
        if (kept != null && kept.catalogueVersion() == version(movementVersion, "version")
                && kept.boardRevision() == version(boardVersion, "rev")) {
            return kept;
        }
        Document movement = catalogue.find(Filters.eq("_id", movementId)).first();
        if (movement == null) {
            throw new NotFound("No movement %s in the catalogue".formatted(movementId));
        }
        Document board = boards.find(Filters.eq("_id", boardId)).first();
        Computed fresh = compute(movement, board, approvedOnly);
        this.kept.put(key, fresh);
        return fresh;
    }

    private static long version(Document d, String field) {
        return d == null ? -1 : ((Number) d.get(field)).longValue();
    }

    /** The board computed from the documents read, labelled with their versions. */
    private record Computed(long catalogueVersion, long boardRevision, String title, List<Map<String, Object>> rows,
                            List<Map<String, Object>> tasks) {
    }

    private Computed compute(Document movement, Document board, boolean approvedOnly) {
        List<Document> tasks = movement.getList("keyTasks", Document.class);
        List<String> units = movement.getList("enrolledUnits", Document.class).stream().map(u -> u.getString("unitId")).toList();
        Document found = board == null ? new Document() : board.get(MergedDocuments.ENTRIES, Document.class);

        List<Map<String, Object>> rows = new ArrayList<>();
        for (String unit : units) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("unitId", unit);
            row.put("unitName", reference.unit(unit).map(u -> u.name()).orElse(unit));
            row.put("districtCode", reference.unit(unit).map(u -> u.districtCode()).orElse(null));
            List<Map<String, Object>> cells = new ArrayList<>();
            BigDecimal sum = BigDecimal.ZERO;
            for (Document t : tasks) {
                Document result = found.get(TaskResultsProjection.cellKey(unit, t.getInteger("taskNo")), Document.class);
                Map<String, Object> cell = cell(t, result, approvedOnly);
                sum = sum.add((BigDecimal) cell.get("completion"));
                cells.add(cell);
            }
            row.put("completion", tasks.isEmpty() ? BigDecimal.ZERO
                    : sum.divide(BigDecimal.valueOf(tasks.size()), SCALE, RoundingMode.HALF_UP));
            row.put("cells", cells);
            rows.add(row);
        }
        rank(rows);
        List<Map<String, Object>> taskTotals = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            taskTotals.add(taskTotal(tasks.get(i), i, rows));
        }
        return new Computed(version(movement, "version"), version(board, "rev"), movement.getString("title"),
                List.copyOf(rows), List.copyOf(taskTotals));
    }

    private static Map<String, Object> cell(Document task, Document result, boolean approvedOnly) {
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("taskNo", task.getInteger("taskNo"));
        String status = result == null ? "NOT_REPORTED" : result.getString("status");
        cell.put("status", status);
        boolean counts = result != null && ("APPROVED".equals(status) || (!approvedOnly && "SUBMITTED".equals(status)));
        cell.put("counted", counts);
        Map<String, BigDecimal> reported = new HashMap<>();
        if (result != null) {
            for (Document v : result.getList("values", Document.class)) {
                reported.put(v.getString("code"), v.get("value", org.bson.types.Decimal128.class).bigDecimalValue());
            }
            cell.put("corrections", result.getInteger("corrections"));
        }
        List<Map<String, Object>> values = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        List<Document> indicators = task.getList("indicators", Document.class);
        for (Document indicator : indicators) {
            BigDecimal target = indicator.get("target", org.bson.types.Decimal128.class).bigDecimalValue();
            BigDecimal value = reported.get(indicator.getString("code"));
            BigDecimal ratio = ratio(value, target);
            if (counts && ratio != null) {
                sum = sum.add(ratio.min(BigDecimal.ONE));
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("code", indicator.getString("code"));
            v.put("value", value);
            v.put("target", target);
            v.put("ratio", ratio);
            values.add(v);
        }
        cell.put("values", values);
        cell.put("completion", indicators.isEmpty() ? BigDecimal.ZERO
                : sum.divide(BigDecimal.valueOf(indicators.size()), SCALE, RoundingMode.HALF_UP));
        return cell;
    }

    static BigDecimal ratio(BigDecimal value, BigDecimal target) {
        if (value == null) {
            return null;
        }
        if (target.signum() == 0) {
            return BigDecimal.ONE;
        }
        return value.divide(target, SCALE, RoundingMode.HALF_UP);
    }

    /** Competition ranking ("1224") by completion, highest first; ties keep unit id order for display. */
    static void rank(List<Map<String, Object>> rows) {
        rows.sort(Comparator.comparing((Map<String, Object> r) -> (BigDecimal) r.get("completion")).reversed()
                .thenComparing(r -> (String) r.get("unitId")));
        BigDecimal previous = null;
        int rank = 0;
        for (int i = 0; i < rows.size(); i++) {
            BigDecimal c = (BigDecimal) rows.get(i).get("completion");
            if (previous == null || c.compareTo(previous) != 0) {
                rank = i + 1;
                previous = c;
            }
            rows.get(i).put("rank", rank);
        }
        // rows are sorted by completion: units tied with a row are those of its rank
        Map<Integer, Integer> perRank = new HashMap<>();
        rows.forEach(r -> perRank.merge((Integer) r.get("rank"), 1, Integer::sum));
        rows.forEach(r -> r.put("tiedWith", perRank.get((Integer) r.get("rank")) - 1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> taskTotal(Document task, int index, List<Map<String, Object>> rows) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("taskNo", task.getInteger("taskNo"));
        t.put("title", task.getString("title"));
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (String s : List.of("NOT_REPORTED", "SUBMITTED", "RETURNED", "APPROVED")) {
            byStatus.put(s, 0L);
        }
        BigDecimal completion = BigDecimal.ZERO;
        List<Map<String, Object>> indicators = new ArrayList<>();
        for (Document indicator : task.getList("indicators", Document.class)) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("code", indicator.getString("code"));
            i.put("name", indicator.getString("name"));
            i.put("unitOfMeasure", indicator.getString("unitOfMeasure"));
            i.put("target", indicator.get("target", org.bson.types.Decimal128.class).bigDecimalValue());
            i.put("countedSum", BigDecimal.ZERO);
            i.put("countedUnits", 0);
            indicators.add(i);
        }
        for (Map<String, Object> row : rows) {
            Map<String, Object> cell = ((List<Map<String, Object>>) row.get("cells")).get(index);
            byStatus.merge((String) cell.get("status"), 1L, Long::sum);
            completion = completion.add((BigDecimal) cell.get("completion"));
            if (Boolean.TRUE.equals(cell.get("counted"))) {
                List<Map<String, Object>> values = (List<Map<String, Object>>) cell.get("values");
                for (int k = 0; k < values.size(); k++) {
                    BigDecimal v = (BigDecimal) values.get(k).get("value");
                    if (v != null) {
                        Map<String, Object> i = indicators.get(k);
                        i.put("countedSum", ((BigDecimal) i.get("countedSum")).add(v));
                        i.put("countedUnits", (Integer) i.get("countedUnits") + 1);
                    }
                }
            }
        }
        t.put("indicators", indicators);
        t.put("results", byStatus);
        t.put("meanCompletion", rows.isEmpty() ? BigDecimal.ZERO
                : completion.divide(BigDecimal.valueOf(rows.size()), SCALE, RoundingMode.HALF_UP));
        return t;
    }

    @SuppressWarnings("unchecked")
    private static boolean matches(Map<String, Object> row, Filter f) {
        if (f.district() != null && !f.district().equals(row.get("districtCode"))) {
            return false;
        }
        if (f.unitId() != null && !f.unitId().equals(row.get("unitId"))) {
            return false;
        }
        if (f.q() != null && !f.q().isBlank() && !Folding.fold((String) row.get("unitName")).contains(Folding.fold(f.q()))) {
            return false;
        }
        if (f.status() != null) {
            return ((List<Map<String, Object>>) row.get("cells")).stream().anyMatch(c -> f.status().equals(c.get("status")));
        }
        return true;
    }
}
