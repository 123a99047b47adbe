package vn.thidua.command.movement;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.command.rules.Forbidden;
import vn.thidua.command.rules.InvalidCommand;
import vn.thidua.command.rules.RuleViolation;
import vn.thidua.events.movement.DocumentKind;
import vn.thidua.events.movement.Indicator;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.LegalDocument;
import vn.thidua.events.movement.MovementClosed;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

class MovementTest {

    static final String MOVEMENT = "TDTN-2018";
    static final LocalDate START = LocalDate.of(2018, 1, 1);
    static final LocalDate END = LocalDate.of(2018, 12, 31);
    static final LegalDocument PLAN_02 = new LegalDocument("02/KH-STP", DocumentKind.KH, "Sở Tư pháp tỉnh Bắc Giang",
            LocalDate.of(2018, 1, 9), "Kế hoạch phát động phong trào thi đua năm 2018");
    static final List<Indicator> ONE_INDICATOR = List.of(
            new Indicator("TT1", "Văn bản được thẩm định đúng hạn", "%", new BigDecimal("100")));

    private AggregateTestFixture<Movement> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Movement.class);
        fixture.registerInjectableResource(vn.thidua.command.testing.Registers.shipped());
    }

    static MovementRegistered movementRegistered() {
        return new MovementRegistered(MOVEMENT, "Thi đua toàn ngành 2018", MovementKind.ANNUAL, START, END, PLAN_02, List.of());
    }

    static KeyTaskDefined keyTaskDefined(int taskNo) {
        return new KeyTaskDefined(MOVEMENT, taskNo, "Nhiệm vụ " + taskNo + " (minh hoạ)", ONE_INDICATOR);
    }

    static UnitEnrolled unitEnrolled(String unitId) {
        return new UnitEnrolled(MOVEMENT, unitId, LocalDate.of(2018, 2, 1), "Tập thể lao động xuất sắc", "100%");
    }

    static MovementClosed movementClosed() {
        return new MovementClosed(MOVEMENT, END, "Tổng kết");
    }

    @Test
    void a_movement_is_registered_with_its_plan_and_period() {
        fixture.givenNoPriorActivity()
                .when(new RegisterMovement(MOVEMENT, "Thi đua toàn ngành 2018", MovementKind.ANNUAL, START, END, PLAN_02, null, "24"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(movementRegistered());
    }

    @Test
    void a_movement_whose_period_ends_before_it_starts_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(new RegisterMovement(MOVEMENT, "x", MovementKind.ANNUAL, END, START, PLAN_02, List.of(), "24"))
                .expectException(InvalidCommand.class)
                .expectExceptionMessage("The period ends (2018-01-01) before it starts (2018-12-31)")
                .expectNoEvents();
    }

    @Test
    void a_key_task_is_defined_with_its_indicators() {
        fixture.given(movementRegistered())
                .when(new DefineKeyTask(MOVEMENT, 1, "Nhiệm vụ 1 (minh hoạ)", ONE_INDICATOR))
                .expectEvents(keyTaskDefined(1));
    }

    @Test
    void eight_key_tasks_can_be_defined_one_after_another() {
        fixture.given(movementRegistered(), keyTaskDefined(1), keyTaskDefined(2), keyTaskDefined(3),
                        keyTaskDefined(4), keyTaskDefined(5), keyTaskDefined(6), keyTaskDefined(7))
                .when(new DefineKeyTask(MOVEMENT, 8, "Nhiệm vụ 8 (minh hoạ)", ONE_INDICATOR))
                .expectEvents(keyTaskDefined(8));
    }

    @Test
    void a_task_number_already_defined_is_rejected() {
        fixture.given(movementRegistered(), keyTaskDefined(1))
                .when(new DefineKeyTask(MOVEMENT, 1, "again", ONE_INDICATOR))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("Movement TDTN-2018 already has key task 1")
                .expectNoEvents();
    }

    @Test
    void indicator_codes_repeated_within_a_task_are_rejected() {
        Indicator twice = ONE_INDICATOR.get(0);
        fixture.given(movementRegistered())
                .when(new DefineKeyTask(MOVEMENT, 1, "x", List.of(twice, twice)))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    @Test
    void no_key_task_is_defined_for_a_closed_movement() {
        fixture.given(movementRegistered(), movementClosed())
                .when(new DefineKeyTask(MOVEMENT, 1, "x", ONE_INDICATOR))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("Movement TDTN-2018 is closed")
                .expectNoEvents();
    }

    @Test
    void a_unit_enrols_with_its_pledges() {
        fixture.given(movementRegistered())
                .when(new EnrollUnit(MOVEMENT, "PTP-213", LocalDate.of(2018, 2, 1), "Tập thể lao động xuất sắc", "100%"))
                .expectEvents(unitEnrolled("PTP-213"));
    }

    @Test
    void a_unit_cannot_enrol_twice() {
        fixture.given(movementRegistered(), unitEnrolled("PTP-213"))
                .when(new EnrollUnit(MOVEMENT, "PTP-213", LocalDate.of(2018, 3, 1), null, null))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_unit_missing_from_the_reference_list_cannot_enrol() {
        fixture.given(movementRegistered())
                .when(new EnrollUnit(MOVEMENT, "PTP-214", LocalDate.of(2018, 2, 1), null, null))
                .expectException(InvalidCommand.class)
                .expectExceptionMessage("PTP-214 is not a unit of the reference list bac-giang-2017-10-15+units-v1")
                .expectNoEvents();
    }

    @Test
    void an_enrolment_dated_outside_the_period_is_rejected() {
        fixture.given(movementRegistered())
                .when(new EnrollUnit(MOVEMENT, "PTP-213", LocalDate.of(2019, 1, 2), null, null))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    @Test
    void no_unit_enrols_in_a_closed_movement() {
        fixture.given(movementRegistered(), movementClosed())
                .when(new EnrollUnit(MOVEMENT, "PTP-213", LocalDate.of(2018, 2, 1), null, null))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_movement_is_closed_once() {
        fixture.given(movementRegistered())
                .when(new CloseMovement(MOVEMENT, END, "Tổng kết"))
                .expectEvents(movementClosed());
    }

    @Test
    void a_closed_movement_cannot_be_closed_again() {
        fixture.given(movementRegistered(), movementClosed())
                .when(new CloseMovement(MOVEMENT, END, "again"))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void a_movement_cannot_close_before_it_starts() {
        fixture.given(movementRegistered())
                .when(new CloseMovement(MOVEMENT, LocalDate.of(2017, 12, 31), "early"))
                .expectException(InvalidCommand.class)
                .expectNoEvents();
    }

    // ---- provinces ----

    static final String SECTOR_WIDE = "TDTN-2026";
    static final LegalDocument MINISTRY_PLAN = new LegalDocument("01/KH-BTP", DocumentKind.KH,
            "Bộ Tư pháp", LocalDate.of(2026, 1, 5), "Kế hoạch thi đua năm 2026 (minh hoạ)");
    static final Map<String, String> ADMIN_OF_24 = Map.of("role", "PROVINCE_ADMIN", "provinceCode", "24");
    static final Map<String, String> ADMIN_OF_19 = Map.of("role", "PROVINCE_ADMIN", "provinceCode", "19");
    static final Map<String, String> MINISTRY = Map.of("role", "PROVINCE_ADMIN", "provinceCode", "BTP");

    static MovementRegistered sectorWideMovementRegistered() {
        return new MovementRegistered(SECTOR_WIDE, "Toàn ngành Tư pháp thi đua năm 2026", MovementKind.ANNUAL,
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), MINISTRY_PLAN, List.of(), "BTP");
    }

    void withTheRegisterAfterTheReform() {
        fixture = new AggregateTestFixture<>(Movement.class);
        fixture.registerInjectableResource((vn.thidua.command.structure.StructureFacts) vn.thidua.command.testing.Registers::afterTheReform);
    }

    @Test
    void the_ministry_registers_a_sector_wide_movement_of_its_own() {
        fixture.givenNoPriorActivity()
                .when(new RegisterMovement(SECTOR_WIDE, "Toàn ngành Tư pháp thi đua năm 2026", MovementKind.ANNUAL,
                        LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), MINISTRY_PLAN, List.of(), "BTP"), MINISTRY)
                .expectEvents(sectorWideMovementRegistered());
    }

    @Test
    void another_provinces_admin_neither_defines_key_tasks_of_nor_closes_a_movement_of_province_24() {
        fixture.given(movementRegistered())
                .when(new DefineKeyTask(MOVEMENT, 1, "Nhiệm vụ 1 (minh hoạ)", ONE_INDICATOR), ADMIN_OF_19)
                .expectException(Forbidden.class)
                .expectNoEvents();
        fixture.given(movementRegistered())
                .when(new CloseMovement(MOVEMENT, LocalDate.of(2018, 12, 28), null), MINISTRY)
                .expectException(Forbidden.class)
                .expectNoEvents();
    }

    @Test
    void a_province_enrols_its_own_units_in_the_ministrys_movement_but_not_another_provinces_units() {
        withTheRegisterAfterTheReform();
        fixture.given(sectorWideMovementRegistered())
                .when(new EnrollUnit(SECTOR_WIDE, "STP-VP", LocalDate.of(2026, 2, 1), null, null), ADMIN_OF_24)
                .expectEvents(new UnitEnrolled(SECTOR_WIDE, "STP-VP", LocalDate.of(2026, 2, 1), null, null));
        fixture.given(sectorWideMovementRegistered())
                .when(new EnrollUnit(SECTOR_WIDE, "TNG-STP-VP", LocalDate.of(2026, 2, 1), null, null), ADMIN_OF_24)
                .expectException(Forbidden.class)
                .expectNoEvents();
        fixture.given(sectorWideMovementRegistered())
                .when(new EnrollUnit(SECTOR_WIDE, "STP-VP", LocalDate.of(2026, 2, 1), null, null), MINISTRY)
                .expectException(Forbidden.class)
                .expectNoEvents();
    }

    @Test
    void a_province_takes_no_part_in_another_provinces_movement() {
        fixture.given(movementRegistered())
                .when(new EnrollUnit(MOVEMENT, "PTP-213", LocalDate.of(2018, 2, 1), null, null), ADMIN_OF_19)
                .expectException(Forbidden.class)
                .expectNoEvents();
    }

    @Test
    void a_district_office_enrols_before_1_july_2025_and_not_after() {
        withTheRegisterAfterTheReform();
        MovementRegistered acrossTheReform = new MovementRegistered("NTM-2021-2026", "Xây dựng nông thôn mới 2021–2026",
                MovementKind.MULTI_YEAR, LocalDate.of(2021, 1, 1), LocalDate.of(2026, 12, 31), PLAN_02, List.of(), "24");
        fixture.given(acrossTheReform)
                .when(new EnrollUnit("NTM-2021-2026", "PTP-213", LocalDate.of(2025, 6, 30), null, null), ADMIN_OF_24)
                .expectSuccessfulHandlerExecution();
        fixture.given(acrossTheReform)
                .when(new EnrollUnit("NTM-2021-2026", "PTP-213", LocalDate.of(2025, 7, 1), null, null), ADMIN_OF_24)
                .expectException(InvalidCommand.class)
                .expectException(vn.thidua.command.testing.RuleMatchers.rule("unit-not-in-structure"))
                .expectNoEvents();
    }
}
