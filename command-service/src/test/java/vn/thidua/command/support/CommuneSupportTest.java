package vn.thidua.command.support;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.command.movement.MovementFacts;
import vn.thidua.command.movement.MovementView;
import vn.thidua.command.rules.InvalidCommand;
import vn.thidua.command.rules.NotFound;
import vn.thidua.command.rules.RuleViolation;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.support.AssignmentDecision;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.CommuneSupportEnded;
import vn.thidua.events.support.CriterionScores;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.events.support.SupportActivityType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static vn.thidua.command.testing.RuleMatchers.field;
import static vn.thidua.command.testing.RuleMatchers.rule;

/** The rules of commune support under the multi-year new-rural-area movement. */
class CommuneSupportTest {

    static final String NTM = "NTM-2016-2020";
    static final String XUONG_GIANG = "07225";
    static final String PTP_BG = "PTP-213";
    static final String PTP_YT = "PTP-215";
    static final AssignmentDecision DECISION = new AssignmentDecision("125/QĐ-STP", LocalDate.of(2017, 3, 15));
    static final LocalDate FROM = LocalDate.of(2017, 4, 1);
    static final CriterionPassRule QD619 = new CriterionPassRule("QD619-2017/v1", new BigDecimal("80"), new BigDecimal("0.5"), true);

    private AggregateTestFixture<CommuneSupport> fixture;
    private final Map<String, MovementView> movements = new HashMap<>();

    static MovementView movement(String id, MovementKind kind, boolean closed) {
        return new MovementView(id, "24", kind, LocalDate.of(2016, 1, 1), LocalDate.of(2020, 12, 31), closed, Map.of(), Set.of(), 3);
    }

    @BeforeEach
    void setUp() {
        movements.put(NTM, movement(NTM, MovementKind.MULTI_YEAR, false));
        movements.put("TDTN-2018", new MovementView("TDTN-2018", "24", MovementKind.ANNUAL, LocalDate.of(2018, 1, 1),
                LocalDate.of(2018, 12, 31), false, Map.of(), Set.of(), 1));
        fixture = new AggregateTestFixture<>(CommuneSupport.class);
        fixture.registerInjectableResource(vn.thidua.command.testing.Registers.shipped());
        fixture.registerInjectableResource((MovementFacts) id -> Optional.ofNullable(movements.get(id)));
        fixture.registerInjectableResource(CriterionPassRules.of(QD619));
    }

    static AssignCommuneSupport assign(String unit, boolean shared) {
        return AssignCommuneSupport.of(NTM, XUONG_GIANG, unit, DECISION, FROM, shared);
    }

    static CommuneSupportAssigned assigned(String unit, boolean shared) {
        return new CommuneSupportAssigned(NTM, XUONG_GIANG, unit, DECISION, FROM, shared);
    }

    static RecordSupportActivity activity(String unit, String id, LocalDate on) {
        return RecordSupportActivity.of(NTM, XUONG_GIANG, unit, id, SupportActivityType.LEGAL_DISSEMINATION, on, 60,
                "Tuyên truyền Luật Hòa giải ở cơ sở");
    }

    static SupportActivityRecorded activityRecorded(String unit, String id, LocalDate on) {
        return new SupportActivityRecorded(NTM, XUONG_GIANG, unit, id, SupportActivityType.LEGAL_DISSEMINATION, on, 60,
                "Tuyên truyền Luật Hòa giải ở cơ sở");
    }

    static CommuneSupportEnded ended(String unit, LocalDate on) {
        return new CommuneSupportEnded(NTM, XUONG_GIANG, unit, on, "Xã đạt chuẩn");
    }

    static CriterionScores scores(String tc1, String tc2, String tc3, String tc4, String tc5) {
        return new CriterionScores(new BigDecimal(tc1), new BigDecimal(tc2), new BigDecimal(tc3), new BigDecimal(tc4), new BigDecimal(tc5));
    }

    static AssessCommuneCriterion assess(CriterionScores scores, boolean noDiscipline) {
        return AssessCommuneCriterion.of(NTM, XUONG_GIANG, 2018, scores, noDiscipline, LocalDate.of(2018, 12, 10), "Đánh giá năm 2018");
    }

    static CommuneCriterionAssessed assessed(CriterionScores scores, String total, boolean noDiscipline, boolean passed) {
        return new CommuneCriterionAssessed(NTM, XUONG_GIANG, 2018, scores, new BigDecimal(total), noDiscipline, passed,
                "QD619-2017/v1", LocalDate.of(2018, 12, 10), "Đánh giá năm 2018");
    }

    // ---- assignment ----

    @Test
    void a_unit_is_assigned_by_decision_to_support_a_commune() {
        fixture.givenNoPriorActivity()
                .when(assign(PTP_BG, false))
                .expectSuccessfulHandlerExecution()
                .expectEvents(assigned(PTP_BG, false));
    }

    @Test
    void a_second_unit_is_refused_while_the_commune_has_a_supporter() {
        fixture.given(assigned(PTP_BG, false))
                .when(assign(PTP_YT, false))
                .expectException(RuleViolation.class)
                .expectException(rule("commune-already-supported"))
                .expectNoEvents();
    }

    @Test
    void a_second_unit_joins_when_the_assignment_is_shared_on_purpose() {
        fixture.given(assigned(PTP_BG, false))
                .when(assign(PTP_YT, true))
                .expectEvents(assigned(PTP_YT, true));
    }

    @Test
    void a_unit_is_not_assigned_twice_to_the_same_commune() {
        fixture.given(assigned(PTP_BG, false))
                .when(assign(PTP_BG, true))
                .expectException(RuleViolation.class)
                .expectException(rule("unit-already-assigned"))
                .expectNoEvents();
    }

    @Test
    void another_unit_takes_over_once_the_first_support_ended() {
        fixture.given(assigned(PTP_BG, false), ended(PTP_BG, LocalDate.of(2018, 6, 30)))
                .when(assign(PTP_YT, false))
                .expectEvents(assigned(PTP_YT, false));
    }

    @Test
    void an_unknown_commune_code_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(AssignCommuneSupport.of(NTM, "99999", PTP_BG, DECISION, FROM, false))
                .expectException(InvalidCommand.class)
                .expectException(field("communeCode"))
                .expectNoEvents();
    }

    @Test
    void an_unknown_unit_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(assign("PTP-214", false))
                .expectException(InvalidCommand.class)
                .expectException(field("unitId"))
                .expectNoEvents();
    }

    @Test
    void communes_are_supported_only_under_a_multi_year_movement() {
        fixture.givenNoPriorActivity()
                .when(AssignCommuneSupport.of("TDTN-2018", XUONG_GIANG, PTP_BG, DECISION, LocalDate.of(2018, 2, 1), false))
                .expectException(RuleViolation.class)
                .expectException(rule("movement-not-multi-year"))
                .expectNoEvents();
    }

    @Test
    void no_assignment_under_a_movement_that_was_never_registered() {
        fixture.givenNoPriorActivity()
                .when(AssignCommuneSupport.of("KHONG-CO", XUONG_GIANG, PTP_BG, DECISION, FROM, false))
                .expectException(NotFound.class)
                .expectNoEvents();
    }

    @Test
    void no_assignment_under_a_closed_movement() {
        movements.put(NTM, movement(NTM, MovementKind.MULTI_YEAR, true));
        fixture.givenNoPriorActivity()
                .when(assign(PTP_BG, false))
                .expectException(RuleViolation.class)
                .expectException(rule("movement-closed"))
                .expectNoEvents();
    }

    @Test
    void an_assignment_starting_outside_the_movements_period_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(AssignCommuneSupport.of(NTM, XUONG_GIANG, PTP_BG, DECISION, LocalDate.of(2021, 1, 1), false))
                .expectException(InvalidCommand.class)
                .expectException(field("supportFrom"))
                .expectNoEvents();
    }

    // ---- activities ----

    @Test
    void an_assigned_unit_records_an_activity_for_its_commune() {
        fixture.given(assigned(PTP_BG, false))
                .when(activity(PTP_BG, "a-1", LocalDate.of(2018, 5, 12)))
                .expectEvents(activityRecorded(PTP_BG, "a-1", LocalDate.of(2018, 5, 12)));
    }

    @Test
    void a_unit_not_assigned_to_the_commune_records_nothing_for_it() {
        fixture.given(assigned(PTP_BG, false))
                .when(activity(PTP_YT, "a-1", LocalDate.of(2018, 5, 12)))
                .expectException(RuleViolation.class)
                .expectException(rule("unit-not-assigned"))
                .expectNoEvents();
    }

    @Test
    void a_commune_nobody_supports_takes_no_activity() {
        fixture.givenNoPriorActivity()
                .when(activity(PTP_BG, "a-1", LocalDate.of(2018, 5, 12)))
                .expectException(RuleViolation.class)
                .expectException(rule("unit-not-assigned"))
                .expectNoEvents();
    }

    @Test
    void an_activity_before_the_assignment_started_is_rejected() {
        fixture.given(assigned(PTP_BG, false))
                .when(activity(PTP_BG, "a-1", LocalDate.of(2017, 3, 31)))
                .expectException(RuleViolation.class)
                .expectException(rule("activity-outside-assignment"))
                .expectNoEvents();
    }

    @Test
    void an_activity_after_the_support_ended_is_rejected() {
        fixture.given(assigned(PTP_BG, false), ended(PTP_BG, LocalDate.of(2018, 6, 30)))
                .when(activity(PTP_BG, "a-1", LocalDate.of(2018, 7, 1)))
                .expectException(RuleViolation.class)
                .expectException(rule("activity-outside-assignment"))
                .expectNoEvents();
    }

    @Test
    void an_activity_held_while_the_support_lasted_is_recorded_after_it_ended() {
        fixture.given(assigned(PTP_BG, false), ended(PTP_BG, LocalDate.of(2018, 6, 30)))
                .when(activity(PTP_BG, "a-1", LocalDate.of(2018, 6, 30)))
                .expectEvents(activityRecorded(PTP_BG, "a-1", LocalDate.of(2018, 6, 30)));
    }

    @Test
    void the_same_activity_is_not_recorded_twice() {
        fixture.given(assigned(PTP_BG, false), activityRecorded(PTP_BG, "a-1", LocalDate.of(2018, 5, 12)))
                .when(activity(PTP_BG, "a-1", LocalDate.of(2018, 5, 12)))
                .expectException(RuleViolation.class)
                .expectException(rule("activity-already-recorded"))
                .expectNoEvents();
    }

    // ---- criterion 18.5 ----

    @Test
    void a_commune_scoring_enough_on_every_criterion_without_discipline_passes_18_5() {
        CriterionScores s = scores("14", "27.5", "22", "9", "18");
        fixture.given(assigned(PTP_BG, false))
                .when(assess(s, true))
                .expectEvents(assessed(s, "90.5", true, true));
    }

    @Test
    void a_disciplined_official_fails_the_commune_whatever_its_score() {
        CriterionScores s = scores("15", "30", "25", "10", "20");
        fixture.given(assigned(PTP_BG, false))
                .when(assess(s, false))
                .expectEvents(assessed(s, "100", false, false));
    }

    @Test
    void a_total_below_the_threshold_fails() {
        CriterionScores s = scores("12", "24", "20", "8", "15.5");
        fixture.given(assigned(PTP_BG, false))
                .when(assess(s, true))
                .expectEvents(assessed(s, "79.5", true, false));
    }

    @Test
    void one_criterion_below_half_its_maximum_fails_even_with_a_high_total() {
        CriterionScores s = scores("15", "30", "25", "4.5", "20");
        fixture.given(assigned(PTP_BG, false))
                .when(assess(s, true))
                .expectEvents(assessed(s, "94.5", true, false));
    }

    @Test
    void the_pass_rule_is_configuration_and_the_event_records_its_version() {
        fixture = new AggregateTestFixture<>(CommuneSupport.class);
        fixture.registerInjectableResource(vn.thidua.command.testing.Registers.shipped());
        fixture.registerInjectableResource((MovementFacts) id -> Optional.ofNullable(movements.get(id)));
        fixture.registerInjectableResource(CriterionPassRules.of(new CriterionPassRule("QD619-2017/v2-lenient", new BigDecimal("70"), BigDecimal.ZERO, true)));
        CriterionScores s = scores("12", "24", "20", "8", "15.5");
        fixture.given(assigned(PTP_BG, false))
                .when(assess(s, true))
                .expectEvents(new CommuneCriterionAssessed(NTM, XUONG_GIANG, 2018, s, new BigDecimal("79.5"), true, true,
                        "QD619-2017/v2-lenient", LocalDate.of(2018, 12, 10), "Đánh giá năm 2018"));
    }

    @Test
    void a_score_above_its_criterions_maximum_is_rejected() {
        fixture.given(assigned(PTP_BG, false))
                .when(assess(scores("16", "30", "25", "10", "20"), true))
                .expectException(InvalidCommand.class)
                .expectException(field("scores.tc1"))
                .expectNoEvents();
    }

    @Test
    void a_year_outside_the_movement_is_rejected() {
        fixture.givenNoPriorActivity()
                .when(AssessCommuneCriterion.of(NTM, XUONG_GIANG, 2021, scores("14", "27", "22", "9", "18"), true,
                        LocalDate.of(2021, 12, 1), null))
                .expectException(InvalidCommand.class)
                .expectException(rule("year-outside-movement"))
                .expectNoEvents();
    }

    // ---- end ----

    @Test
    void a_units_support_ends_on_a_date() {
        fixture.given(assigned(PTP_BG, false))
                .when(EndCommuneSupport.of(NTM, XUONG_GIANG, PTP_BG, LocalDate.of(2019, 12, 31), "Xã đạt chuẩn"))
                .expectEvents(ended(PTP_BG, LocalDate.of(2019, 12, 31)));
    }

    @Test
    void support_that_is_not_active_cannot_end() {
        fixture.given(assigned(PTP_BG, false), ended(PTP_BG, LocalDate.of(2018, 6, 30)))
                .when(EndCommuneSupport.of(NTM, XUONG_GIANG, PTP_BG, LocalDate.of(2019, 12, 31), "lần hai"))
                .expectException(RuleViolation.class)
                .expectException(rule("unit-not-assigned"))
                .expectNoEvents();
    }

    @Test
    void support_cannot_end_before_it_started() {
        fixture.given(assigned(PTP_BG, false))
                .when(EndCommuneSupport.of(NTM, XUONG_GIANG, PTP_BG, LocalDate.of(2017, 1, 1), "nhầm"))
                .expectException(InvalidCommand.class)
                .expectException(rule("ended-before-start"))
                .expectNoEvents();
    }

    @Test
    void a_units_reporter_records_activities_only_for_its_own_unit() {
        fixture.given(assigned(PTP_BG, false))
                .when(activity(PTP_BG, "a-1", LocalDate.of(2018, 5, 12)), java.util.Map.of("role", "UNIT_REPORTER", "unitId", PTP_YT))
                .expectException(vn.thidua.command.rules.Forbidden.class)
                .expectNoEvents();
    }

    // ---- criterion 18.5 by year, and provinces ----

    static final CriterionPassRule QD25 = new CriterionPassRule("QD25-2021/v1", 2021, null, new BigDecimal("80"),
            new BigDecimal("0.5"), true, CriterionPassRule.QD619_MAXIMA);
    static final CriterionPassRules BY_YEAR = CriterionPassRules.of(new CriterionPassRule("QD619-2017/v1", null, 2020,
            new BigDecimal("80"), new BigDecimal("0.5"), true, CriterionPassRule.QD619_MAXIMA), QD25);
    static final String NTM_ACROSS = "NTM-2016-2026";
    /** Phường Bắc Giang: formed on 1 July 2025 from Xương Giang and six other wards. */
    static final String PHUONG_BAC_GIANG = "07210";

    /** A fresh fixture (one per commune: a fixture knows one aggregate) with the rules by year and the register after the reform. */
    AggregateTestFixture<CommuneSupport> withRulesByYearAndTheRegisterAfterTheReform() {
        movements.put(NTM_ACROSS, new MovementView(NTM_ACROSS, "24", MovementKind.MULTI_YEAR, LocalDate.of(2016, 1, 1),
                LocalDate.of(2026, 12, 31), false, Map.of(), Set.of(), 1));
        AggregateTestFixture<CommuneSupport> f = new AggregateTestFixture<>(CommuneSupport.class);
        f.registerInjectableResource((vn.thidua.command.structure.StructureFacts) vn.thidua.command.testing.Registers::afterTheReform);
        f.registerInjectableResource((MovementFacts) id -> Optional.ofNullable(movements.get(id)));
        f.registerInjectableResource(BY_YEAR);
        return f;
    }

    static AssessCommuneCriterion assessAcross(String commune, int year, CriterionScores scores) {
        return AssessCommuneCriterion.of(NTM_ACROSS, commune, year, scores, true, LocalDate.of(year, 12, 10), null);
    }

    static CommuneCriterionAssessed assessedAcross(String commune, int year, CriterionScores scores, String total,
                                                   boolean passed, String ruleVersion) {
        return new CommuneCriterionAssessed(NTM_ACROSS, commune, year, scores, new BigDecimal(total), true, passed, ruleVersion,
                LocalDate.of(year, 12, 10), null);
    }

    @Test
    void an_assessment_of_2020_is_judged_by_qd_619_and_one_of_2021_by_qd_25_2021() {
        CriterionScores good = scores("14", "27", "22", "9", "18");
        withRulesByYearAndTheRegisterAfterTheReform().givenNoPriorActivity()
                .when(assessAcross(XUONG_GIANG, 2020, good))
                .expectEvents(assessedAcross(XUONG_GIANG, 2020, good, "90", true, "QD619-2017/v1"));
        withRulesByYearAndTheRegisterAfterTheReform().givenNoPriorActivity()
                .when(assessAcross(XUONG_GIANG, 2021, good))
                .expectEvents(assessedAcross(XUONG_GIANG, 2021, good, "90", true, "QD25-2021/v1"));
    }

    @Test
    void a_year_no_rule_covers_is_refused() {
        AggregateTestFixture<CommuneSupport> from2021Only = new AggregateTestFixture<>(CommuneSupport.class);
        from2021Only.registerInjectableResource(vn.thidua.command.testing.Registers.shipped());
        from2021Only.registerInjectableResource((MovementFacts) id -> Optional.ofNullable(movements.get(id)));
        from2021Only.registerInjectableResource(CriterionPassRules.of(QD25));
        from2021Only.givenNoPriorActivity()
                .when(assess(scores("14", "27", "22", "9", "18"), true))
                .expectException(InvalidCommand.class)
                .expectException(rule("no-criterion-rule"))
                .expectNoEvents();
    }

    @Test
    void an_old_commune_is_assessed_for_2025_but_not_for_2026_and_the_new_ward_from_2025_on() {
        CriterionScores good = scores("14", "27", "22", "9", "18");
        withRulesByYearAndTheRegisterAfterTheReform().givenNoPriorActivity().when(assessAcross(XUONG_GIANG, 2025, good))
                .expectSuccessfulHandlerExecution();
        withRulesByYearAndTheRegisterAfterTheReform().givenNoPriorActivity()
                .when(assessAcross(XUONG_GIANG, 2026, good))
                .expectException(InvalidCommand.class)
                .expectException(rule("commune-not-in-structure"))
                .expectNoEvents();
        withRulesByYearAndTheRegisterAfterTheReform().givenNoPriorActivity().when(assessAcross(PHUONG_BAC_GIANG, 2026, good))
                .expectEvents(assessedAcross(PHUONG_BAC_GIANG, 2026, good, "90", true, "QD25-2021/v1"));
    }

    @Test
    void a_unit_is_assigned_to_an_old_commune_before_the_reform_and_to_a_new_one_after() {
        withRulesByYearAndTheRegisterAfterTheReform().givenNoPriorActivity()
                .when(AssignCommuneSupport.of(NTM_ACROSS, XUONG_GIANG, "STP-VP", DECISION, LocalDate.of(2025, 7, 1), false))
                .expectException(rule("commune-not-in-structure"))
                .expectNoEvents();
        withRulesByYearAndTheRegisterAfterTheReform().givenNoPriorActivity()
                .when(AssignCommuneSupport.of(NTM_ACROSS, PHUONG_BAC_GIANG, "STP-VP", DECISION, LocalDate.of(2025, 7, 1), false))
                .expectSuccessfulHandlerExecution();
        withRulesByYearAndTheRegisterAfterTheReform().givenNoPriorActivity()
                .when(AssignCommuneSupport.of(NTM_ACROSS, PHUONG_BAC_GIANG, PTP_BG, DECISION, LocalDate.of(2025, 7, 1), false))
                .expectException(rule("unit-not-in-structure"))
                .expectNoEvents();
    }

    @Test
    void another_provinces_admin_neither_assigns_nor_assesses_nor_ends_support_of_a_commune_of_province_24() {
        Map<String, String> adminOf19 = Map.of("role", "PROVINCE_ADMIN", "provinceCode", "19");
        fixture.givenNoPriorActivity().when(assign(PTP_BG, false), adminOf19)
                .expectException(vn.thidua.command.rules.Forbidden.class).expectNoEvents();
        fixture.givenNoPriorActivity().when(assess(scores("14", "27", "22", "9", "18"), true), adminOf19)
                .expectException(vn.thidua.command.rules.Forbidden.class).expectNoEvents();
        fixture.given(assigned(PTP_BG, false))
                .when(EndCommuneSupport.of(NTM, XUONG_GIANG, PTP_BG, LocalDate.of(2019, 1, 1), null), adminOf19)
                .expectException(vn.thidua.command.rules.Forbidden.class).expectNoEvents();
        fixture.givenNoPriorActivity().when(assign(PTP_BG, false), Map.of("role", "PROVINCE_ADMIN", "provinceCode", "24"))
                .expectEvents(assigned(PTP_BG, false));
    }

    @Test
    void a_reporter_of_another_province_records_no_activity_even_naming_a_unit_code_of_province_24() {
        fixture.given(assigned(PTP_BG, false))
                .when(activity(PTP_BG, "a-1", LocalDate.of(2018, 5, 12)),
                        Map.of("role", "UNIT_REPORTER", "unitId", PTP_BG, "provinceCode", "19"))
                .expectException(vn.thidua.command.rules.Forbidden.class)
                .expectNoEvents();
    }

    @Test
    void the_ministrys_caller_records_no_activity_for_a_provinces_commune() {
        fixture.given(assigned(PTP_BG, false))
                .when(activity(PTP_BG, "a-1", LocalDate.of(2018, 5, 12)), Map.of("role", "PROVINCE_ADMIN", "provinceCode", "BTP"))
                .expectException(vn.thidua.command.rules.Forbidden.class)
                .expectNoEvents();
    }

    @Test
    void an_old_commune_takes_activities_until_30_june_2025_and_none_after_it_was_merged() {
        CommuneSupportAssigned since2017 = new CommuneSupportAssigned(NTM_ACROSS, XUONG_GIANG, PTP_BG, DECISION, FROM, false);
        RecordSupportActivity before = RecordSupportActivity.of(NTM_ACROSS, XUONG_GIANG, PTP_BG, "a-1",
                SupportActivityType.LEGAL_DISSEMINATION, LocalDate.of(2025, 6, 30), 40, "Trước sắp xếp");
        RecordSupportActivity after = RecordSupportActivity.of(NTM_ACROSS, XUONG_GIANG, PTP_BG, "a-2",
                SupportActivityType.LEGAL_DISSEMINATION, LocalDate.of(2025, 7, 1), 40, "Sau sắp xếp");
        withRulesByYearAndTheRegisterAfterTheReform().given(since2017).when(before)
                .expectEvents(new SupportActivityRecorded(NTM_ACROSS, XUONG_GIANG, PTP_BG, "a-1",
                        SupportActivityType.LEGAL_DISSEMINATION, LocalDate.of(2025, 6, 30), 40, "Trước sắp xếp"));
        withRulesByYearAndTheRegisterAfterTheReform().given(since2017).when(after)
                .expectException(rule("commune-not-in-structure"))
                .expectNoEvents();
    }
}
