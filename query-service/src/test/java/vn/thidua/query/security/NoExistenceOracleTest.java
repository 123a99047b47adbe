package vn.thidua.query.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.thidua.query.support.TestTokens;
import vn.thidua.security.Role;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A unit's reporter who asks for another unit's rows gets one answer, whether the movement exists, the unit took part
 * in it or has rows in it: a 403 that differs in nothing but the request path (the unit is checked before anything is
 * looked up), in every format. A different answer would tell it what other units reported or support.
 */
class NoExistenceOracleTest extends SecuredApi {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", CSV, XLSX})
    void asking_for_another_units_key_task_rows_answers_the_same_whatever_exists(String accept) {
        List<JsonNode> answers = new ArrayList<>();
        for (String query : List.of(
                "movementId=" + TD + "&period=" + PERIOD + "&unitId=" + OTHER,            // enrolled, has a result
                "movementId=" + TD + "&period=" + PERIOD + "&unitId=" + THIRD,            // enrolled, no result
                "movementId=" + TD + "&period=" + PERIOD + "&unitId=PTP-999",             // no such unit
                "movementId=" + UNKNOWN + "&period=" + PERIOD + "&unitId=" + OTHER,       // no such movement
                "movementId=" + TD + "&period=" + PERIOD + "&unitId=" + OTHER + "&asOf=2018-04-01T00:00:00Z")) {
            answers.add(refused(send("GET", "/api/v1/reports/key-tasks?" + query, TestTokens.token(Role.UNIT_REPORTER), accept), query));
        }

        assertThat(answers).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", CSV, XLSX})
    void asking_for_another_units_communes_answers_the_same_whatever_exists(String accept) {
        List<JsonNode> answers = new ArrayList<>();
        for (String query : List.of(
                "movementId=" + NTM + "&unitId=" + OTHER,                                 // supports a commune
                "movementId=" + NTM + "&unitId=" + THIRD,                                 // supports none
                "movementId=" + UNKNOWN + "&unitId=" + OTHER)) {                          // no such movement
            answers.add(refused(send("GET", "/api/v1/reports/communes?" + query, TestTokens.token(Role.UNIT_REPORTER), accept), query));
        }

        assertThat(answers).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
    }

    /** A 403 problem, without what the caller chose itself: the {@code instance} (its path) and the unit it named. */
    JsonNode refused(HttpResponse<String> response, String query) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        ObjectNode problem = (ObjectNode) body(response);
        assertThat(problem.path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/forbidden");
        problem.remove("instance");
        String named = query.replaceAll(".*unitId=([^&]+).*", "$1");
        problem.put("detail", problem.path("detail").asText().replace(named, "<the unit asked for>"));
        return problem;
    }
}
