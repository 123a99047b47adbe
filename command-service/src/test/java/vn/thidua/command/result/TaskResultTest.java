package vn.thidua.command.result;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.command.movement.MovementView;
import vn.thidua.command.rules.Forbidden;
import vn.thidua.command.rules.InvalidCommand;
import vn.thidua.command.rules.NotFound;
import vn.thidua.command.rules.RuleViolation;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.result.IndicatorValue;
import vn.thidua.events.result.TaskResultApproved;
import vn.thidua.events.result.TaskResultCorrected;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.events.result.TaskResultReturned;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.thidua.command.testing.RuleMatchers.field;
import static vn.thidua.command.testing.RuleMatchers.rule;

/** The rules and the review state machine of a task result. */
class TaskResultTest {

    static final String MOVEMENT = "TDTN-2018";
    static final String UNIT = "PTP-213";
    static final String Q2 = "2018-Q2";
    static final String RESULT = TaskResult.idOf(MOVEMENT, 3, UNIT, Q2);
    static final List<IndicatorValue> VALUES = List.of(new IndicatorValue("TT1", new BigDecimal("87.25")),
            new IndicatorValue("TT2", new BigDecimal("31")));
    static final List<IndicatorValue> CORRECTED = List.of(new IndicatorValue("TT1", new BigDecimal("88")),
            new IndicatorValue("TT2", new BigDecimal("31")));

    private AggregateTestFixture<TaskResult> fixture;
    private final Map<String, MovementView> movements = new HashMap<>();

    /** The 2018 sector-wide movement with key task 3 (indicators TT1, TT2) and PTP-213 enrolled. */
    static MovementView movement2018(boolean closed) {
        return new MovementView(MOVEMENT, "24", MovementKind.ANNUAL, LocalDate.of(2018, 1, 1), LocalDate.of(2018, 12, 31), closed,
                Map.of(3, Set.of("TT1", "TT2")), Set.of(UNIT, "PTP-215"), 12);
    }

    @BeforeEach
    void setUp() {
        movements.put(MOVEMENT, movement2018(false));
        fixture = new AggregateTestFixture<>(TaskResult.class);
        fixture.registerInjectableResource(vn.thidua.command.testing.Registers.shipped());
        fixture.registerInjectableResource((vn.thidua.command.movement.MovementFacts) id -> Optional.ofNullable(movements.get(id)));
    }

    static RecordTaskResult record(int taskNo, String unit, String period, List<IndicatorValue> values) {
        return RecordTaskResult.of(MOVEMENT, taskNo, unit, period, values, "Báo cáo số 45/BC-PTP");
    }

    static TaskResultRecorded recorded() {
        return new TaskResultRecorded(RESULT, MOVEMENT, 3, UNIT, Q2, VALUES, "Báo cáo số 45/BC-PTP");
    }

    static TaskResultCorrected corrected() {
        return new TaskResultCorrected(RESULT, MOVEMENT, 3, UNIT, Q2, CORRECTED, "bổ sung", "Bổ sung 2 vụ việc");
    }

    static TaskResultReturned returned() {
        return new TaskResultReturned(RESULT, MOVEMENT, 3, UNIT, Q2, "Thiếu tài liệu kiểm chứng");
    }

    static TaskResultApproved approved() {
        return new TaskResultApproved(RESULT, MOVEMENT, 3, UNIT, Q2, "Khớp báo cáo");
    }

    // ---- recording ----

    @Test
    void an_enrolled_unit_records_its_values_for_a_quarter() {
        fixture.givenNoPriorActivity()
                .when(record(3, UNIT, Q2, VALUES))
                .expectSuccessfulHandlerExecution()
                .expectEvents(recorded());
    }

    @Test
    void a_unit_may_report_only_some_of_the_tasks_indicators() {
        fixture.givenNoPriorActivity()
                .when(record(3, UNIT, "2018", List.of(new IndicatorValue("TT2", BigDecimal.TEN))))
                .expectEvents(new TaskResultRecorded(TaskResult.idOf(MOVEMENT, 3, UNIT, "2018"), MOVEMENT, 3, UNIT, "2018",
                        List.of(new IndicatorValue("TT2", BigDecimal.TEN)), "Báo cáo số 45/BC-PTP"));
    }

    @Test
    void a_unit_that_did_not_enrol_cannot_report() {
        fixture.givenNoPriorActivity()
                .when(record(3, "PTP-216", Q2, VALUES))
                .expectException(RuleViolation.class)
                .expectException(rule("unit-not-enrolled"))
                .expectNoEvents();
    }

    @Test
    void a_unit_missing_from_the_reference_list_cannot_report() {
        fixture.givenNoPriorActivity()
                .when(record(3, "PTP-999", Q2, VALUES))
                .expectException(InvalidCommand.class)
                .expectException(field("unitId"))
                .expectNoEvents();
    }

    @Test
    void no_result_for_a_movement_that_was_never_registered() {
        fixture.givenNoPriorActivity()
                .when(RecordTaskResult.of("KHONG-CO", 3, UNIT, Q2, VALUES, null))
                .expectException(NotFound.class)
                .expectNoEvents();
    }

    @Test
    void no_result_for_a_task_the_movement_does_not_have() {
        fixture.givenNoPriorActivity()
                .when(record(9, UNIT, Q2, VALUES))
                .expectException(InvalidCommand.class)
                .expectExceptionMessage("Movement TDTN-2018 has no key task 9")
                .expectNoEvents();
    }

    @Test
    void no_result_for_a_closed_movement() {
        movements.put(MOVEMENT, movement2018(true));
        fixture.givenNoPriorActivity()
                .when(record(3, UNIT, Q2, VALUES))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("Movement TDTN-2018 is closed")
                .expectNoEvents();
    }

    @Test
    void a_period_outside_the_movements_period_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(record(3, UNIT, "2019-Q1", VALUES))
                .expectException(InvalidCommand.class)
                .expectException(rule("period-outside-movement"))
                .expectNoEvents();
    }

    @Test
    void a_malformed_period_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(record(3, UNIT, "2018-Q5", VALUES))
                .expectException(InvalidCommand.class)
                .expectException(rule("period-malformed"))
                .expectNoEvents();
    }

    @Test
    void an_indicator_the_task_does_not_have_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(record(3, UNIT, Q2, List.of(new IndicatorValue("TT7", BigDecimal.ONE))))
                .expectException(InvalidCommand.class)
                .expectException(field("values[0].code"))
                .expectNoEvents();
    }

    @Test
    void an_indicator_reported_twice_in_one_result_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(record(3, UNIT, Q2, List.of(new IndicatorValue("TT1", BigDecimal.ONE), new IndicatorValue("TT1", BigDecimal.TEN))))
                .expectException(InvalidCommand.class)
                .expectException(rule("indicator-value-repeated"))
                .expectNoEvents();
    }

    // ---- a reporter names only its own unit's results, decided from the id before any lookup ----

    @Test
    void a_result_id_names_its_unit() {
        assertThat(TaskResult.unitNamedBy(RESULT)).hasValue(UNIT);
        assertThat(TaskResult.unitNamedBy("TDTN-2018~3~PTP-213")).isEmpty();
        assertThat(TaskResult.unitNamedBy("TDTN-2018~3~~2018-Q2")).isEmpty();
        assertThat(TaskResult.unitNamedBy("a~b~c~d~e")).isEmpty();
    }

    @Test
    void a_reporter_naming_another_units_result_is_forbidden_whatever_the_id_points_to() {
        String others = TaskResult.idOf(MOVEMENT, 3, "PTP-215", Q2);
        assertThatThrownBy(
                        () -> TaskResultRules.reporterNamesItsOwnUnitsResult("UNIT_REPORTER", UNIT, others))
                .isInstanceOf(Forbidden.class)
                .hasMessage("A reporter of unit PTP-213 may not act for unit PTP-215");
        assertThatThrownBy(
                        () -> TaskResultRules.reporterNamesItsOwnUnitsResult("UNIT_REPORTER", UNIT, "KHONG-CO"))
                .isInstanceOf(Forbidden.class);
        TaskResultRules.reporterNamesItsOwnUnitsResult("UNIT_REPORTER", UNIT, RESULT);
        TaskResultRules.reporterNamesItsOwnUnitsResult("PROVINCE_ADMIN", "STP-VP", others);
    }

    // ---- correction and review ----

    @Test
    void a_submitted_result_is_corrected_with_a_reason() {
        fixture.given(recorded())
                .when(new CorrectTaskResult(RESULT, CORRECTED, "bổ sung", "Bổ sung 2 vụ việc"))
                .expectEvents(corrected());
    }

    @Test
    void a_correction_cannot_name_an_indicator_the_task_does_not_have() {
        fixture.given(recorded())
                .when(new CorrectTaskResult(RESULT, List.of(new IndicatorValue("TT9", BigDecimal.ONE)), null, "sai mã"))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    @Test
    void no_correction_after_approval() {
        fixture.given(recorded(), approved())
                .when(new CorrectTaskResult(RESULT, CORRECTED, "bổ sung", "Bổ sung 2 vụ việc"))
                .expectException(RuleViolation.class)
                .expectException(rule("result-already-approved"))
                .expectNoEvents();
    }

    @Test
    void no_correction_once_the_movement_is_closed() {
        movements.put(MOVEMENT, movement2018(true));
        fixture.given(recorded())
                .when(new CorrectTaskResult(RESULT, CORRECTED, "bổ sung", "Bổ sung 2 vụ việc"))
                .expectException(RuleViolation.class)
                .expectException(rule("movement-closed"))
                .expectNoEvents();
    }

    @Test
    void a_submitted_result_is_approved() {
        fixture.given(recorded())
                .when(new ApproveTaskResult(RESULT, "Khớp báo cáo"))
                .expectEvents(approved());
    }

    @Test
    void a_corrected_result_is_approved() {
        fixture.given(recorded(), corrected())
                .when(new ApproveTaskResult(RESULT, "Khớp báo cáo"))
                .expectEvents(approved());
    }

    @Test
    void an_approved_result_is_not_approved_again() {
        fixture.given(recorded(), approved())
                .when(new ApproveTaskResult(RESULT, "lần hai"))
                .expectException(RuleViolation.class)
                .expectException(rule("result-already-approved"))
                .expectNoEvents();
    }

    @Test
    void an_approved_result_cannot_be_returned() {
        fixture.given(recorded(), approved())
                .when(new ReturnTaskResult(RESULT, "muộn"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_submitted_result_is_returned_with_a_reason() {
        fixture.given(recorded())
                .when(new ReturnTaskResult(RESULT, "Thiếu tài liệu kiểm chứng"))
                .expectEvents(returned());
    }

    @Test
    void a_returned_result_is_not_reviewed_until_it_is_corrected() {
        fixture.given(recorded(), returned())
                .when(new ApproveTaskResult(RESULT, "Khớp báo cáo"))
                .expectException(RuleViolation.class)
                .expectException(rule("result-returned"))
                .expectNoEvents();
    }

    @Test
    void a_returned_result_is_not_returned_twice() {
        fixture.given(recorded(), returned())
                .when(new ReturnTaskResult(RESULT, "lần hai"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_returned_result_corrected_by_its_unit_is_resubmitted_and_can_be_approved() {
        fixture.given(recorded(), returned(), corrected())
                .when(new ApproveTaskResult(RESULT, "Khớp báo cáo"))
                .expectEvents(approved());
    }

    @Test
    void a_returned_result_can_be_corrected() {
        fixture.given(recorded(), returned())
                .when(new CorrectTaskResult(RESULT, CORRECTED, "bổ sung", "Bổ sung 2 vụ việc"))
                .expectEvents(corrected());
    }

    // ---- who may act ----

    @Test
    void a_units_reporter_cannot_record_a_result_for_another_unit() {
        fixture.givenNoPriorActivity()
                .when(record(3, UNIT, Q2, VALUES), java.util.Map.of("role", "UNIT_REPORTER", "unitId", "PTP-215"))
                .expectException(Forbidden.class)
                .expectNoEvents();
    }

    @Test
    void a_units_reporter_cannot_correct_another_units_result() {
        fixture.given(recorded())
                .when(new CorrectTaskResult(RESULT, CORRECTED, null, "sửa"), java.util.Map.of("role", "UNIT_REPORTER", "unitId", "PTP-215"))
                .expectException(Forbidden.class)
                .expectNoEvents();
    }

    @Test
    void a_units_reporter_corrects_its_own_result() {
        fixture.given(recorded())
                .when(new CorrectTaskResult(RESULT, CORRECTED, "bổ sung", "Bổ sung 2 vụ việc"), java.util.Map.of("role", "UNIT_REPORTER", "unitId", UNIT))
                .expectEvents(corrected());
    }

    // ---- provinces: a result belongs to its unit's province ----

    static final String ACROSS_THE_REFORM = "TDTN-2024-2026";
    static final Map<String, String> REPORTER_OF_PTP_213 = Map.of("role", "UNIT_REPORTER", "unitId", UNIT, "provinceCode", "24");

    /** A movement of province 24 from 2024 to 2026, which the district office PTP-213 and the division STP-VP joined. */
    static MovementView acrossTheReform() {
        return new MovementView(ACROSS_THE_REFORM, "24", MovementKind.MULTI_YEAR, LocalDate.of(2024, 1, 1),
                LocalDate.of(2026, 12, 31), false, Map.of(3, Set.of("TT1", "TT2")), Set.of(UNIT, "STP-VP"), 4);
    }

    void withTheRegisterAfterTheReform() {
        movements.put(ACROSS_THE_REFORM, acrossTheReform());
        fixture = new AggregateTestFixture<>(TaskResult.class);
        fixture.registerInjectableResource((vn.thidua.command.structure.StructureFacts) vn.thidua.command.testing.Registers::afterTheReform);
        fixture.registerInjectableResource((vn.thidua.command.movement.MovementFacts) id -> Optional.ofNullable(movements.get(id)));
    }

    static RecordTaskResult acrossTheReform(String unit, String period) {
        return RecordTaskResult.of(ACROSS_THE_REFORM, 3, unit, period, VALUES, "Báo cáo");
    }

    @Test
    void a_district_office_reports_for_2024_and_the_first_half_of_2025() {
        withTheRegisterAfterTheReform();
        fixture.givenNoPriorActivity()
                .when(acrossTheReform(UNIT, "2024"), REPORTER_OF_PTP_213)
                .expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity()
                .when(acrossTheReform(UNIT, "2025-Q2"), REPORTER_OF_PTP_213)
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void a_district_office_does_not_report_after_1_july_2025_when_districts_were_abolished() {
        withTheRegisterAfterTheReform();
        fixture.givenNoPriorActivity()
                .when(acrossTheReform(UNIT, "2025-Q3"), REPORTER_OF_PTP_213)
                .expectException(InvalidCommand.class)
                .expectException(rule("unit-not-in-structure"))
                .expectException(field("unitId"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(acrossTheReform(UNIT, "2026"), REPORTER_OF_PTP_213)
                .expectException(rule("unit-not-in-structure"))
                .expectNoEvents();
    }

    @Test
    void a_division_of_the_department_reports_on_both_sides_of_the_reform() {
        withTheRegisterAfterTheReform();
        Map<String, String> reporter = Map.of("role", "UNIT_REPORTER", "unitId", "STP-VP", "provinceCode", "24");
        fixture.givenNoPriorActivity().when(acrossTheReform("STP-VP", "2025-Q2"), reporter).expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity().when(acrossTheReform("STP-VP", "2026-Q1"), reporter).expectSuccessfulHandlerExecution();
    }

    @Test
    void a_reporter_token_of_another_province_cannot_record_for_a_unit_of_province_24() {
        fixture.givenNoPriorActivity()
                .when(record(3, UNIT, Q2, VALUES), Map.of("role", "UNIT_REPORTER", "unitId", UNIT, "provinceCode", "19"))
                .expectException(Forbidden.class)
                .expectNoEvents();
    }

    @Test
    void the_admin_of_another_province_or_the_ministry_neither_approves_nor_returns_a_result_of_province_24() {
        for (String province : List.of("19", "BTP")) {
            fixture.given(recorded())
                    .when(new ApproveTaskResult(RESULT, "Khớp"), Map.of("role", "PROVINCE_ADMIN", "provinceCode", province))
                    .expectException(Forbidden.class)
                    .expectNoEvents();
            fixture.given(recorded())
                    .when(new ReturnTaskResult(RESULT, "Thiếu"), Map.of("role", "PROVINCE_ADMIN", "provinceCode", province))
                    .expectException(Forbidden.class)
                    .expectNoEvents();
        }
        fixture.given(recorded())
                .when(new ApproveTaskResult(RESULT, "Khớp báo cáo"), Map.of("role", "PROVINCE_ADMIN", "provinceCode", "24"))
                .expectEvents(approved());
    }

    @Test
    void another_provinces_admin_is_refused_from_the_result_id_alone_whether_the_result_exists_or_not() {
        assertThatThrownBy(() -> TaskResultRules.callerReviewsItsProvincesResult("19", RESULT,
                vn.thidua.command.testing.Registers.SHIPPED)).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> TaskResultRules.callerReviewsItsProvincesResult("19",
                TaskResult.idOf("KHONG-CO", 1, UNIT, "2018"), vn.thidua.command.testing.Registers.SHIPPED)).isInstanceOf(Forbidden.class);
        TaskResultRules.callerReviewsItsProvincesResult("24", RESULT, vn.thidua.command.testing.Registers.SHIPPED);
    }
}
