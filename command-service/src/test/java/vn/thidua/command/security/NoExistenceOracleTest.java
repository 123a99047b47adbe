package vn.thidua.command.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import vn.thidua.command.testing.CommandApiTest;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A unit's reporter who names another unit's object gets one answer, whether that object exists or not: a 403 that
 * differs in nothing but the request path. Otherwise the difference (404 against 403) would tell it which results
 * other units have submitted, or which communes they support.
 */
class NoExistenceOracleTest extends CommandApiTest {

    static final String ME = "PTP-213";
    static final String OTHER = "PTP-215";
    static final String CORRECT = "{\"values\":[{\"code\":\"TT1\",\"value\":60}],\"reason\":\"Sửa số liệu\"}";
    static final String RESULT = """
            {"unitId":"%s","period":"%s","values":[{"code":"TT1","value":50}]}""";

    /** An annual movement with key task 1 (TT1), both units enrolled, and OTHER's result for 2018-Q1. */
    String movementWithTheOtherUnitsResult() throws Exception {
        String m = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        defineTask(m, 1, "TT1");
        enrol(m, ME);
        enrol(m, OTHER);
        HttpResponse<String> recorded = post("/api/v1/movements/" + m + "/key-tasks/1/results", RESULT.formatted(OTHER, "2018-Q1"),
                reporter(OTHER));
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        return m;
    }

    @Test
    void correcting_another_units_result_answers_the_same_whether_it_exists_or_not() throws Exception {
        String m = movementWithTheOtherUnitsResult();
        long before = storedCommits();

        List<JsonNode> answers = new ArrayList<>();
        for (String resultId : List.of(m + "~1~" + OTHER + "~2018-Q1",      // submitted
                m + "~1~" + OTHER + "~2018-Q2",                            // never submitted
                "KHONG-CO~1~" + OTHER + "~2018-Q1")) {                     // no such movement
            answers.add(refused(post("/api/v1/task-results/" + resultId + "/corrections", CORRECT, reporter(ME))));
        }

        assertThat(answers).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
        assertThat(answers.get(0).path("detail").asText()).isEqualTo("A reporter of unit PTP-213 may not act for unit PTP-215");
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    void a_result_id_that_names_no_unit_is_refused_to_a_reporter_before_any_lookup() throws Exception {
        JsonNode answer = refused(post("/api/v1/task-results/KHONG-CO/corrections", CORRECT, reporter(ME)));

        assertThat(answer.path("detail").asText()).contains("names no unit");
    }

    @Test
    void a_reporter_still_learns_that_its_own_unit_has_no_such_result() throws Exception {
        String m = movementWithTheOtherUnitsResult();

        HttpResponse<String> r = post("/api/v1/task-results/" + m + "~1~" + ME + "~2018-Q1/corrections", CORRECT, reporter(ME));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    }

    @Test
    void recording_for_another_unit_answers_the_same_whether_its_result_exists_or_not() throws Exception {
        String m = movementWithTheOtherUnitsResult();
        long before = storedCommits();

        List<JsonNode> answers = new ArrayList<>();
        for (String[] target : List.of(new String[]{m, "2018-Q1"}, new String[]{m, "2018-Q2"}, new String[]{"KHONG-CO", "2018-Q1"})) {
            answers.add(refused(post("/api/v1/movements/" + target[0] + "/key-tasks/1/results",
                    RESULT.formatted(OTHER, target[1]), reporter(ME))));
        }

        assertThat(answers).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    void recording_an_activity_for_another_unit_answers_the_same_whether_it_supports_the_commune_or_not() throws Exception {
        String m = registerMovement("MULTI_YEAR", "2016-01-01", "2020-12-31");
        HttpResponse<String> assigned = post("/api/v1/movements/" + m + "/communes/07228/supporters", """
                {"unitId":"%s","decision":{"number":"1/QĐ-STP","issuedOn":"2017-01-02"},"supportFrom":"2017-02-01"}"""
                .formatted(OTHER));
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(201);
        String activity = """
                {"unitId":"%s","type":"OTHER","heldOn":"2018-03-02","participants":5,"description":"Hoạt động"}""".formatted(OTHER);
        long before = storedCommits();

        List<JsonNode> answers = new ArrayList<>();
        for (String commune : List.of(m + "/communes/07228", m + "/communes/07225", "KHONG-CO/communes/07228")) {
            answers.add(refused(post("/api/v1/movements/" + commune + "/activities", activity, reporter(ME))));
        }

        assertThat(answers).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
        assertThat(storedCommits()).isEqualTo(before);
    }

    /** A 403 problem, without its {@code instance} (the request path, which the caller chose). */
    JsonNode refused(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        ObjectNode problem = (ObjectNode) problem(response);
        assertThat(problem.path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/forbidden");
        problem.remove("instance");
        return problem;
    }
}
