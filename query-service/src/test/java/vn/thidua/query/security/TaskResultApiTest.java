package vn.thidua.query.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.thidua.security.Role;

import static org.assertj.core.api.Assertions.assertThat;

/** One task result with what the board's cell leaves out (evidence, review), for the web app's reporting and review pages. */
class TaskResultApiTest extends SecuredApi {

    static final String RESULTS = "/api/v1/reports/task-results/";

    @Test
    void a_result_is_read_with_its_values_evidence_and_review() {
        JsonNode result = body(get(RESULTS + TD + "~1~" + OWN + "~" + PERIOD, Role.ANALYST));

        assertThat(result.path("status").asText()).isEqualTo("APPROVED");
        assertThat(result.path("values").findValuesAsText("code")).containsExactly("TT1", "TT2");
        assertThat(result.path("values").get(0).path("value").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(result.path("evidence").asText()).isEqualTo("Báo cáo quý I của " + OWN);
        assertThat(result.path("reviewNote").asText()).isEqualTo("Đạt");
        assertThat(result.path("returnReason").isNull()).isTrue();
        assertThat(result.path("currentTo").asText()).isNotBlank();
    }

    @Test
    void a_reporter_reads_its_own_units_result_and_not_another_units_whether_it_exists_or_not() {
        assertThat(get(RESULTS + TD + "~1~" + OWN + "~" + PERIOD, Role.UNIT_REPORTER).statusCode()).isEqualTo(200);
        assertThat(get(RESULTS + TD + "~1~" + OTHER + "~" + PERIOD, Role.UNIT_REPORTER).statusCode()).isEqualTo(403);
        assertThat(get(RESULTS + TD + "~1~" + OTHER + "~2018-Q4", Role.UNIT_REPORTER).statusCode()).isEqualTo(403);
    }

    @Test
    void a_result_that_is_not_there_is_404_and_a_malformed_id_400() {
        assertThat(get(RESULTS + TD + "~1~" + OWN + "~2018-Q4", Role.ANALYST).statusCode()).isEqualTo(404);
        assertThat(get(RESULTS + TD + "~1~" + OWN + "~2018-Q9", Role.ANALYST).statusCode()).isEqualTo(400);
    }
}
