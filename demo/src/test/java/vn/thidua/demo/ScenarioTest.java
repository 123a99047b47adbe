package vn.thidua.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.thidua.reference.Commune;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.Unit;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated scenario obeys the command API's rules without a server: every request is replayed against a small
 * model of the aggregates, phase by phase, in chain order.
 */
class ScenarioTest {

    private static final ReferenceData REFERENCE = ReferenceData.bacGiang();
    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,39}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final Pattern MOVEMENT_PATH = Pattern.compile("/api/v1/movements/([^/]+)/(key-tasks|enrolments|closure)");
    private static final Pattern RESULT_PATH = Pattern.compile("/api/v1/movements/([^/]+)/key-tasks/(\\d+)/results");
    private static final Pattern REVIEW_PATH = Pattern.compile("/api/v1/task-results/([^/]+)/(corrections|return|approval)");
    private static final Pattern COMMUNE_PATH = Pattern.compile(
            "/api/v1/movements/([^/]+)/communes/(\\d{5})/(supporters|activities|assessments|supporters/([^/]+)/ending)");

    private static Scenario scenario;
    private static Model model;

    @BeforeAll
    static void replayTheScenarioAgainstTheRules() {
        scenario = ScenarioGenerator.generate(REFERENCE);
        model = new Model();
        for (Phase phase : scenario.phases()) {
            model.phaseStarts();
            for (Chain chain : phase.chains()) {
                for (DemoRequest request : chain.requests()) {
                    model.apply(chain, request);
                }
            }
        }
    }

    @Test
    void every_request_obeys_the_rules_of_the_command_api() {
        assertThat(model.violations).isEmpty();
    }

    @Test
    void the_six_movements_rest_on_their_real_documents() {
        assertThat(model.movements).containsOnlyKeys("TDTN-2018", "HCM-2018", "NTM-2016-2020", "DNHN-2018",
                "VNN-2017-2020", "TDAQ70-2018");
        JsonNode annual = model.registrations.get("TDTN-2018");
        assertThat(annual.at("/launchingPlan/number").asText()).isEqualTo("02/KH-STP");
        assertThat(annual.at("/launchingPlan/issuedOn").asText()).isEqualTo("2018-01-09");
        assertThat(annual.at("/launchingPlan/issuer").asText()).isEqualTo("Sở Tư pháp tỉnh Bắc Giang");
        assertThat(documents("HCM-2018")).containsExactly("02/KH-STP 2018-01-09 KH", "1607/QĐ-BTP 2016-08-01 QD", "21-CT/TW 2012-12-21 CT",
                "30/CT-TTg 2012-11-26 CT");
        assertThat(documents("NTM-2016-2020")).containsExactly("86/KH-STP 2016-12-29 KH", "2288/QĐ-BTP 2016-10-31 QD",
                "315/KH-UBND 2016-12-12 KH");
        assertThat(documents("DNHN-2018")).contains("193/KH-UBND 2017-09-25 KH");
        assertThat(documents("VNN-2017-2020")).contains("05/CT-UBND 2017-09-27 CT");
        assertThat(documents("TDAQ70-2018")).containsExactly("1166/KH-UBND 2018-04-16 KH", "1171/QĐ-BTP 2018-05-24 QD");
        assertThat(model.movements.get("NTM-2016-2020").kind).isEqualTo("MULTI_YEAR");
        assertThat(model.movements.get("TDAQ70-2018").kind).isEqualTo("THEMATIC");
        assertThat(model.movements.get("TDAQ70-2018").closed).isTrue();
    }

    @Test
    void the_annual_movement_has_eight_illustrative_key_tasks_and_every_unit_enrolled_early_in_2018() {
        Movement annual = model.movements.get("TDTN-2018");
        assertThat(annual.tasks).hasSize(8);
        assertThat(model.taskTitles).hasSize(8).allSatisfy(t -> assertThat(t).contains("(minh hoạ)"));
        assertThat(annual.tasks.values()).allSatisfy(indicators -> assertThat(indicators).hasSizeBetween(1, 3));
        assertThat(annual.enrolled.keySet())
                .containsExactlyInAnyOrderElementsOf(REFERENCE.units().stream().map(Unit::id).toList());
        assertThat(annual.enrolled.values()).allSatisfy(day -> assertThat(day)
                .isBetween(LocalDate.of(2018, 1, 9), LocalDate.of(2018, 2, 28)));
        assertThat(model.movements.values().stream().filter(m -> !m.code.equals("TDTN-2018")))
                .allSatisfy(m -> assertThat(m.enrolled).isNotEmpty());
    }

    @Test
    void every_commune_of_the_reference_list_has_a_supporting_unit() {
        assertThat(model.communes.keySet())
                .containsExactlyInAnyOrderElementsOf(REFERENCE.communes().stream().map(Commune::code).toList())
                .hasSize(230);
        assertThat(model.communes.values()).allSatisfy(c -> assertThat(c.assignments).isNotEmpty());
        assertThat(model.sharedAssignments).isGreaterThan(3);
        assertThat(model.endedAssignments).isGreaterThan(3);
        assertThat(model.divisionAssignments).isGreaterThan(5);
        // mostly the district office of the commune's own district
        long byOwnOffice = model.communes.entrySet().stream().filter(e -> e.getValue().assignments.get(0).unitId
                .equals("PTP-" + REFERENCE.commune(e.getKey()).orElseThrow().districtCode())).count();
        assertThat(byOwnOffice).isGreaterThan(180);
        assertThat(model.decisionDates).allSatisfy(day -> assertThat(day.getYear()).isEqualTo(2017));
    }

    @Test
    void support_activities_lie_within_their_assignment_and_the_years_2017_and_2018() {
        assertThat(model.activities).isGreaterThan(230 * 3);
        assertThat(model.activityDays).allSatisfy(day -> assertThat(day)
                .isBetween(LocalDate.of(2017, 1, 1), LocalDate.of(2018, 12, 31)));
        assertThat(model.communes.values()).allSatisfy(c -> assertThat(c.activities).isGreaterThanOrEqualTo(3));
        // (each activity was checked against its unit's assignments by the model: no violations)
        assertThat(model.violations).noneMatch(v -> v.contains("activity"));
    }

    @Test
    void assessments_score_within_the_maxima_and_improve_from_2017_to_2018() {
        assertThat(model.assessmentsByYear.keySet()).containsExactly(2017, 2018);
        assertThat(model.assessmentsByYear.values()).allSatisfy(list -> assertThat(list).hasSize(230));
        double passed2017 = passShare(2017);
        double passed2018 = passShare(2018);
        assertThat(passed2017).isBetween(0.3, 0.75);
        assertThat(passed2018).isGreaterThan(passed2017 + 0.05).isLessThan(0.95);
        assertThat(model.disciplined).isBetween(1, 20);
    }

    @Test
    void task_results_cover_the_four_quarters_with_corrections_returns_and_approvals() {
        Map<String, Long> byPeriod = model.results.values().stream()
                .collect(Collectors.groupingBy(r -> r.period, java.util.TreeMap::new, Collectors.counting()));
        assertThat(byPeriod.keySet()).containsExactly("2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4");
        int possible = 19 * 8;
        assertThat(byPeriod.values()).allSatisfy(n -> assertThat(n).isBetween((long) (possible * 0.8), (long) possible - 1));
        long approved = model.results.values().stream().filter(r -> r.status.equals("APPROVED")).count();
        assertThat(approved).isGreaterThan(model.results.size() / 2);
        assertThat(model.returned).isGreaterThan(10);
        assertThat(model.correctedAfterReturn).isGreaterThan(5);
        assertThat(model.correctedBeforeReview).isGreaterThan(5);
    }

    @Test
    void idempotency_keys_are_unique_valid_and_the_same_in_every_generation() {
        List<DemoRequest> first = scenario.requests().toList();
        List<DemoRequest> second = ScenarioGenerator.generate(REFERENCE).requests().toList();
        assertThat(second).isEqualTo(first);
        assertThat(first).extracting(DemoRequest::key).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).matches(IDEMPOTENCY_KEY).startsWith("demo-2018:"));
        assertThat(first).extracting(DemoRequest::key).contains("demo-2018:result:TDTN-2018:3:PTP-213:2018-Q2:record");
    }

    @Test
    void all_text_is_nfc_and_every_body_is_json() {
        assertThat(scenario.requests()).allSatisfy(r -> {
            assertThat(Normalizer.isNormalized(r.body(), Normalizer.Form.NFC)).as(r.body()).isTrue();
            assertThat(Normalizer.isNormalized(r.path(), Normalizer.Form.NFC)).isTrue();
            assertThat(Json.readOrNull(r.body())).as(r.body()).isNotNull();
        });
    }

    @Test
    void each_aggregate_is_written_by_one_chain_so_its_requests_keep_their_order() {
        Map<String, Set<String>> chainsByAggregate = new HashMap<>();
        Map<String, Set<String>> phasesByAggregate = new HashMap<>();
        for (Phase phase : scenario.phases()) {
            for (Chain chain : phase.chains()) {
                for (DemoRequest r : chain.requests()) {
                    String aggregate = aggregateOf(r);
                    chainsByAggregate.computeIfAbsent(aggregate, a -> new HashSet<>()).add(chain.name());
                    phasesByAggregate.computeIfAbsent(aggregate, a -> new HashSet<>()).add(phase.name());
                }
            }
        }
        assertThat(chainsByAggregate).allSatisfy((aggregate, chains) -> assertThat(chains).as(aggregate).hasSize(1));
        assertThat(phasesByAggregate).allSatisfy((aggregate, phases) -> assertThat(phases).as(aggregate).hasSize(1));
    }

    @Test
    void admin_acts_come_from_the_province_and_reports_from_their_own_unit() {
        assertThat(scenario.requests()).allSatisfy(r -> {
            boolean unitAct = r.path().endsWith("/results") || r.path().endsWith("/corrections")
                    || r.path().endsWith("/activities");
            if (unitAct) {
                JsonNode body = Json.readOrNull(r.body());
                String unit = body.has("unitId") ? body.get("unitId").asText()
                        : r.path().split("/")[4].split("~")[2];
                assertThat(r.role()).isEqualTo("UNIT_REPORTER");
                assertThat(r.unitId()).isEqualTo(unit);
                assertThat(r.subject()).isEqualTo(unit.toLowerCase());
            } else {
                assertThat(r.role()).isEqualTo("PROVINCE_ADMIN");
                assertThat(r.unitId()).isNull();
            }
        });
    }

    @Test
    void the_scenario_stays_under_fifteen_thousand_requests() {
        assertThat(scenario.requestCount()).isBetween(2_000, 15_000);
        Scenario.Statistics s = scenario.statistics();
        assertThat(s.communes()).isEqualTo(230);
        assertThat(s.results()).isEqualTo(model.results.size());
        assertThat(s.activities()).isEqualTo(model.activities);
    }

    // --- the model -------------------------------------------------------------------------------------------

    private static double passShare(int year) {
        List<Assessment> list = model.assessmentsByYear.get(year);
        return list.stream().filter(Assessment::passes).count() / (double) list.size();
    }

    private static List<String> documents(String movement) {
        JsonNode body = model.registrations.get(movement);
        List<String> out = new ArrayList<>();
        out.add(describe(body.get("launchingPlan")));
        body.get("legalBasis").forEach(d -> out.add(describe(d)));
        return out;
    }

    private static String describe(JsonNode d) {
        return d.get("number").asText() + " " + d.get("issuedOn").asText() + " " + d.get("kind").asText();
    }

    private static String aggregateOf(DemoRequest r) {
        Matcher m;
        if (r.path().equals("/api/v1/movements")) {
            return Json.readOrNull(r.body()).get("code").asText();
        } else if ((m = RESULT_PATH.matcher(r.path())).matches()) {
            JsonNode body = Json.readOrNull(r.body());
            return String.join("~", m.group(1), m.group(2), body.get("unitId").asText(), body.get("period").asText());
        } else if ((m = MOVEMENT_PATH.matcher(r.path())).matches()) {
            return m.group(1);
        } else if ((m = REVIEW_PATH.matcher(r.path())).matches()) {
            return m.group(1);
        } else if ((m = COMMUNE_PATH.matcher(r.path())).matches()) {
            return m.group(1) + "~" + m.group(2);
        }
        throw new AssertionError("Unknown path " + r.path());
    }

    static final class Movement {
        String code;
        String kind;
        LocalDate start;
        LocalDate end;
        boolean closed;
        final Map<Integer, Set<String>> tasks = new LinkedHashMap<>();
        final Map<String, LocalDate> enrolled = new LinkedHashMap<>();
        /** Enrolled before the current phase: what a parallel chain can rely on. */
        final Set<String> enrolledBeforePhase = new HashSet<>();
        final Set<Integer> tasksBeforePhase = new HashSet<>();
    }

    record Assignment(String unitId, LocalDate from, LocalDate[] until, boolean shared) {
        boolean active() {
            return until[0] == null;
        }

        boolean covers(LocalDate day) {
            return !day.isBefore(from) && (until[0] == null || !day.isAfter(until[0]));
        }
    }

    static final class Support {
        final List<Assignment> assignments = new ArrayList<>();
        int activities;
    }

    record Assessment(List<BigDecimal> scores, boolean clean) {
        /** The default rule of the command-service: total ≥ 80, each ≥ half its maximum, nobody disciplined. */
        boolean passes() {
            BigDecimal total = scores.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            if (!clean || total.compareTo(BigDecimal.valueOf(80)) < 0) {
                return false;
            }
            for (int i = 0; i < scores.size(); i++) {
                if (scores.get(i).multiply(BigDecimal.valueOf(2)).compareTo(ScenarioGenerator.MAXIMA.get(i)) < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Result {
        String period;
        String status = "SUBMITTED";
        boolean wasReturned;
    }

    /** The rules of the command-service's aggregates, enough to replay the scenario. */
    static final class Model {
        final List<String> violations = new ArrayList<>();
        final Map<String, Movement> movements = new LinkedHashMap<>();
        final Map<String, JsonNode> registrations = new HashMap<>();
        final List<String> taskTitles = new ArrayList<>();
        final Map<String, Support> communes = new LinkedHashMap<>();
        final Map<String, Result> results = new LinkedHashMap<>();
        final Map<Integer, List<Assessment>> assessmentsByYear = new java.util.TreeMap<>();
        final List<LocalDate> activityDays = new ArrayList<>();
        final List<LocalDate> decisionDates = new ArrayList<>();
        int activities;
        int sharedAssignments;
        int endedAssignments;
        int divisionAssignments;
        int disciplined;
        int returned;
        int correctedAfterReturn;
        int correctedBeforeReview;

        void phaseStarts() {
            movements.values().forEach(m -> {
                m.enrolledBeforePhase.addAll(m.enrolled.keySet());
                m.tasksBeforePhase.addAll(m.tasks.keySet());
            });
        }

        void violation(DemoRequest r, String why) {
            violations.add(why + ": " + r);
        }

        void apply(Chain chain, DemoRequest r) {
            JsonNode body = Json.readOrNull(r.body());
            if (body == null) {
                violation(r, "body is not JSON");
                return;
            }
            Matcher m;
            if (r.path().equals("/api/v1/movements")) {
                register(r, body);
            } else if ((m = RESULT_PATH.matcher(r.path())).matches()) {
                record(r, body, m.group(1), Integer.parseInt(m.group(2)));
            } else if ((m = MOVEMENT_PATH.matcher(r.path())).matches()) {
                movementAct(r, body, m.group(1), m.group(2));
            } else if ((m = REVIEW_PATH.matcher(r.path())).matches()) {
                review(r, body, m.group(1), m.group(2));
            } else if ((m = COMMUNE_PATH.matcher(r.path())).matches()) {
                support(r, body, m.group(1), m.group(2), m.group(3), m.group(4));
            } else {
                violation(r, "unknown endpoint");
            }
        }

        private void register(DemoRequest r, JsonNode body) {
            String code = body.get("code").asText();
            if (!CODE.matcher(code).matches()) {
                violation(r, "movement code does not match the API pattern");
            }
            if (movements.containsKey(code)) {
                violation(r, "movement-already-registered");
            }
            Movement m = new Movement();
            m.code = code;
            m.kind = body.get("kind").asText();
            m.start = LocalDate.parse(body.get("periodStart").asText());
            m.end = LocalDate.parse(body.get("periodEnd").asText());
            if (!Set.of("ANNUAL", "MULTI_YEAR", "THEMATIC", "PERIODIC").contains(m.kind)) {
                violation(r, "unknown kind");
            }
            if (m.end.isBefore(m.start)) {
                violation(r, "period-reversed");
            }
            if (body.get("title").asText().isBlank() || body.get("title").asText().length() > 500) {
                violation(r, "title size");
            }
            List<JsonNode> docs = new ArrayList<>();
            docs.add(body.get("launchingPlan"));
            body.get("legalBasis").forEach(docs::add);
            for (JsonNode d : docs) {
                if (!Set.of("KH", "QD", "CT", "NQ").contains(d.get("kind").asText())
                        || d.get("number").asText().isBlank() || d.get("number").asText().length() > 40
                        || d.get("issuer").asText().isBlank() || d.get("issuer").asText().length() > 200
                        || d.get("title").asText().isBlank() || d.get("title").asText().length() > 500) {
                    violation(r, "invalid legal document " + d);
                }
                LocalDate.parse(d.get("issuedOn").asText());
            }
            movements.put(code, m);
            registrations.put(code, body);
        }

        private void movementAct(DemoRequest r, JsonNode body, String code, String act) {
            Movement m = movements.get(code);
            if (m == null) {
                violation(r, "movement not registered yet");
                return;
            }
            if (m.closed) {
                violation(r, "movement-closed");
            }
            switch (act) {
                case "key-tasks" -> {
                    int no = body.get("taskNo").asInt();
                    if (no < 1 || no > 99 || m.tasks.containsKey(no)) {
                        violation(r, "key-task-number-taken or out of range");
                    }
                    Set<String> codes = new HashSet<>();
                    body.get("indicators").forEach(i -> {
                        if (!codes.add(i.get("code").asText())) {
                            violation(r, "indicator-code-repeated");
                        }
                        if (i.get("code").asText().length() > 20 || i.get("unitOfMeasure").asText().length() > 40
                                || i.get("target").decimalValue().signum() < 0) {
                            violation(r, "invalid indicator");
                        }
                    });
                    m.tasks.put(no, codes);
                    taskTitles.add(body.get("title").asText());
                }
                case "enrolments" -> {
                    String unit = body.get("unitId").asText();
                    LocalDate on = LocalDate.parse(body.get("enrolledOn").asText());
                    if (REFERENCE.unit(unit).isEmpty()) {
                        violation(r, "unit-unknown");
                    }
                    if (m.enrolled.containsKey(unit)) {
                        violation(r, "unit-already-enrolled");
                    }
                    if (on.isBefore(m.start) || on.isAfter(m.end)) {
                        violation(r, "enrolment date-outside-period");
                    }
                    m.enrolled.put(unit, on);
                }
                case "closure" -> {
                    if (LocalDate.parse(body.get("closedOn").asText()).isBefore(m.start)) {
                        violation(r, "closed-before-start");
                    }
                    m.closed = true;
                }
                default -> violation(r, "unknown act");
            }
        }

        private void record(DemoRequest r, JsonNode body, String code, int taskNo) {
            Movement m = movements.get(code);
            String unit = body.get("unitId").asText();
            String period = body.get("period").asText();
            String id = String.join("~", code, String.valueOf(taskNo), unit, period);
            if (m == null || m.closed) {
                violation(r, "movement missing or closed");
                return;
            }
            if (!m.tasksBeforePhase.contains(taskNo)) {
                violation(r, "key-task-unknown (not defined in an earlier phase)");
            }
            if (!m.enrolledBeforePhase.contains(unit)) {
                violation(r, "unit-not-enrolled (not enrolled in an earlier phase)");
            } else if (m.enrolled.get(unit).isAfter(LocalDate.of(2018, 3, 31))) {
                violation(r, "enrolled after the first quarter it reports");
            }
            if (!period.matches("2018-Q[1-4]")) {
                violation(r, "period outside the movement");
            }
            values(r, body, m, taskNo);
            if (results.containsKey(id)) {
                violation(r, "result-already-recorded");
            }
            if (!id.equals(r.captureExpected()) || !"resultId".equals(r.captureField())) {
                violation(r, "the expected resultId is not " + id);
            }
            Result result = new Result();
            result.period = period;
            results.put(id, result);
        }

        private void values(DemoRequest r, JsonNode body, Movement m, int taskNo) {
            Set<String> indicators = m.tasks.getOrDefault(taskNo, Set.of());
            Set<String> seen = new HashSet<>();
            body.get("values").forEach(v -> {
                String c = v.get("code").asText();
                if (!indicators.contains(c) || !seen.add(c)) {
                    violation(r, "indicator-unknown or repeated: " + c);
                }
                if (v.get("value").decimalValue().signum() < 0) {
                    violation(r, "negative value");
                }
            });
            if (seen.isEmpty()) {
                violation(r, "no values");
            }
        }

        private void review(DemoRequest r, JsonNode body, String id, String act) {
            Result result = results.get(id);
            if (result == null) {
                violation(r, "not-found: no result " + id);
                return;
            }
            switch (act) {
                case "corrections" -> {
                    if (result.status.equals("APPROVED")) {
                        violation(r, "result-already-approved");
                    }
                    if (body.get("reason") == null || body.get("reason").asText().isBlank()) {
                        violation(r, "a correction needs a reason");
                    }
                    String[] parts = id.split("~");
                    values(r, body, movements.get(parts[0]), Integer.parseInt(parts[1]));
                    if (result.status.equals("RETURNED")) {
                        correctedAfterReturn++;
                    } else {
                        correctedBeforeReview++;
                    }
                    result.status = "SUBMITTED";
                }
                case "return" -> {
                    if (!result.status.equals("SUBMITTED")) {
                        violation(r, "return: result is " + result.status);
                    }
                    result.status = "RETURNED";
                    result.wasReturned = true;
                    returned++;
                }
                case "approval" -> {
                    if (!result.status.equals("SUBMITTED")) {
                        violation(r, "approval: result is " + result.status);
                    }
                    result.status = "APPROVED";
                }
                default -> violation(r, "unknown review act");
            }
        }

        private void support(DemoRequest r, JsonNode body, String code, String commune, String act, String endingUnit) {
            Movement m = movements.get(code);
            if (m == null || m.closed || !m.kind.equals("MULTI_YEAR")) {
                violation(r, "commune support needs an open MULTI_YEAR movement");
                return;
            }
            if (REFERENCE.commune(commune).isEmpty()) {
                violation(r, "commune-unknown");
            }
            Support support = communes.computeIfAbsent(commune, c -> new Support());
            if (endingUnit != null) {
                LocalDate endedOn = LocalDate.parse(body.get("endedOn").asText());
                Assignment current = support.assignments.stream()
                        .filter(a -> a.unitId.equals(endingUnit) && a.active()).findFirst().orElse(null);
                if (current == null) {
                    violation(r, "unit-not-assigned (ending)");
                } else if (endedOn.isBefore(current.from)) {
                    violation(r, "ended-before-start");
                } else {
                    current.until[0] = endedOn;
                    endedAssignments++;
                }
                return;
            }
            switch (act) {
                case "supporters" -> {
                    String unit = body.get("unitId").asText();
                    LocalDate from = LocalDate.parse(body.get("supportFrom").asText());
                    boolean shared = body.get("shared").asBoolean();
                    LocalDate decided = LocalDate.parse(body.at("/decision/issuedOn").asText());
                    decisionDates.add(decided);
                    if (!body.at("/decision/number").asText().matches("\\d+/QĐ-STP")) {
                        violation(r, "decision number");
                    }
                    if (decided.isAfter(from)) {
                        violation(r, "support starts before its decision");
                    }
                    if (REFERENCE.unit(unit).isEmpty()) {
                        violation(r, "unit-unknown");
                    }
                    if (from.isBefore(m.start) || from.isAfter(m.end)) {
                        violation(r, "supportFrom date-outside-period");
                    }
                    List<Assignment> active = support.assignments.stream().filter(Assignment::active).toList();
                    if (active.stream().anyMatch(a -> a.unitId.equals(unit))) {
                        violation(r, "unit-already-assigned");
                    }
                    if (!active.isEmpty() && !shared) {
                        violation(r, "commune-already-supported");
                    }
                    if (shared) {
                        sharedAssignments++;
                    }
                    if (unit.startsWith("STP-")) {
                        divisionAssignments++;
                    }
                    if (!movements.get("NTM-2016-2020").enrolledBeforePhase.contains(unit)) {
                        violation(r, "a supporting unit is not enrolled in the programme");
                    }
                    support.assignments.add(new Assignment(unit, from, new LocalDate[1], shared));
                }
                case "activities" -> {
                    String unit = body.get("unitId").asText();
                    LocalDate day = LocalDate.parse(body.get("heldOn").asText());
                    if (day.isBefore(m.start) || day.isAfter(m.end)) {
                        violation(r, "activity heldOn date-outside-period");
                    }
                    List<Assignment> ofUnit = support.assignments.stream().filter(a -> a.unitId.equals(unit)).toList();
                    if (ofUnit.isEmpty()) {
                        violation(r, "activity by a unit-not-assigned");
                    } else if (ofUnit.stream().noneMatch(a -> a.covers(day))) {
                        violation(r, "activity-outside-assignment");
                    }
                    // an activity must not be recorded before the end of an assignment it falls after
                    if (body.get("participants").asInt() < 0 || body.get("participants").asInt() > 100_000
                            || body.get("description").asText().isBlank()) {
                        violation(r, "invalid activity");
                    }
                    if (!Set.of("LEGAL_DISSEMINATION", "MEDIATOR_TRAINING", "LEGAL_BOOKCASE", "CIVIL_STATUS",
                            "ACCESS_TO_LAW_REVIEW", "OTHER").contains(body.get("type").asText())) {
                        violation(r, "unknown activity type");
                    }
                    support.activities++;
                    activities++;
                    activityDays.add(day);
                }
                case "assessments" -> {
                    int year = body.get("year").asInt();
                    if (year < m.start.getYear() || year > m.end.getYear()) {
                        violation(r, "year-outside-movement");
                    }
                    List<BigDecimal> scores = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        BigDecimal s = body.at("/scores/tc" + (i + 1)).decimalValue();
                        if (s.signum() < 0 || s.compareTo(ScenarioGenerator.MAXIMA.get(i)) > 0 || s.scale() > 2) {
                            violation(r, "score-out-of-range tc" + (i + 1));
                        }
                        scores.add(s);
                    }
                    boolean clean = body.get("noOfficialDisciplined").asBoolean();
                    if (!clean) {
                        disciplined++;
                    }
                    if (LocalDate.parse(body.get("assessedOn").asText()).getYear() != year) {
                        violation(r, "assessed in another year");
                    }
                    assessmentsByYear.computeIfAbsent(year, y -> new ArrayList<>()).add(new Assessment(scores, clean));
                }
                default -> violation(r, "unknown support act");
            }
        }
    }
}
