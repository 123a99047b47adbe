package vn.thidua.command.security;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.command.testing.CommandApiTest;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input as an attacker sends it, on the real command path: every answer is a 4xx problem without a stack trace,
 * never a 5xx, and nothing is stored.
 */
class BadInputTest extends CommandApiTest {

    String movement;

    @BeforeEach
    void movement() throws Exception {
        movement = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        defineTask(movement, 1, "TT1");
        enrol(movement, "PTP-213");
    }

    void refused(int status, String path, String body, Map<String, String> as) throws Exception {
        long before = storedCommits();
        HttpResponse<String> r = post(path, body, as);
        assertThat(r.statusCode()).as("%s %s", path, body.length() > 200 ? body.substring(0, 200) + "…" : body).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("application/problem+json"));
        assertThat(r.body()).doesNotContain("Exception", "at vn.", "at org.", "java.lang");
        assertThat(storedCommits()).as("nothing stored").isEqualTo(before);
    }

    String results() {
        return "/api/v1/movements/" + movement + "/key-tasks/1/results";
    }

    @Test
    void a_body_over_the_size_limit_is_413() throws Exception {
        String huge = "{\"unitId\":\"PTP-213\",\"period\":\"2018-Q1\",\"values\":[{\"code\":\"TT1\",\"value\":1}],\"evidence\":\""
                + "x".repeat(300_000) + "\"}";
        refused(413, results(), huge, reporter("PTP-213"));
    }

    @Test
    void strings_and_lists_over_their_limits_are_400() throws Exception {
        refused(400, results(), """
                {"unitId":"PTP-213","period":"2018-Q1","values":[{"code":"TT1","value":1}],"evidence":"%s"}""".formatted("x".repeat(4001)),
                reporter("PTP-213"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("{\"code\":\"TT").append(i).append("\",\"value\":1}");
        }
        refused(400, results(), "{\"unitId\":\"PTP-213\",\"period\":\"2018-Q1\",\"values\":[" + many + "]}", reporter("PTP-213"));
        refused(400, "/api/v1/movements", """
                {"code":"%s","title":"t","kind":"ANNUAL","periodStart":"2018-01-01","periodEnd":"2018-12-31",
                 "launchingPlan":{"number":"1","kind":"KH","issuer":"i","issuedOn":"2018-01-01","title":"t"}}""".formatted("A".repeat(41)), ADMIN);
    }

    @Test
    void fields_the_request_does_not_have_are_refused_not_assigned() throws Exception {
        refused(400, results(), """
                {"unitId":"PTP-213","period":"2018-Q1","values":[{"code":"TT1","value":1}],"status":"APPROVED"}""", reporter("PTP-213"));
        refused(400, results(), """
                {"unitId":"PTP-213","period":"2018-Q1","values":[{"code":"TT1","value":1,"approvedBy":"x"}]}""", reporter("PTP-213"));
    }

    @Test
    void mongodb_operators_in_fields_are_just_wrong_values() throws Exception {
        refused(400, results(), """
                {"unitId":{"$gt":""},"period":"2018-Q1","values":[{"code":"TT1","value":1}]}""", reporter("PTP-213"));
        refused(400, results(), """
                {"unitId":"PTP-213","period":{"$where":"sleep(1000)"},"values":[{"code":"TT1","value":1}]}""", reporter("PTP-213"));
        refused(400, "/api/v1/movements/" + movement + "/enrolments", """
                {"unitId":"$where","enrolledOn":"2018-02-01"}""", ADMIN);
        // an operator as a path id is only an id that names nothing
        refused(404, "/api/v1/movements/%24gt/key-tasks", """
                {"taskNo":2,"title":"t","indicators":[{"code":"TT1","name":"n","unitOfMeasure":"%","target":1}]}""", ADMIN);
    }

    @Test
    void malformed_json_and_wrong_types_are_400() throws Exception {
        refused(400, results(), "{\"unitId\":\"PTP-213\",", reporter("PTP-213"));
        refused(400, results(), "[]", reporter("PTP-213"));
        refused(400, results(), "", reporter("PTP-213"));
        refused(400, results(), """
                {"unitId":"PTP-213","period":"2018-Q1","values":[{"code":"TT1","value":"nhiều"}]}""", reporter("PTP-213"));
        refused(400, results(), """
                {"unitId":"PTP-213","period":"2018-Q1","values":{"code":"TT1"}}""", reporter("PTP-213"));
        refused(400, "/api/v1/movements/" + movement + "/key-tasks", """
                {"taskNo":"một","title":"t","indicators":[]}""", ADMIN);
        refused(400, "/api/v1/movements/" + movement + "/closure", "{\"closedOn\":\"31/12/2018\"}", ADMIN);
    }

    @Test
    void a_wrong_media_type_is_415_and_a_wrong_method_405_as_problems() throws Exception {
        Map<String, String> xml = new LinkedHashMap<>(reporter("PTP-213"));
        long before = storedCommits();
        HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + results()))
                .header("Content-Type", "application/xml")
                .header("Authorization", "Bearer " + vn.thidua.command.testing.TestTokens.asBearer(xml).get("Authorization").substring(7))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("<result/>")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).doesNotContain("Exception");
        assertThat(storedCommits()).isEqualTo(before);
    }
}
