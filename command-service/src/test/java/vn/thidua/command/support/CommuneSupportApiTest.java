package vn.thidua.command.support;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.command.testing.CommandApiTest;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Commune support over HTTP: assignment, activities, 18.5 assessments, ending; every error class. */
class CommuneSupportApiTest extends CommandApiTest {

    static final String XUONG_GIANG = "07225";
    static final String ASSIGNMENT = """
            {"unitId":"PTP-213","decision":{"number":"125/QĐ-STP","issuedOn":"2017-03-15"},"supportFrom":"2017-04-01"}""";
    static final String ACTIVITY = """
            {"unitId":"PTP-213","type":"MEDIATOR_TRAINING","heldOn":"2018-05-12","participants":42,
             "description":"Tập huấn kỹ năng hòa giải"}""";
    static final String ASSESSMENT = """
            {"year":2018,"scores":{"tc1":14,"tc2":27.5,"tc3":22,"tc4":9,"tc5":18},"noOfficialDisciplined":true,
             "assessedOn":"2018-12-10"}""";

    String movement;

    @BeforeEach
    void multiYearMovement() throws Exception {
        movement = registerMovement("MULTI_YEAR", "2016-01-01", "2020-12-31");
    }

    String commune(String code) {
        return "/api/v1/movements/" + movement + "/communes/" + code;
    }

    @Test
    void a_unit_supports_a_commune_records_activities_and_the_commune_is_assessed() throws Exception {
        HttpResponse<String> assigned = post(commune(XUONG_GIANG) + "/supporters", ASSIGNMENT);
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(201);
        assertThat(assigned.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).endsWith(commune(XUONG_GIANG) + "/supporters/PTP-213"));

        HttpResponse<String> activity = post(commune(XUONG_GIANG) + "/activities", ACTIVITY, reporter("PTP-213"));
        assertThat(activity.statusCode()).as(activity.body()).isEqualTo(201);
        String activityId = body(activity).get("activityId").asText();
        assertThat(activityId).isNotBlank();

        HttpResponse<String> assessed = post(commune(XUONG_GIANG) + "/assessments", ASSESSMENT);
        assertThat(assessed.statusCode()).as(assessed.body()).isEqualTo(201);

        HttpResponse<String> ended = post(commune(XUONG_GIANG) + "/supporters/PTP-213/ending",
                "{\"endedOn\":\"2019-12-31\",\"reason\":\"Xã đạt chuẩn nông thôn mới\"}");
        assertThat(ended.statusCode()).isEqualTo(202);

        var stream = streamOf(movement + "~" + XUONG_GIANG);
        assertThat(stream).extracting(e -> e.get("type").asText()).containsExactly(
                "CommuneSupportAssigned", "SupportActivityRecorded", "CommuneCriterionAssessed", "CommuneSupportEnded");
        assertThat(stream.get(1).get("payload").get("activityId").asText()).isEqualTo(activityId);
        var assessment = stream.get(2).get("payload");
        assertThat(assessment.get("total").decimalValue()).isEqualByComparingTo("90.5");
        assertThat(assessment.get("passed").asBoolean()).isTrue();
        assertThat(assessment.get("ruleVersion").asText()).isEqualTo("QD619-2017/v1");
    }

    @Test
    void a_second_supporter_is_409_unless_the_assignment_is_shared() throws Exception {
        assertThat(post(commune(XUONG_GIANG) + "/supporters", ASSIGNMENT).statusCode()).isEqualTo(201);
        HttpResponse<String> second = post(commune(XUONG_GIANG) + "/supporters", ASSIGNMENT.replace("PTP-213", "PTP-215"));
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(problem(second).get("rule").asText()).isEqualTo("commune-already-supported");
        HttpResponse<String> shared = post(commune(XUONG_GIANG) + "/supporters", ASSIGNMENT.replace("PTP-213", "PTP-215")
                .replace("\"supportFrom\"", "\"shared\":true,\"supportFrom\""));
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(201);
    }

    @Test
    void an_activity_by_a_unit_not_assigned_to_the_commune_is_409_and_stores_nothing() throws Exception {
        assertThat(post(commune(XUONG_GIANG) + "/supporters", ASSIGNMENT).statusCode()).isEqualTo(201);
        long before = storedCommits();
        HttpResponse<String> r = post(commune(XUONG_GIANG) + "/activities", ACTIVITY.replace("PTP-213", "PTP-215"),
                reporter("PTP-215"));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(problem(r).get("rule").asText()).isEqualTo("unit-not-assigned");
        HttpResponse<String> elsewhere = post(commune("07201") + "/activities", ACTIVITY, reporter("PTP-213"));
        assertThat(elsewhere.statusCode()).isEqualTo(409);
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    void communes_are_named_by_their_gso_code() throws Exception {
        HttpResponse<String> unknown = post(commune("99999") + "/supporters", ASSIGNMENT);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(problem(unknown).get("rule").asText()).isEqualTo("commune-unknown");
        HttpResponse<String> byName = post(commune("Xuong-Giang") + "/supporters", ASSIGNMENT);
        assertThat(byName.statusCode()).isEqualTo(400);
        assertThat(problem(byName).get("type").asText()).endsWith("/invalid-request");
        assertThat(problem(byName).get("errors").findValuesAsText("field")).containsExactly("communeCode");
    }

    @Test
    void a_score_above_its_maximum_is_400_naming_the_criterion() throws Exception {
        HttpResponse<String> r = post(commune(XUONG_GIANG) + "/assessments", ASSESSMENT.replace("\"tc2\":27.5", "\"tc2\":31"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(problem(r).get("errors").findValuesAsText("field")).containsExactly("scores.tc2");
    }

    @Test
    void an_unknown_activity_type_is_400() throws Exception {
        HttpResponse<String> r = post(commune(XUONG_GIANG) + "/activities", ACTIVITY.replace("MEDIATOR_TRAINING", "PICNIC"),
                reporter("PTP-213"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(problem(r).get("type").asText()).endsWith("/malformed-body");
    }

    @Test
    void support_under_an_annual_movement_is_409_and_under_no_movement_404() throws Exception {
        String annual = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        HttpResponse<String> r = post("/api/v1/movements/" + annual + "/communes/" + XUONG_GIANG + "/supporters",
                ASSIGNMENT.replace("2017-04-01", "2018-02-01"));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(problem(r).get("rule").asText()).isEqualTo("movement-not-multi-year");
        assertThat(post("/api/v1/movements/KHONG-CO/communes/" + XUONG_GIANG + "/supporters", ASSIGNMENT).statusCode())
                .isEqualTo(404);
    }
}
