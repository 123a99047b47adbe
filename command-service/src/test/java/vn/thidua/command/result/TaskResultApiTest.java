package vn.thidua.command.result;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.command.testing.CommandApiTest;

import java.net.http.HttpResponse;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Task results over HTTP: every status the endpoints answer, and what each accepted command stores. */
class TaskResultApiTest extends CommandApiTest {

    static final String RESULT_BODY = """
            {"unitId":"PTP-213","period":"2018-Q2","values":[{"code":"TT1","value":87.25},{"code":"TT2","value":31}],
             "evidence":"Báo cáo số 45/BC-PTP"}""";
    static final String CORRECTION = """
            {"values":[{"code":"TT1","value":88},{"code":"TT2","value":31}],"reason":"Bổ sung 2 vụ việc"}""";

    String movement;

    @BeforeEach
    void movementWithATaskAndAnEnrolledUnit() throws Exception {
        movement = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        defineTask(movement, 3, "TT1", "TT2");
        enrol(movement, "PTP-213");
    }

    /** A request of PTP-213's reporter, the unit that reports here. */
    HttpResponse<String> report(String path, String body) throws Exception {
        return post(path, body, reporter("PTP-213"));
    }

    String results(int taskNo) {
        return "/api/v1/movements/" + movement + "/key-tasks/" + taskNo + "/results";
    }

    @Test
    void a_result_is_recorded_with_201_its_location_and_the_callers_metadata() throws Exception {
        HttpResponse<String> r = post(results(3), RESULT_BODY, with(with(reporter("PTP-213"), "Idempotency-Key", "kq-q2-001"),
                "X-Correlation-Id", "corr-42"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = movement + "~3~PTP-213~2018-Q2";
        assertThat(body(r).get("resultId").asText()).isEqualTo(id);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/task-results/" + id));

        List<Map<String, JsonNode>> stream = streamOf(id);
        assertThat(stream).hasSize(1);
        assertThat(stream.get(0).get("type").asText()).isEqualTo("TaskResultRecorded");
        JsonNode payload = stream.get(0).get("payload");
        assertThat(payload.get("values").get(0).get("value").decimalValue()).isEqualByComparingTo("87.25");
        assertThat(payload.toString()).doesNotContain("kq-q2-001", "PTP-213\",\"role"); // transport stays out of payloads
        JsonNode meta = stream.get(0).get("metadata");
        assertThat(meta.get("subject").asText()).isEqualTo("bao-cao-ptp-213");
        assertThat(meta.get("role").asText()).isEqualTo("UNIT_REPORTER");
        assertThat(meta.get("unitId").asText()).isEqualTo("PTP-213");
        assertThat(meta.get("idempotencyKey").asText()).isEqualTo("kq-q2-001");
        assertThat(meta.get("correlationId").asText()).isEqualTo("corr-42");
        assertThat(meta.get("submissionId").asText()).isNotBlank();
        assertThat(meta.get("clientAddress").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void the_same_task_unit_and_period_is_recorded_once_then_corrected() throws Exception {
        assertThat(report(results(3), RESULT_BODY).statusCode()).isEqualTo(201);
        long before = storedCommits();
        HttpResponse<String> again = report(results(3), RESULT_BODY);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(problem(again).get("rule").asText()).isEqualTo("result-already-recorded");
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    void the_review_runs_correct_return_correct_approve_and_then_refuses_corrections() throws Exception {
        String id = body(report(results(3), RESULT_BODY)).get("resultId").asText();
        String base = "/api/v1/task-results/" + id;
        assertThat(report(base + "/corrections", CORRECTION).statusCode()).isEqualTo(202);
        HttpResponse<String> returned = post(base + "/return", "{\"reason\":\"Thiếu tài liệu kiểm chứng\"}");
        assertThat(returned.statusCode()).isEqualTo(202);
        assertThat(body(returned).get("status").asText()).isEqualTo("RETURNED");
        HttpResponse<String> approveReturned = post(base + "/approval", "{}");
        assertThat(approveReturned.statusCode()).isEqualTo(409);
        assertThat(problem(approveReturned).get("rule").asText()).isEqualTo("result-returned");
        assertThat(report(base + "/corrections", CORRECTION).statusCode()).isEqualTo(202);
        assertThat(post(base + "/approval", "{\"note\":\"Khớp\"}").statusCode()).isEqualTo(202);
        HttpResponse<String> late = report(base + "/corrections", CORRECTION);
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(problem(late).get("rule").asText()).isEqualTo("result-already-approved");
        assertThat(streamOf(id)).extracting(e -> e.get("type").asText()).containsExactly(
                "TaskResultRecorded", "TaskResultCorrected", "TaskResultReturned", "TaskResultCorrected", "TaskResultApproved");
    }

    @Test
    void a_unit_that_did_not_enrol_gets_409_and_nothing_is_stored() throws Exception {
        long before = storedCommits();
        HttpResponse<String> r = post(results(3), RESULT_BODY.replace("PTP-213", "PTP-215"), reporter("PTP-215"));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(problem(r).get("rule").asText()).isEqualTo("unit-not-enrolled");
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    void an_unknown_task_or_indicator_or_period_outside_the_movement_is_400_naming_the_field() throws Exception {
        HttpResponse<String> task = report(results(9), RESULT_BODY);
        assertThat(task.statusCode()).isEqualTo(400);
        assertThat(problem(task).get("errors").findValuesAsText("field")).containsExactly("taskNo");
        HttpResponse<String> indicator = report(results(3), RESULT_BODY.replace("TT2", "TT7"));
        assertThat(indicator.statusCode()).isEqualTo(400);
        assertThat(problem(indicator).get("errors").findValuesAsText("field")).containsExactly("values[1].code");
        HttpResponse<String> period = report(results(3), RESULT_BODY.replace("2018-Q2", "2019-Q1"));
        assertThat(period.statusCode()).isEqualTo(400);
        assertThat(problem(period).get("rule").asText()).isEqualTo("period-outside-movement");
    }

    @Test
    void malformed_values_are_400_before_anything_runs() throws Exception {
        long before = storedCommits();
        HttpResponse<String> negative = report(results(3), RESULT_BODY.replace("87.25", "-1"));
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(problem(negative).get("errors").findValuesAsText("field")).containsExactly("values[0].value");
        HttpResponse<String> period = report(results(3), RESULT_BODY.replace("2018-Q2", "Q2/2018"));
        assertThat(period.statusCode()).isEqualTo(400);
        assertThat(problem(period).get("errors").findValuesAsText("field")).containsExactly("period");
        HttpResponse<String> unknownField = report(results(3), RESULT_BODY.replace("{\"unitId\"", "{\"status\":\"APPROVED\",\"unitId\""));
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(problem(unknownField).get("detail").asText()).contains("status");
        HttpResponse<String> wrongType = report(results(3), RESULT_BODY.replace("87.25", "\"nhiều\""));
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    void a_result_for_a_movement_that_does_not_exist_is_404_and_so_is_reviewing_an_unknown_result() throws Exception {
        HttpResponse<String> r = report("/api/v1/movements/KHONG-CO/key-tasks/3/results", RESULT_BODY);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(problem(r).get("type").asText()).endsWith("/not-found");
        assertThat(post("/api/v1/task-results/KHONG-CO~3~PTP-213~2018/approval", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void a_closed_movement_takes_no_more_results() throws Exception {
        assertThat(post("/api/v1/movements/" + movement + "/closure", "{\"closedOn\":\"2018-12-31\"}").statusCode()).isEqualTo(202);
        HttpResponse<String> r = report(results(3), RESULT_BODY);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(problem(r).get("rule").asText()).isEqualTo("movement-closed");
    }

    @Test
    void evidence_written_decomposed_is_stored_composed() throws Exception {
        String nfd = Normalizer.normalize("Báo cáo hòa giải", Normalizer.Form.NFD);
        String id = body(report(results(3), RESULT_BODY.replace("Báo cáo số 45/BC-PTP", nfd))).get("resultId").asText();
        assertThat(streamOf(id).get(0).get("payload").get("evidence").asText())
                .isEqualTo(Normalizer.normalize("Báo cáo hòa giải", Normalizer.Form.NFC));
    }
}
