package vn.thidua.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.thidua.systemtests.support.Api;
import vn.thidua.systemtests.support.Infra;
import vn.thidua.systemtests.support.Reports;
import vn.thidua.systemtests.support.ServiceLogsOnFailure;
import vn.thidua.systemtests.support.ServiceProcess;
import vn.thidua.systemtests.support.Tokens;
import vn.thidua.systemtests.support.WorkDir;

import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.thidua.systemtests.support.Requests.MOVEMENTS;
import static vn.thidua.systemtests.support.Requests.REPORTS;
import static vn.thidua.systemtests.support.Requests.close;
import static vn.thidua.systemtests.support.Requests.defineKeyTask;
import static vn.thidua.systemtests.support.Requests.enrolUnit;
import static vn.thidua.systemtests.support.Requests.registerMovement;

/**
 * The province admin's journey over HTTP against the real processes: register the 2018 sector-wide movement,
 * define its eight key tasks, enrol three units, close it; then the analyst finds it in the reports.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MovementJourneyTest {

    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);
    static final String TITLE = "Toàn ngành Tư pháp thi đua hoàn thành xuất sắc nhiệm vụ chính trị được giao năm 2018";

    @RegisterExtension
    static final ServiceLogsOnFailure logs = new ServiceLogsOnFailure();

    static Infra infra;
    static ServiceProcess commands;
    static ServiceProcess queries;

    @BeforeAll
    static void start() {
        Path dir = WorkDir.fresh(MovementJourneyTest.class);
        infra = Infra.start(dir);
        Map<String, String> env = Map.of(
                "MONGODB_URI", infra.mongoUri(),
                "MONGODB_DATABASE", "journey_events",
                "MONGODB_QUERY_DATABASE", "journey_query",
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap(),
                "THIDUA_TOPIC", "journey.events",
                "THIDUA_QUERY_GROUP", "journey-query");
        commands = logs.track(ServiceProcess.commandService("command-service", dir, env));
        queries = logs.track(ServiceProcess.queryService("query-service", dir, env));
        ServiceProcess.startAll(commands, queries);
    }

    @AfterAll
    static void stop() {
        if (commands != null) {
            commands.stop();
        }
        if (queries != null) {
            queries.stop();
        }
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void registerDefineEnrolClose_thenTheReportsShowTheClosedMovement() {
        String id = "TDTN-2018";
        String cmd = commands.baseUrl() + MOVEMENTS;

        Api.Response registered = Api.postOk(cmd, registerMovement(id, TITLE));
        assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        assertThat(registered.json().path("movementId").asText()).isEqualTo(id);

        // the eight key tasks, defined out of order: the report lists them by number
        List<Integer> order = List.of(5, 2, 8, 1, 7, 3, 6, 4);
        for (int taskNo : order) {
            Api.Response r = Api.postOk(cmd + "/" + id + "/key-tasks", defineKeyTask(taskNo, "Nhiệm vụ trọng tâm " + taskNo
                    + ": nâng cao chất lượng công tác Tư pháp – hộ tịch, chứng thực, phổ biến giáo dục pháp luật"));
            assertThat(r.status()).as("key task %d: %s", taskNo, r).isEqualTo(201);
        }
        List<String> units = List.of("PTP-213", "PTP-215", "STP-VP");
        for (String unit : units) {
            Api.Response r = Api.postOk(cmd + "/" + id + "/enrolments", enrolUnit(unit));
            assertThat(r.status()).as("enrol %s: %s", unit, r).isEqualTo(201);
        }
        Api.Response closed = Api.postOk(cmd + "/" + id + "/closure", close("Tổng kết phong trào thi đua năm 2018"));
        assertThat(closed.status()).as("%s", closed).isEqualTo(202);

        JsonNode movement = Reports.awaitMovement(queries.baseUrl(), id, VISIBLE_WITHIN,
                m -> "CLOSED".equals(m.path("status").asText()));

        assertThat(movement.path("code").asText()).isEqualTo(id);
        assertThat(movement.path("title").asText()).isEqualTo(TITLE).contains("Tư pháp");
        assertThat(movement.path("kind").asText()).isEqualTo("ANNUAL");
        assertThat(movement.path("launchingPlan").path("number").asText()).isEqualTo("02/KH-STP");
        assertThat(movement.path("launchingPlan").path("issuer").asText()).isEqualTo("Sở Tư pháp tỉnh Bắc Giang");
        List<Integer> taskNumbers = new ArrayList<>();
        movement.path("keyTasks").forEach(t -> taskNumbers.add(t.path("taskNo").asInt()));
        assertThat(taskNumbers).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(movement.path("keyTasks").get(0).path("title").asText()).contains("Tư pháp – hộ tịch");
        assertThat(movement.path("keyTasks").get(0).path("indicators").get(0).path("target").decimalValue())
                .isEqualByComparingTo("100");
        List<String> enrolled = new ArrayList<>();
        movement.path("enrolledUnits").forEach(u -> enrolled.add(u.path("unitId").asText()));
        assertThat(enrolled).containsExactlyInAnyOrderElementsOf(units);
        assertThat(movement.path("enrolledUnits").get(0).path("pledgedTitle").asText()).isEqualTo("Tập thể lao động xuất sắc");
        assertThat(movement.path("closingSummary").asText()).isEqualTo("Tổng kết phong trào thi đua năm 2018");
        // 1 registration + 8 tasks + 3 enrolments + 1 closure = sequences 0..12
        assertThat(movement.path("version").asLong()).isEqualTo(12);
        assertThat(movement.path("lastPosition").asLong()).isPositive();
        // who did it travels from the bearer token, through the event metadata, to the report
        assertThat(movement.path("registeredBy").asText()).isEqualTo(Tokens.ADMIN_SUBJECT);

        // diacritics- and case-insensitive search of the title
        for (String q : List.of("tu phap", "TƯ PHÁP", "Tư pháp", "nhiem vu chinh tri")) {
            Api.Response page = Api.get(Api.url(queries.baseUrl(), REPORTS, Map.of("q", q)));
            assertThat(page.status()).as("q=%s: %s", q, page).isEqualTo(200);
            assertThat(codes(page.json())).as("q=%s", q).contains(id);
        }
        Api.Response none = Api.get(Api.url(queries.baseUrl(), REPORTS, Map.of("q", "hoà giải cơ sở")));
        assertThat(codes(none.json())).doesNotContain(id);
        Api.Response closedAnnual = Api.get(Api.url(queries.baseUrl(), REPORTS,
                Map.of("kind", "ANNUAL", "status", "CLOSED", "page", 0, "size", 10)));
        assertThat(closedAnnual.status()).isEqualTo(200);
        assertThat(codes(closedAnnual.json())).contains(id);
        assertThat(closedAnnual.json().path("page").asInt()).isZero();
        assertThat(closedAnnual.json().path("size").asInt()).isEqualTo(10);
        assertThat(closedAnnual.json().path("totalItems").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(closedAnnual.json().path("totalPages").asLong()).isGreaterThanOrEqualTo(1);
    }

    /**
     * Every write command of the product, over HTTP, into the event store, through Kafka, to the audit log of the
     * query side, with who sent it; a retried submission is answered once.
     */
    @Test
    void everyWriteCommandReachesTheAuditLogWithItsSender() {
        String cmd = commands.baseUrl() + MOVEMENTS;
        // the multi-year new-rural-area programme: a district office supports a commune
        Map<String, Object> ntm = new java.util.LinkedHashMap<>(registerMovement("NTM-2016-2020",
                "Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới"));
        ntm.put("kind", "MULTI_YEAR");
        ntm.put("periodStart", "2016-01-01");
        ntm.put("periodEnd", "2020-12-31");
        assertThat(Api.postOk(cmd, ntm).status()).isEqualTo(201);
        String commune = cmd + "/NTM-2016-2020/communes/07225";
        expect(201, commune + "/supporters", Map.of("unitId", "PTP-213", "supportFrom", "2017-04-01",
                "decision", Map.of("number", "125/QĐ-STP", "issuedOn", "2017-03-15")), "giao-07225");
        // the supporting unit's reporter records its activities
        String ptp213 = Tokens.reporter("PTP-213");
        Api.Response activity = expect(201, commune + "/activities", Map.of("unitId", "PTP-213", "type", "LEGAL_DISSEMINATION",
                "heldOn", "2018-05-12", "participants", 60, "description", "Tuyên truyền Luật Hòa giải ở cơ sở"), "hd-07225-1", ptp213);
        Api.Response retried = expect(201, commune + "/activities", Map.of("unitId", "PTP-213", "type", "LEGAL_DISSEMINATION",
                "heldOn", "2018-05-12", "participants", 60, "description", "Tuyên truyền Luật Hòa giải ở cơ sở"), "hd-07225-1", ptp213);
        assertThat(retried.json().path("activityId")).isEqualTo(activity.json().path("activityId"));
        expect(201, commune + "/assessments", Map.of("year", 2018, "noOfficialDisciplined", true, "assessedOn", "2018-12-10",
                "scores", Map.of("tc1", 14, "tc2", 27.5, "tc3", 22, "tc4", 9, "tc5", 18)), "dg-07225-2018");
        expect(202, commune + "/supporters/PTP-213/ending", Map.of("endedOn", "2019-12-31", "reason", "Xã đạt chuẩn"), "kt-07225");

        // the 2018 sector-wide movement: a district office reports, the province reviews
        assertThat(Api.postOk(cmd, registerMovement("TD-KQ-2018", "Thi đua năm 2018 (kết quả)")).status()).isEqualTo(201);
        expect(201, cmd + "/TD-KQ-2018/key-tasks", defineKeyTask(1, "Nhiệm vụ trọng tâm 1 (minh hoạ)"), "nv-1");
        expect(201, cmd + "/TD-KQ-2018/enrolments", enrolUnit("PTP-215"), "dk-215");
        Map<String, Object> values = Map.of("unitId", "PTP-215", "period", "2018-Q1",
                "values", List.of(Map.of("code", "TT1", "value", 92.5)), "evidence", "Báo cáo quý I");
        String ptp215 = Tokens.reporter("PTP-215");
        Api.Response result = expect(201, cmd + "/TD-KQ-2018/key-tasks/1/results", values, "kq-215-q1", ptp215);
        String resultUrl = commands.baseUrl() + "/api/v1/task-results/" + result.json().path("resultId").asText();
        expect(202, resultUrl + "/return", Map.of("reason", "Thiếu tài liệu kiểm chứng"), "tl-215-q1");
        expect(202, resultUrl + "/corrections", Map.of("values", List.of(Map.of("code", "TT1", "value", 95)),
                "reason", "Bổ sung số liệu"), "dc-215-q1", ptp215);
        expect(202, resultUrl + "/approval", Map.of("note", "Khớp báo cáo"), "pd-215-q1");
        expect(202, cmd + "/TD-KQ-2018/closure", close("Tổng kết"), "tk-2018");

        JsonNode support = awaitAudit("NTM-2016-2020~07225", 4);
        assertThat(types(support)).containsExactly("CommuneSupportAssigned", "SupportActivityRecorded",
                "CommuneCriterionAssessed", "CommuneSupportEnded");
        assertThat(support.path("items").get(1).path("metadata").path("idempotencyKey").asText()).isEqualTo("hd-07225-1");
        assertThat(support.path("items").get(2).path("payload").path("passed").asBoolean()).isTrue();
        JsonNode review = awaitAudit(result.json().path("resultId").asText(), 4);
        assertThat(types(review)).containsExactly("TaskResultRecorded", "TaskResultReturned", "TaskResultCorrected",
                "TaskResultApproved");
        // who sent each command: the subject of its token (the unit's reporter records, the province returns)
        assertThat(review.path("items").get(0).path("metadata").path("subject").asText())
                .isEqualTo(Tokens.reporterSubject("PTP-215"));
        assertThat(review.path("items").get(1).path("metadata").path("subject").asText()).isEqualTo(Tokens.ADMIN_SUBJECT);
        assertThat(review.path("items").get(2).path("payload").path("values").get(0).path("value").decimalValue())
                .isEqualByComparingTo("95");
        assertThat(types(awaitAudit("TD-KQ-2018", 4))).containsExactly("MovementRegistered", "KeyTaskDefined",
                "UnitEnrolled", "MovementClosed");

        // the analyst's boards show the same facts (each projection writes its part of a batch in turn)
        org.awaitility.Awaitility.await("the boards").atMost(VISIBLE_WITHIN).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Api.Response communes = Api.get(Api.url(queries.baseUrl(), "/api/v1/reports/communes",
                            Map.of("movementId", "NTM-2016-2020", "q", "XƯƠNG GIANG")));
                    assertThat(communes.status()).as("%s", communes).isEqualTo(200);
                    JsonNode xuongGiang = communes.json().path("items").get(0);
                    assertThat(xuongGiang.path("communeCode").asText()).isEqualTo("07225");
                    assertThat(xuongGiang.path("activityCount").asInt()).as("the retried activity counts once").isEqualTo(1);
                    assertThat(xuongGiang.path("activeSupporters")).as("support ended").isEmpty();
                    assertThat(communes.json().path("province").path("communes").asInt()).isEqualTo(230);
                    Api.Response tasks = Api.get(Api.url(queries.baseUrl(), "/api/v1/reports/key-tasks",
                            Map.of("movementId", "TD-KQ-2018", "period", "2018-Q1")));
                    assertThat(tasks.status()).as("%s", tasks).isEqualTo(200);
                    JsonNode row = tasks.json().path("items").get(0);
                    assertThat(row.path("unitId").asText()).isEqualTo("PTP-215");
                    assertThat(row.path("rank").asInt()).isEqualTo(1);
                    assertThat(row.path("cells").get(0).path("status").asText()).isEqualTo("APPROVED");
                    assertThat(row.path("cells").get(0).path("values").get(0).path("value").decimalValue()).isEqualByComparingTo("95");
                });
    }

    @Test
    void theAuditorFindsTheLogIntactPlaysAStreamBackVerifiesEveryProjectionAndReadsABoardAsOfAnInstant() throws Exception {
        String cmd = commands.baseUrl() + MOVEMENTS;
        assertThat(Api.postOk(cmd, registerMovement("TD-KT-2018", "Thi đua năm 2018 (kiểm toán)")).status()).isEqualTo(201);
        expect(201, cmd + "/TD-KT-2018/key-tasks", defineKeyTask(1, "Nhiệm vụ trọng tâm 1 (minh hoạ)"), "kt-nv-1");
        expect(201, cmd + "/TD-KT-2018/enrolments", enrolUnit("PTP-216"), "kt-dk-216");
        String auditor = Tokens.auditor();

        // the event log's hash chain and checkpoints hold
        Api.Response integrity = Api.get(commands.baseUrl() + "/api/v1/audit/integrity", auditor);
        assertThat(integrity.status()).as("%s", integrity).isEqualTo(200);
        assertThat(integrity.json().path("verified").asBoolean()).as("%s", integrity).isTrue();
        assertThat(integrity.json().path("eventsChecked").asLong()).isGreaterThanOrEqualTo(3);

        // the movement's stream played back: its state after each event
        awaitAudit("TD-KT-2018", 3);
        Api.Response playback = Api.get(queries.baseUrl() + "/api/v1/audit/streams/TD-KT-2018", auditor);
        assertThat(playback.status()).as("%s", playback).isEqualTo(200);
        JsonNode steps = playback.json().path("items");
        assertThat(steps.size()).isEqualTo(3);
        assertThat(steps.get(0).path("state").path("keyTasks")).isEmpty();
        assertThat(steps.get(2).path("state").path("enrolledUnits").get(0).path("unitId").asText()).isEqualTo("PTP-216");

        // every projection rebuilt into a shadow and compared with the live one: no difference
        Api.Response started = Api.post(queries.baseUrl() + "/api/v1/rebuilds?projection=all&mode=VERIFY", Map.of(), null, auditor);
        assertThat(started.status()).as("%s", started).isEqualTo(202);
        String job = queries.baseUrl() + "/api/v1/rebuilds/" + started.json().path("id").asText();
        org.awaitility.Awaitility.await("the verification").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> !"RUNNING".equals(Api.get(job, auditor).json().path("state").asText()));
        JsonNode verified = Api.get(job, auditor).json();
        assertThat(verified.path("state").asText()).as("%s", verified).isEqualTo("COMPLETED");
        assertThat(verified.path("verified").asBoolean()).as("%s", verified).isTrue();

        // the catalogue-backed board as of an instant before the enrolment has no unit; now it has one
        String before = steps.get(1).path("timestamp").asText();
        Api.Response then = Api.get(Api.url(queries.baseUrl(), "/api/v1/reports/key-tasks",
                Map.of("movementId", "TD-KT-2018", "period", "2018-Q1", "asOf", before)), auditor);
        assertThat(then.status()).as("%s", then).isEqualTo(200);
        assertThat(then.json().path("items")).isEmpty();
        Api.Response now = Api.get(Api.url(queries.baseUrl(), "/api/v1/reports/key-tasks",
                Map.of("movementId", "TD-KT-2018", "period", "2018-Q1")), auditor);
        assertThat(now.json().path("items").get(0).path("unitId").asText()).isEqualTo("PTP-216");
    }

    /** POSTs as the province admin and asserts the status. */
    static Api.Response expect(int status, String url, Object body, String key) {
        return expect(status, url, body, key, Tokens.admin());
    }

    /** POSTs with the given token and asserts the status. */
    static Api.Response expect(int status, String url, Object body, String key, String token) {
        try {
            Api.Response r = Api.post(url, body, key, token);
            assertThat(r.status()).as("%s: %s", url, r).isEqualTo(status);
            return r;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonNode awaitAudit(String aggregateId, int events) {
        JsonNode[] page = new JsonNode[1];
        org.awaitility.Awaitility.await(aggregateId + " in the audit log").atMost(VISIBLE_WITHIN)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    Api.Response r = Api.get(Api.url(queries.baseUrl(), "/api/v1/audit/events",
                            Map.of("aggregateId", aggregateId, "size", 50)));
                    page[0] = r.json();
                    return r.status() == 200 && r.json().path("items").size() >= events;
                });
        return page[0];
    }

    static List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        page.path("items").forEach(i -> types.add(i.path("type").asText()));
        return types;
    }

    @Test
    void aDecomposedTitleIsStoredAndShownComposed() {
        String composed = "Phong trào thi đua “Đồng hành cùng xã xây dựng nông thôn mới” của ngành Tư pháp";
        String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
        assertThat(decomposed).as("the request really is decomposed").isNotEqualTo(composed);
        String id = "NTM-2018";

        Api.Response r = Api.postOk(commands.baseUrl() + MOVEMENTS, registerMovement(id, decomposed));
        assertThat(r.status()).as("%s", r).isEqualTo(201);

        JsonNode movement = Reports.awaitMovement(queries.baseUrl(), id, VISIBLE_WITHIN, m -> true);
        String title = movement.path("title").asText();
        assertThat(title).isEqualTo(composed);
        assertThat(Normalizer.isNormalized(title, Normalizer.Form.NFC)).isTrue();

        // a search typed on a keyboard that sends decomposed text finds it too
        Api.Response page = Api.get(Api.url(queries.baseUrl(), REPORTS,
                Map.of("q", Normalizer.normalize("xây dựng nông thôn", Normalizer.Form.NFD))));
        assertThat(codes(page.json())).contains(id);
    }

    @Test
    void anUnknownMovementIsA404Problem() {
        Api.Response r = Reports.movement(queries.baseUrl(), "KHONG-TON-TAI");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.isProblem()).as("content type %s", r.contentType()).isTrue();
        assertThat(r.problemKind()).isEqualTo("not-found");
        assertThat(r.json().path("status").asInt()).isEqualTo(404);

        // the command side too: enrolling in a movement that does not exist
        Api.Response enrol = Api.postOk(commands.baseUrl() + MOVEMENTS + "/KHONG-TON-TAI/enrolments", enrolUnit("PTP-213"));
        assertThat(enrol.status()).as("%s", enrol).isEqualTo(404);
        assertThat(enrol.isProblem()).as("content type %s", enrol.contentType()).isTrue();
    }

    /** The services as deployed: only health (and the API documentation) answer without a token. */
    @Test
    void withoutATokenOnlyHealthAnswers() throws java.io.IOException {
        for (ServiceProcess service : List.of(commands, queries)) {
            assertThat(Api.get(service.baseUrl() + "/actuator/health", null).status()).as(service.name()).isEqualTo(200);
        }
        Api.Response read = Api.get(Api.url(queries.baseUrl(), REPORTS, Map.of()), null);
        assertThat(read.status()).as("%s", read).isEqualTo(401);
        Api.Response write = Api.post(commands.baseUrl() + MOVEMENTS, registerMovement("KHONG-TOKEN", TITLE), null, null);
        assertThat(write.status()).as("%s", write).isEqualTo(401);
        Api.Response forged = Api.get(Api.url(queries.baseUrl(), REPORTS, Map.of()), Tokens.analyst() + "x");
        assertThat(forged.status()).as("a token with a broken signature: %s", forged).isEqualTo(401);
    }

    @Test
    void aPageLargerThanTheMaximumIsA400Problem() {
        Api.Response tooLarge = Api.get(Api.url(queries.baseUrl(), REPORTS, Map.of("size", 201)));
        assertThat(tooLarge.status()).as("%s", tooLarge).isEqualTo(400);
        assertThat(tooLarge.isProblem()).as("content type %s", tooLarge.contentType()).isTrue();

        Api.Response largest = Api.get(Api.url(queries.baseUrl(), REPORTS, Map.of("size", 200)));
        assertThat(largest.status()).as("%s", largest).isEqualTo(200);
        assertThat(largest.json().path("size").asInt()).isEqualTo(200);
    }

    static List<String> codes(JsonNode page) {
        List<String> codes = new ArrayList<>();
        page.path("items").forEach(i -> codes.add(i.path("code").asText()));
        return codes;
    }
}
