package vn.thidua.query.live;

import org.junit.jupiter.api.Test;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.result.TaskResultReturned;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CriterionScores;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.events.support.SupportActivityType;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.testing.AggregateStream;
import vn.thidua.projection.testing.MovementHistory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which boards a batch changed, and what each kind of caller is told of it. */
class ChangedBoardsTest {

    static final String TD = "TD-2018";
    static final String NTM = "NTM-2016-2020";

    static List<DomainEvent> batch() {
        List<DomainEvent> events = new ArrayList<>(MovementHistory.of(TD)
                .then(MovementHistory.registered(TD, "Toàn ngành", MovementKind.ANNUAL)).events());
        events.addAll(AggregateStream.of("TaskResult", TD + "~1~PTP-213~2018-Q1")
                .then(new TaskResultReturned(TD + "~1~PTP-213~2018-Q1", TD, 1, "PTP-213", "2018-Q1", "Thiếu tài liệu")).events());
        events.addAll(AggregateStream.of("TaskResult", TD + "~2~PTP-215~2018-Q1")
                .then(new TaskResultReturned(TD + "~2~PTP-215~2018-Q1", TD, 2, "PTP-215", "2018-Q1", "Thiếu tài liệu")).events());
        events.addAll(AggregateStream.of("CommuneSupport", NTM + "~07225")
                .then(new SupportActivityRecorded(NTM, "07225", "PTP-213", "a1", SupportActivityType.OTHER,
                        LocalDate.of(2018, 5, 12), 40, "Hoạt động"))
                .then(new CommuneCriterionAssessed(NTM, "07234", 2018, new CriterionScores(BigDecimal.TEN, BigDecimal.TEN,
                        BigDecimal.TEN, BigDecimal.ONE, BigDecimal.ONE), BigDecimal.valueOf(32), true, false, "QD619-2017/v1",
                        LocalDate.of(2018, 12, 1), null)).events());
        return events;
    }

    static BoardChange board(List<BoardChange> changes, String board) {
        return changes.stream().filter(c -> c.board().equals(board)).findFirst().orElseThrow();
    }

    @Test
    void one_change_per_board_with_the_units_and_communes_named_and_the_highest_position() {
        List<DomainEvent> batch = batch();
        List<BoardChange> changes = ChangedBoards.of(batch);

        assertThat(changes).extracting(BoardChange::board).containsExactly("catalogue", "key-tasks", "communes", "audit");
        BoardChange tasks = board(changes, "key-tasks");
        assertThat(tasks.period()).isEqualTo("2018-Q1");
        assertThat(tasks.events()).isEqualTo(2);
        assertThat(tasks.touches()).extracting(BoardChange.Touch::unitId).containsExactly("PTP-213", "PTP-215");
        assertThat(board(changes, "communes").touches()).extracting(BoardChange.Touch::communeCode).containsExactly("07225", "07234");
        assertThat(board(changes, "audit").events()).isEqualTo(batch.size());
        assertThat(board(changes, "audit").position()).isEqualTo(batch.stream().mapToLong(DomainEvent::position).max().orElseThrow());
    }

    @Test
    void a_reporter_is_told_of_its_own_unit_only_and_of_no_assessment_naming_no_unit() {
        List<BoardChange> changes = ChangedBoards.of(batch());

        BoardChange.Notice tasks = board(changes, "key-tasks").seenBy(false, "PTP-213");
        assertThat(tasks.units()).containsExactly("PTP-213");
        BoardChange.Notice communes = board(changes, "communes").seenBy(false, "PTP-213");
        assertThat(communes.communes()).containsExactly("07225");
        assertThat(board(changes, "key-tasks").seenBy(false, "PTP-222")).isNull();
        assertThat(board(changes, "catalogue").seenBy(false, "PTP-222")).as("the catalogue is every role's").isNotNull();
        assertThat(board(changes, "audit").seenBy(false, "PTP-213")).isNull();
    }

    @Test
    void a_province_wide_reader_is_told_of_every_unit_and_only_an_auditor_of_the_event_log() {
        List<BoardChange> changes = ChangedBoards.of(batch());

        assertThat(board(changes, "key-tasks").seenBy(false, null).units()).containsExactly("PTP-213", "PTP-215");
        assertThat(board(changes, "audit").seenBy(false, null)).isNull();
        assertThat(board(changes, "audit").seenBy(true, null)).isNotNull();
    }

    /** The event as a caller of a province caused it. */
    static DomainEvent by(String province, DomainEvent e) {
        java.util.Map<String, Object> metadata = new java.util.HashMap<>(e.metadata());
        metadata.put("provinceCode", province);
        return new DomainEvent(e.position(), e.index(), e.eventId(), e.aggregateType(), e.aggregateId(), e.sequence(),
                e.revision(), e.timestamp(), metadata, e.payload());
    }

    @Test
    void a_provinces_caller_is_told_of_its_provinces_changes_and_the_ministrys_movements_only() {
        List<DomainEvent> batch = new ArrayList<>(batch()); // province 24's, recorded before tenancy
        String national = "BTP-2026";
        batch.addAll(MovementHistory.of(national).then(MovementHistory.registered(national, "Toàn ngành 2026", MovementKind.ANNUAL))
                .events().stream().map(e -> by("BTP", e)).toList());
        batch.addAll(AggregateStream.of("TaskResult", national + "~1~TNG-STP-VP~2026-Q1")
                .then(new TaskResultReturned(national + "~1~TNG-STP-VP~2026-Q1", national, 1, "TNG-STP-VP", "2026-Q1", "Thiếu"))
                .events().stream().map(e -> by("19", e)).toList());
        List<BoardChange> changes = ChangedBoards.of(batch);
        BoardChange nationalBoard = changes.stream().filter(c -> c.board().equals("key-tasks") && national.equals(c.movementId()))
                .findFirst().orElseThrow();
        BoardChange catalogue2026 = changes.stream().filter(c -> c.board().equals("catalogue") && national.equals(c.movementId()))
                .findFirst().orElseThrow();

        assertThat(nationalBoard.seenBy(false, null, "19").units()).containsExactly("TNG-STP-VP");
        assertThat(nationalBoard.seenBy(false, null, "24")).as("province 19's result").isNull();
        assertThat(nationalBoard.seenBy(false, null, null).units()).as("the Ministry").containsExactly("TNG-STP-VP");
        assertThat(catalogue2026.seenBy(false, null, "24")).as("the Ministry's movement is every province's").isNotNull();
        assertThat(board(changes, "key-tasks").seenBy(false, null, "19")).as("province 24's board").isNull();
        assertThat(board(changes, "key-tasks").seenBy(false, null, "24").units()).containsExactly("PTP-213", "PTP-215");
        assertThat(board(changes, "audit").seenBy(true, null, "19").events()).isEqualTo(1);
        assertThat(board(changes, "audit").seenBy(true, null, "24").events()).isEqualTo(batch().size());
        assertThat(board(changes, "audit").seenBy(true, null, null).events()).isEqualTo(batch.size());
    }
}
