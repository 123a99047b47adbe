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
        List<String> units = List.of("PTP-213", "PTP-215", "VP-STP");
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
        // who did it travels from the request headers, through the event metadata, to the report
        assertThat(movement.path("registeredBy").asText()).isEqualTo("system-test");

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
