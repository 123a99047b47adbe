package vn.thidua.query.taskboard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import vn.thidua.projection.ReadModelSpace;
import vn.thidua.projection.documents.MergedDocuments;
import vn.thidua.projection.generation.Generations;
import vn.thidua.query.catalogue.CatalogueDocuments;
import vn.thidua.query.catalogue.CatalogueEntry;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.catalogue.MovementNotFound;
import vn.thidua.query.taskboard.KeyTaskBoardDocuments.StoredCell;
import org.springframework.security.access.AccessDeniedException;
import vn.thidua.query.access.Access;
import vn.thidua.query.structure.Structures;
import vn.thidua.query.text.Folding;
import vn.thidua.reference.Level;
import vn.thidua.reference.StructureHistory;
import vn.thidua.reference.StructureList;
import vn.thidua.reference.StructureUnit;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.Unit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** Boards computed lately, by their collections, period and what counts: at most {@link #KEPT}. */
    private final Cache<String, Computed> kept = Caffeine.newBuilder().maximumSize(KEPT).build();
    private final ReferenceData reference;
    private final Structures structures;

    /** A board over the collections under their logical names (tests). */
    public KeyTaskBoard(MongoDatabase queryDatabase, ReferenceData reference) {
        this(() -> ReadModelSpace.of(queryDatabase), reference, new Structures(queryDatabase, reference));
    }

    /** A board over the live read models: each query resolves them once. */
    @Autowired
    public KeyTaskBoard(Generations generations, ReferenceData reference, Structures structures) {
        this(generations::live, reference, structures);
    }

    private KeyTaskBoard(Supplier<ReadModelSpace> live, ReferenceData reference, Structures structures) {
        this.live = live;
        this.reference = reference;
        this.structures = structures;
    }

    /**
     * The board a query selects: every matching row in rank order (then unit id), ranked among all enrolled units.
     *
     * @param counted {@code APPROVED} or {@code REPORTED}
     */
    public record Result(String movementId, String movementTitle, String period, String counted, Instant currentTo,
                         List<TaskTotals> tasks, List<BoardRow> rows) {
    }

    public Result query(KeyTaskBoardQuery query) {
        return query(live.get(), query);
    }

    /** The board as the given space holds it, every province's rows (the Ministry's view). */
    public Result query(ReadModelSpace space, KeyTaskBoardQuery query) {
        return query(space, query, null);
    }

    /**
     * The board as the given space holds it (the live read models, or a rebuild as of an instant), as a caller of
     * {@code scope} reads it: a province reads its own movements' boards whole and, of the Ministry's sector-wide
     * movements, its own units' rows, ranked among themselves with the totals of its units; {@code null} (the
     * Ministry) reads every row, or with the query's {@code province} the rows as that province reads them.
     *
     * @throws org.springframework.security.access.AccessDeniedException a movement of another province, or a
     *                                                                    province's caller naming another province
     */
    public Result query(ReadModelSpace space, KeyTaskBoardQuery query, String scope) {
        boolean approvedOnly = query.approvedOnly();
        Computed board = computed(space, query.movementId(), query.period(), approvedOnly);
        Access.movementIsVisible(scope, query.movementId(), board.provinceCode());
        List<BoardRow> rows = board.rows();
        List<TaskTotals> tasks = board.tasks();
        if (query.province() != null && scope != null && !scope.equals(query.province())) {
            throw new AccessDeniedException("A caller of province %s reads its own province, not %s"
                    .formatted(scope, query.province()));
        }
        String only = query.province() != null ? query.province() : scope;
        if (only != null && !only.equals(board.provinceCode())) {
            var provinceOf = structures.unitProvinces(space);
            rows = rank(rows.stream().filter(r -> only.equals(provinceOf.apply(r.unitId()))).toList());
            tasks = totals(board.keyTasks(), rows);
        }
        if (query.structure() != null) {
            rows = grouped(structures.in(space), rows, query.structure());
        }
        List<BoardRow> matching = rows.stream().filter(r -> matches(r, query)).toList();
        return new Result(query.movementId(), board.title(), query.period(), approvedOnly ? "APPROVED" : "REPORTED",
                space.watermarks().currentTo(TaskResultsProjection.NAME).orElse(null), tasks, matching);
    }

    /**
     * The rows placed in the structure valid on {@code day}: a unit's district is its parent on that day when that is a
     * district, none otherwise — after 1 July 2025 there are no districts, and a unit that did not exist on that day
     * (a district office in 2026) is in none. The facts, completion and ranks do not change.
     */
    private static List<BoardRow> grouped(StructureHistory history, List<BoardRow> rows, LocalDate day) {
        return rows.stream().map(r -> r.inDistrict(history.on(StructureList.UNITS, r.unitId(), day)
                .flatMap(u -> history.on(StructureList.ADMIN_UNITS, u.parent(), day))
                .filter(p -> p.level() == Level.DISTRICT).map(StructureUnit::code).orElse(null))).toList();
    }

    /**
     * The national roll-up of a movement's board (the Ministry's sector-wide movements): per province its units, their
     * mean completion, each task's mean completion, and its units ranked among themselves; provinces by mean completion,
     * highest first, then code. A province's caller gets its own province only.
     */
    public record NationalRollUp(String movementId, String movementTitle, String period, String counted, Instant currentTo,
                                 List<ProvinceTotals> provinces) {
    }

    /** One province of the roll-up. */
    public record ProvinceTotals(String provinceCode, String provinceName, int units, BigDecimal meanCompletion,
                                 List<TaskTotals> tasks, List<BoardRow> items) {
    }

    public NationalRollUp national(ReadModelSpace space, KeyTaskBoardQuery query, String scope) {
        boolean approvedOnly = query.approvedOnly();
        Computed board = computed(space, query.movementId(), query.period(), approvedOnly);
        Access.movementIsVisible(scope, query.movementId(), board.provinceCode());
        Map<String, List<BoardRow>> byProvince = new java.util.TreeMap<>();
        StructureHistory history = structures.in(space);
        for (BoardRow row : board.rows()) {
            byProvince.computeIfAbsent(history.provinceOf(StructureList.UNITS, row.unitId()).orElse(structures.firstProvince()),
                    p -> new ArrayList<>()).add(row);
        }
        List<ProvinceTotals> provinces = new ArrayList<>();
        byProvince.forEach((province, rows) -> {
            if (scope != null && !scope.equals(province)) {
                return;
            }
            List<BoardRow> ranked = rank(rows);
            BigDecimal mean = ranked.stream().map(BoardRow::completion).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(ranked.size()), SCALE, RoundingMode.HALF_UP);
            provinces.add(new ProvinceTotals(province, history.latest(StructureList.ADMIN_UNITS, province)
                    .map(StructureUnit::name).orElse(province), ranked.size(), mean, totals(board.keyTasks(), ranked), ranked));
        });
        provinces.sort(Comparator.comparing(ProvinceTotals::meanCompletion).reversed().thenComparing(ProvinceTotals::provinceCode));
        return new NationalRollUp(query.movementId(), board.title(), query.period(), approvedOnly ? "APPROVED" : "REPORTED",
                space.watermarks().currentTo(TaskResultsProjection.NAME).orElse(null), List.copyOf(provinces));
    }

    /**
     * Every unit's row, ranked, and the per-task totals of a movement and period, computed from the catalogue entry and
     * the period's board at the versions they carry. Kept (at most {@link #KEPT} boards) and used again while both are at
     * those versions — two reads of a version number — so paging through a board that did not change does not read
     * and rank its 5,600 cells again; any write to either makes the next query compute it afresh. Never stale.
     */
    private Computed computed(ReadModelSpace space, String movementId, String period, boolean approvedOnly) {
        MongoCollection<Document> catalogue = space.collection(MovementCatalogueProjection.COLLECTION);
        MongoCollection<Document> boards = space.collection(TaskResultsProjection.BOARDS);
        String boardId = TaskResultsProjection.boardId(movementId, period);
        Document movementVersion = catalogue.find(Filters.eq("_id", movementId)).projection(Projections.include("version")).first();
        if (movementVersion == null) {
            throw new MovementNotFound(movementId);
        }
        // the board's head (a few bytes) rather than the board (0.9 MB at national scale, loaded whole by the server
        // to project one field); a board without a head yet (written before heads existed) answers for itself
        Document boardVersion = MergedDocuments.head(space.collection(TaskResultsProjection.BOARD_HEADS), boardId);
        if (boardVersion == null) {
            boardVersion = boards.find(Filters.eq("_id", boardId)).projection(Projections.include("rev")).first();
        }
        String key = catalogue.getNamespace().getFullName() + "|" + boards.getNamespace().getFullName() + "|" + boardId
                + "|" + approvedOnly;
        Computed kept = this.kept.getIfPresent(key);
        if (kept != null && kept.catalogueVersion() == version(movementVersion, "version")
                && kept.boardRevision() == version(boardVersion, "rev")) {
            return kept;
        }
        Document movement = catalogue.find(Filters.eq("_id", movementId)).first();
        if (movement == null) {
            throw new MovementNotFound(movementId);
        }
        Document board = boards.find(Filters.eq("_id", boardId)).first();
        Computed fresh = compute(CatalogueDocuments.entry(movement), version(board, "rev"), KeyTaskBoardDocuments.cells(board),
                approvedOnly);
        this.kept.put(key, fresh);
        return fresh;
    }

    private static long version(Document d, String field) {
        return d == null ? -1 : ((Number) d.get(field)).longValue();
    }

    /** The board computed from the documents read, labelled with their versions. */
    private record Computed(long catalogueVersion, long boardRevision, String title, String provinceCode, List<BoardRow> rows,
                            List<CatalogueEntry.KeyTask> keyTasks, List<TaskTotals> tasks) {
    }

    private Computed compute(CatalogueEntry movement, long boardRevision, Map<String, StoredCell> stored, boolean approvedOnly) {
        List<CatalogueEntry.KeyTask> tasks = movement.keyTasks();
        List<BoardRow> rows = new ArrayList<>();
        for (CatalogueEntry.EnrolledUnit enrolled : movement.enrolledUnits()) {
            String unit = enrolled.unitId();
            Optional<Unit> known = reference.unit(unit);
            List<Cell> cells = new ArrayList<>();
            BigDecimal sum = BigDecimal.ZERO;
            for (CatalogueEntry.KeyTask task : tasks) {
                Cell cell = cell(task, stored.get(TaskResultsProjection.cellKey(unit, task.taskNo())), approvedOnly);
                sum = sum.add(cell.completion());
                cells.add(cell);
            }
            rows.add(new BoardRow(unit, known.map(Unit::name).orElse(unit), known.map(Unit::districtCode).orElse(null),
                    tasks.isEmpty() ? BigDecimal.ZERO : sum.divide(BigDecimal.valueOf(tasks.size()), SCALE, RoundingMode.HALF_UP),
                    List.copyOf(cells), 0, 0));
        }
        List<BoardRow> ranked = rank(rows);
        return new Computed(movement.version(), boardRevision, movement.title(), movement.provinceCode(), ranked,
                List.copyOf(tasks), totals(tasks, ranked));
    }

    private static List<TaskTotals> totals(List<CatalogueEntry.KeyTask> tasks, List<BoardRow> ranked) {
        List<TaskTotals> taskTotals = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            taskTotals.add(taskTotals(tasks.get(i), i, ranked));
        }
        return List.copyOf(taskTotals);
    }

    private static Cell cell(CatalogueEntry.KeyTask task, StoredCell result, boolean approvedOnly) {
        Cell.Status status = result == null ? Cell.Status.NOT_REPORTED : result.status();
        boolean counts = result != null && (status == Cell.Status.APPROVED || (!approvedOnly && status == Cell.Status.SUBMITTED));
        Map<String, BigDecimal> reported = result == null ? Map.of() : result.values();
        List<Cell.IndicatorValue> values = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (CatalogueEntry.Indicator indicator : task.indicators()) {
            BigDecimal value = reported.get(indicator.code());
            BigDecimal ratio = ratio(value, indicator.target());
            if (counts && ratio != null) {
                sum = sum.add(ratio.min(BigDecimal.ONE));
            }
            values.add(new Cell.IndicatorValue(indicator.code(), value, indicator.target(), ratio));
        }
        BigDecimal completion = task.indicators().isEmpty() ? BigDecimal.ZERO
                : sum.divide(BigDecimal.valueOf(task.indicators().size()), SCALE, RoundingMode.HALF_UP);
        return new Cell(task.taskNo(), status, counts, result == null ? null : result.corrections(), List.copyOf(values),
                completion);
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

    /**
     * Competition ranking ("1224") by completion, highest first; ties keep unit id order for display. Each row also
     * says how many other units share its rank.
     */
    static List<BoardRow> rank(List<BoardRow> rows) {
        List<BoardRow> sorted = rows.stream().sorted(Comparator.comparing(BoardRow::completion).reversed()
                .thenComparing(BoardRow::unitId)).toList();
        int[] ranks = new int[sorted.size()];
        Map<Integer, Integer> perRank = new HashMap<>();
        BigDecimal previous = null;
        int rank = 0;
        for (int i = 0; i < sorted.size(); i++) {
            BigDecimal c = sorted.get(i).completion();
            if (previous == null || c.compareTo(previous) != 0) {
                rank = i + 1;
                previous = c;
            }
            ranks[i] = rank;
            perRank.merge(rank, 1, Integer::sum);
        }
        List<BoardRow> ranked = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            ranked.add(sorted.get(i).ranked(ranks[i], perRank.get(ranks[i]) - 1));
        }
        return List.copyOf(ranked);
    }

    private static TaskTotals taskTotals(CatalogueEntry.KeyTask task, int index, List<BoardRow> rows) {
        Map<Cell.Status, Long> byStatus = new EnumMap<>(Cell.Status.class);
        List<CatalogueEntry.Indicator> indicators = task.indicators();
        BigDecimal[] countedSums = new BigDecimal[indicators.size()];
        int[] countedUnits = new int[indicators.size()];
        Arrays.fill(countedSums, BigDecimal.ZERO);
        BigDecimal completion = BigDecimal.ZERO;
        for (BoardRow row : rows) {
            Cell cell = row.cells().get(index);
            byStatus.merge(cell.status(), 1L, Long::sum);
            completion = completion.add(cell.completion());
            if (cell.counted()) {
                for (int k = 0; k < cell.values().size(); k++) {
                    BigDecimal v = cell.values().get(k).value();
                    if (v != null) {
                        countedSums[k] = countedSums[k].add(v);
                        countedUnits[k]++;
                    }
                }
            }
        }
        List<TaskTotals.IndicatorTotals> totals = new ArrayList<>();
        for (int k = 0; k < indicators.size(); k++) {
            CatalogueEntry.Indicator i = indicators.get(k);
            totals.add(new TaskTotals.IndicatorTotals(i.code(), i.name(), i.unitOfMeasure(), i.target(), countedSums[k],
                    countedUnits[k]));
        }
        TaskTotals.StatusCounts results = new TaskTotals.StatusCounts(byStatus.getOrDefault(Cell.Status.NOT_REPORTED, 0L),
                byStatus.getOrDefault(Cell.Status.SUBMITTED, 0L), byStatus.getOrDefault(Cell.Status.RETURNED, 0L),
                byStatus.getOrDefault(Cell.Status.APPROVED, 0L));
        return new TaskTotals(task.taskNo(), task.title(), List.copyOf(totals), results, rows.isEmpty() ? BigDecimal.ZERO
                : completion.divide(BigDecimal.valueOf(rows.size()), SCALE, RoundingMode.HALF_UP));
    }

    private static boolean matches(BoardRow row, KeyTaskBoardQuery query) {
        if (query.district() != null && !query.district().equals(row.districtCode())) {
            return false;
        }
        if (query.unitId() != null && !query.unitId().equals(row.unitId())) {
            return false;
        }
        if (query.q() != null && !query.q().isBlank() && !Folding.fold(row.unitName()).contains(Folding.fold(query.q()))) {
            return false;
        }
        if (query.status() != null) {
            return row.cells().stream().anyMatch(c -> query.status().equals(c.status().name()));
        }
        return true;
    }
}
