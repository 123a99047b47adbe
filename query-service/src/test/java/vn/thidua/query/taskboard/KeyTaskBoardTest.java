package vn.thidua.query.taskboard;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.thidua.events.movement.Indicator;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.result.IndicatorValue;
import vn.thidua.events.result.TaskResultApproved;
import vn.thidua.events.result.TaskResultCorrected;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.events.result.TaskResultReturned;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Watermarks;
import vn.thidua.projection.testing.AggregateStream;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.reference.ReferenceData;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key-task board equals what the test computes itself from the generated results and the targets: each
 * cell's status and values, each unit's completion and competition rank (ties share a rank), per-task totals.
 */
class KeyTaskBoardTest {

    static final String MOVEMENT = "TD-BOARD-2018";
    static final int UNITS = 12;
    static MongoClient client;
    static KeyTaskBoard board;
    static final List<KeyTaskDefined> TASKS = new ArrayList<>();
    /** unit → task → the result's latest values and status, for 2018-Q1 (null = not reported). */
    static final Map<String, Map<Integer, Cell>> Q1 = new HashMap<>();

    record Cell(Map<String, BigDecimal> values, String status) {
    }

    @BeforeAll
    static void applyAGeneratedHistory() {
        client = MongoClients.create(Infrastructure.mongoUri());
        MongoDatabase db = client.getDatabase(Infrastructure.uniqueName("key_task_board"));
        Watermarks watermarks = new Watermarks(db);
        List<DomainEvent> movement = MovementHistory.generated(MOVEMENT, "Thi đua năm 2018", MovementKind.ANNUAL, UNITS, false);
        new MovementCatalogueProjection(db).apply(movement);
        movement.stream().map(DomainEvent::payload).filter(p -> p instanceof KeyTaskDefined).map(p -> (KeyTaskDefined) p)
                .forEach(TASKS::add);
        TaskResultsProjection projection = new TaskResultsProjection(db);
        board = new KeyTaskBoard(db, ReferenceData.bacGiang());

        Random random = new Random(42);
        List<DomainEvent> all = new ArrayList<>();
        for (int u = 1; u <= UNITS; u++) {
            String unit = MovementHistory.unitId(u);
            Map<Integer, Cell> cells = new HashMap<>();
            Q1.put(unit, cells);
            for (KeyTaskDefined task : TASKS) {
                for (String period : List.of("2018-Q1", "2018-Q2")) {
                    if (random.nextInt(5) == 0) {
                        continue; // not reported
                    }
                    String id = MOVEMENT + "~" + task.taskNo() + "~" + unit + "~" + period;
                    AggregateStream s = AggregateStream.of("TaskResult", id);
                    Map<String, BigDecimal> values = values(task, random);
                    s.then(new TaskResultRecorded(id, MOVEMENT, task.taskNo(), unit, period, list(values), "Báo cáo"));
                    String status = "SUBMITTED";
                    if (random.nextInt(3) == 0) {
                        values = values(task, random);
                        s.then(new TaskResultCorrected(id, MOVEMENT, task.taskNo(), unit, period, list(values), "Bổ sung", "Sửa"));
                    }
                    if (random.nextInt(4) == 0) {
                        s.then(new TaskResultReturned(id, MOVEMENT, task.taskNo(), unit, period, "Thiếu tài liệu"));
                        status = "RETURNED";
                        if (random.nextBoolean()) {
                            values = values(task, random);
                            s.then(new TaskResultCorrected(id, MOVEMENT, task.taskNo(), unit, period, list(values), null, "Đã bổ sung"));
                            status = "SUBMITTED";
                        }
                    }
                    if (status.equals("SUBMITTED") && random.nextInt(3) > 0) {
                        s.then(new TaskResultApproved(id, MOVEMENT, task.taskNo(), unit, period, "Đạt"));
                        status = "APPROVED";
                    }
                    if (period.equals("2018-Q1")) {
                        cells.put(task.taskNo(), new Cell(values, status));
                    }
                    all.addAll(s.events());
                }
            }
        }
        // delivered in batches, each stream in order (as its partition delivers it)
        for (int i = 0; i < all.size(); i += 25) {
            projection.apply(all.subList(i, Math.min(all.size(), i + 25)));
        }
        projection.apply(all); // redelivered: changes nothing
    }

    /** Some indicators reported, values around (and sometimes above) the target. */
    static Map<String, BigDecimal> values(KeyTaskDefined task, Random random) {
        Map<String, BigDecimal> values = new java.util.TreeMap<>();
        for (Indicator i : task.indicators()) {
            if (random.nextInt(6) > 0) {
                values.put(i.code(), i.target().multiply(BigDecimal.valueOf(random.nextInt(130))).divide(BigDecimal.valueOf(100)));
            }
        }
        if (values.isEmpty()) {
            values.put(task.indicators().get(0).code(), BigDecimal.ONE);
        }
        return values;
    }

    static List<IndicatorValue> list(Map<String, BigDecimal> values) {
        return values.entrySet().stream().map(e -> new IndicatorValue(e.getKey(), e.getValue())).toList();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    /** The spec's completion, computed from the test's own record of the results. */
    static BigDecimal expectedCompletion(String unit, boolean approvedOnly) {
        BigDecimal sum = BigDecimal.ZERO;
        for (KeyTaskDefined task : TASKS) {
            Cell cell = Q1.get(unit).get(task.taskNo());
            boolean counts = cell != null && (cell.status().equals("APPROVED") || (!approvedOnly && cell.status().equals("SUBMITTED")));
            if (!counts) {
                continue;
            }
            BigDecimal taskSum = BigDecimal.ZERO;
            for (Indicator i : task.indicators()) {
                BigDecimal v = cell.values().get(i.code());
                if (v != null) {
                    BigDecimal r = v.divide(i.target(), 4, RoundingMode.HALF_UP);
                    taskSum = taskSum.add(r.compareTo(BigDecimal.ONE) > 0 ? BigDecimal.ONE : r);
                }
            }
            sum = sum.add(taskSum.divide(BigDecimal.valueOf(task.indicators().size()), 4, RoundingMode.HALF_UP));
        }
        return sum.divide(BigDecimal.valueOf(TASKS.size()), 4, RoundingMode.HALF_UP);
    }

    KeyTaskBoard.Result q1(String counted) {
        return board.query(KeyTaskBoardQuery.of(MOVEMENT, "2018-Q1", counted));
    }

    /** The rows with a cell in this review status, counting what is approved. */
    static KeyTaskBoardQuery withStatus(String status) {
        return new KeyTaskBoardQuery(MOVEMENT, "2018-Q1", null, null, status, "APPROVED", null, null, null, null);
    }

    /** A row before ranking, of a unit with this completion. */
    static BoardRow unranked(String unitId, String completion) {
        return new BoardRow(unitId, unitId, null, new BigDecimal(completion), List.of(), 0, 0);
    }

    @Test
    void every_cell_shows_the_latest_values_and_review_status_of_its_result() {
        for (BoardRow row : q1("APPROVED").rows()) {
            assertThat(row.cells()).hasSize(8);
            for (vn.thidua.query.taskboard.Cell cell : row.cells()) {
                Cell expected = Q1.get(row.unitId()).get(cell.taskNo());
                assertThat(cell.status().name()).as("%s task %s", row.unitId(), cell.taskNo())
                        .isEqualTo(expected == null ? "NOT_REPORTED" : expected.status());
                for (vn.thidua.query.taskboard.Cell.IndicatorValue v : cell.values()) {
                    BigDecimal want = expected == null ? null : expected.values().get(v.code());
                    if (want == null) {
                        assertThat(v.value()).isNull();
                    } else {
                        assertThat(v.value()).isEqualByComparingTo(want);
                    }
                }
            }
        }
    }

    @Test
    void completion_and_competition_rank_follow_the_published_rule_for_both_counting_modes() {
        for (String counted : List.of("APPROVED", "REPORTED")) {
            List<BoardRow> rows = q1(counted).rows();
            assertThat(rows).hasSize(UNITS);
            Map<String, BigDecimal> expected = new HashMap<>();
            Q1.keySet().forEach(u -> expected.put(u, expectedCompletion(u, counted.equals("APPROVED"))));
            for (BoardRow row : rows) {
                BigDecimal mine = expected.get(row.unitId());
                assertThat(row.completion()).as("%s completion (%s)", row.unitId(), counted).isEqualByComparingTo(mine);
                long better = expected.values().stream().filter(c -> c.compareTo(mine) > 0).count();
                assertThat(row.rank()).as("%s rank (%s)", row.unitId(), counted).isEqualTo((int) better + 1);
            }
            assertThat(rows).extracting(BoardRow::rank).isSorted();
        }
    }

    @Test
    void ties_share_a_rank_and_the_next_rank_skips() {
        List<BoardRow> rows = q1("APPROVED").rows();
        List<BoardRow> four = List.of(unranked("A", "0.5000"), unranked("B", "0.9000"), unranked("C", "0.5"),
                unranked("D", "0.1000"));
        assertThat(KeyTaskBoard.rank(four)).extracting(r -> r.unitId() + ":" + r.rank() + ":" + r.tiedWith())
                .containsExactly("B:1:0", "A:2:1", "C:2:1", "D:4:0");
        assertThat(rows).isNotEmpty();
    }

    @Test
    void per_task_totals_count_statuses_and_sum_the_counted_values() {
        KeyTaskBoard.Result r = q1("APPROVED");
        for (TaskTotals total : r.tasks()) {
            int taskNo = total.taskNo();
            KeyTaskDefined task = TASKS.stream().filter(t -> t.taskNo() == taskNo).findFirst().orElseThrow();
            Map<String, Long> statuses = new HashMap<>();
            for (vn.thidua.query.taskboard.Cell.Status status : vn.thidua.query.taskboard.Cell.Status.values()) {
                statuses.put(status.name(), total.results().of(status));
            }
            Map<String, Long> expected = new HashMap<>(Map.of("NOT_REPORTED", 0L, "SUBMITTED", 0L, "RETURNED", 0L, "APPROVED", 0L));
            Q1.values().forEach(cells -> expected.merge(cells.get(taskNo) == null ? "NOT_REPORTED" : cells.get(taskNo).status(), 1L, Long::sum));
            assertThat(statuses).as("task %d", taskNo).containsExactlyInAnyOrderEntriesOf(expected);
            for (TaskTotals.IndicatorTotals i : total.indicators()) {
                BigDecimal sum = Q1.values().stream().map(cells -> cells.get(taskNo))
                        .filter(c -> c != null && c.status().equals("APPROVED"))
                        .map(c -> c.values().get(i.code())).filter(v -> v != null)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(i.countedSum()).as("task %d %s", taskNo, i.code()).isEqualByComparingTo(sum);
            }
            assertThat(task.indicators()).hasSize(total.indicators().size());
        }
    }

    @Test
    void filters_select_rows_but_ranks_stay_those_of_all_units() {
        KeyTaskBoard.Result all = q1("APPROVED");
        String unit = MovementHistory.unitId(3);
        KeyTaskBoard.Result one = board.query(KeyTaskBoardQuery.of(MOVEMENT, "2018-Q1", "APPROVED").withUnit(unit));
        assertThat(one.rows()).hasSize(1);
        assertThat(one.rows().get(0).rank()).isEqualTo(all.rows().stream()
                .filter(r -> r.unitId().equals(unit)).findFirst().orElseThrow().rank());
        long returned = Q1.values().stream().filter(cells -> cells.values().stream().anyMatch(c -> c.status().equals("RETURNED"))).count();
        assertThat(board.query(withStatus("RETURNED")).rows())
                .hasSize((int) returned);
    }

    @Test
    void a_result_written_before_a_crash_reaches_its_board_when_the_batch_comes_again() {
        MongoDatabase other = client.getDatabase(Infrastructure.uniqueName("key_task_board_crash"));
        Watermarks marks = new Watermarks(other);
        new MovementCatalogueProjection(other).apply(MovementHistory.generated(MOVEMENT, "Thi đua", MovementKind.ANNUAL, 2, false));
        String id = MOVEMENT + "~2~" + MovementHistory.unitId(1) + "~2018-Q1";
        List<DomainEvent> events = AggregateStream.of("TaskResult", id)
                .then(new TaskResultRecorded(id, MOVEMENT, 2, MovementHistory.unitId(1), "2018-Q1",
                        List.of(new IndicatorValue("TT1", new BigDecimal("2.5"))), null))
                .then(new TaskResultApproved(id, MOVEMENT, 2, MovementHistory.unitId(1), "2018-Q1", null))
                .events();
        // the first delivery stored the result, then the service died before the board
        new vn.thidua.projection.documents.FoldedDocuments(other.getCollection(TaskResultsProjection.COLLECTION), "task result")
                .apply(Map.of(id, events), TaskResultsProjection::fold);
        KeyTaskBoard view = new KeyTaskBoard(other, ReferenceData.bacGiang());
        assertThat(view.query(withStatus("APPROVED")).rows()).isEmpty();

        new TaskResultsProjection(other).apply(events); // the batch again

        List<BoardRow> rows = view.query(withStatus("APPROVED")).rows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).unitId()).isEqualTo(MovementHistory.unitId(1));
        assertThat(rows.get(0).rank()).isEqualTo(1);
    }

    @Test
    void a_board_computed_before_a_change_of_the_catalogue_or_the_cells_is_computed_again() {
        MongoDatabase other = client.getDatabase(Infrastructure.uniqueName("key_task_board_kept"));
        List<DomainEvent> movement = MovementHistory.generated(MOVEMENT, "Thi đua", MovementKind.ANNUAL, 2, false);
        new MovementCatalogueProjection(other).apply(movement);
        KeyTaskBoard view = new KeyTaskBoard(other, ReferenceData.bacGiang());
        KeyTaskBoardQuery filter = KeyTaskBoardQuery.of(MOVEMENT, "2018-Q1", "REPORTED");
        assertThat(view.query(filter).rows()).extracting(BoardRow::unitId).containsExactly("PTP-001", "PTP-002");

        // a third unit enrols: the catalogue entry's version moves, the board has a third row
        DomainEvent last = movement.get(movement.size() - 1);
        new MovementCatalogueProjection(other).apply(List.of(new DomainEvent(last.position() + 1, 0, "enrol-3", "Movement",
                MOVEMENT, last.sequence() + 1, last.revision(), last.timestamp().plusSeconds(60), last.metadata(),
                MovementHistory.enrolled(MOVEMENT, 3))));
        assertThat(view.query(filter).rows()).hasSize(3);

        // the third unit reports: the period's document moves, its completion and rank change
        String id = MOVEMENT + "~5~" + MovementHistory.unitId(3) + "~2018-Q1";
        new TaskResultsProjection(other).apply(AggregateStream.of("TaskResult", id)
                .then(new TaskResultRecorded(id, MOVEMENT, 5, MovementHistory.unitId(3), "2018-Q1",
                        List.of(new IndicatorValue("TT1", new BigDecimal("5.5")), new IndicatorValue("TT2", new BigDecimal("50"))), null))
                .events());
        BoardRow first = view.query(filter).rows().get(0);
        assertThat(first.unitId()).isEqualTo("PTP-003");
        assertThat(first.rank()).isEqualTo(1);
        assertThat(first.completion()).isEqualByComparingTo("0.125"); // 1 of 8 tasks complete
    }

    @Test
    void the_same_rows_are_grouped_by_the_old_districts_or_by_none_after_the_reform() {
        MongoDatabase other = client.getDatabase(Infrastructure.uniqueName("key_task_board_structure"));
        new vn.thidua.query.structure.StructureRegisterProjection(other).apply(vn.thidua.query.support.StructureImports.theReform());
        new MovementCatalogueProjection(other).apply(MovementHistory.of(MOVEMENT)
                .then(MovementHistory.registered(MOVEMENT, "Thi đua", MovementKind.ANNUAL))
                .then(MovementHistory.keyTask(MOVEMENT, 1))
                .then(MovementHistory.enrolled(MOVEMENT, 213)).then(MovementHistory.enrolled(MOVEMENT, 215))
                .then(new vn.thidua.events.movement.UnitEnrolled(MOVEMENT, "STP-VP", java.time.LocalDate.of(2018, 2, 1), null, null))
                .events());
        String id = MOVEMENT + "~1~PTP-215~2018-Q1";
        new TaskResultsProjection(other).apply(AggregateStream.of("TaskResult", id)
                .then(new TaskResultRecorded(id, MOVEMENT, 1, "PTP-215", "2018-Q1",
                        List.of(new IndicatorValue("TT1", new BigDecimal("1.5")), new IndicatorValue("TT2", new BigDecimal("10"))), null))
                .then(new TaskResultApproved(id, MOVEMENT, 1, "PTP-215", "2018-Q1", null)).events());
        KeyTaskBoard view = new KeyTaskBoard(other, ReferenceData.bacGiang());
        java.util.function.Function<java.time.LocalDate, List<BoardRow>> in = day -> view.query(new KeyTaskBoardQuery(MOVEMENT,
                "2018-Q1", null, null, null, "APPROVED", null, null, day, null)).rows();

        List<BoardRow> shipped = view.query(KeyTaskBoardQuery.of(MOVEMENT, "2018-Q1", "APPROVED")).rows();
        assertThat(shipped).extracting(BoardRow::unitId).containsExactly("PTP-215", "PTP-213", "STP-VP");
        assertThat(shipped).extracting(BoardRow::districtCode).containsExactly("215", "213", null);
        assertThat(in.apply(java.time.LocalDate.of(2018, 6, 30))).as("the old districts").isEqualTo(shipped);
        List<BoardRow> after = in.apply(java.time.LocalDate.of(2026, 1, 1));
        assertThat(after).extracting(BoardRow::districtCode).as("no districts after 1 July 2025").containsOnlyNulls();
        assertThat(after).extracting(BoardRow::unitId, BoardRow::rank, BoardRow::completion)
                .as("the same facts, completion and ranks").isEqualTo(shipped.stream()
                        .map(r -> org.assertj.core.groups.Tuple.tuple(r.unitId(), r.rank(), r.completion())).toList());
        assertThat(view.query(new KeyTaskBoardQuery(MOVEMENT, "2018-Q1", "215", null, null, "APPROVED", null, null,
                java.time.LocalDate.of(2026, 1, 1), null)).rows()).as("district 215 does not exist in 2026").isEmpty();
    }
}
