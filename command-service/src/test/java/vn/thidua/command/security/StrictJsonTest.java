package vn.thidua.command.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.command.testing.CommandApiTest;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, items 5 and 6: request bodies are read strictly and numbers are bounded to what the read side stores.
 * Each refusal is a 400 problem naming the field, and nothing is stored.
 */
class StrictJsonTest extends CommandApiTest {

    static final String ACTIVITY = """
            {"unitId":"PTP-213","type":"MEDIATOR_TRAINING","heldOn":"2018-05-12","participants":42,
             "description":"Tập huấn kỹ năng hòa giải"}""";

    String movement;

    @BeforeEach
    void movementWithAnAssignedUnit() throws Exception {
        movement = registerMovement("MULTI_YEAR", "2016-01-01", "2020-12-31");
        defineTask(movement, 1, "TT1");
        enrol(movement, "PTP-213");
        assertThat(post(communes() + "/supporters", """
                {"unitId":"PTP-213","decision":{"number":"125/QĐ-STP","issuedOn":"2017-03-15"},"supportFrom":"2017-04-01"}""")
                .statusCode()).isEqualTo(201);
    }

    String communes() {
        return "/api/v1/movements/" + movement + "/communes/07225";
    }

    String activities() {
        return communes() + "/activities";
    }

    String keyTasks() {
        return "/api/v1/movements/" + movement + "/key-tasks";
    }

    JsonNode refused(String field, String path, String body, Map<String, String> as) throws Exception {
        long before = storedCommits();
        HttpResponse<String> r = post(path, body, as);
        assertThat(r.statusCode()).as("%s -> %s", body, r.body()).isEqualTo(400);
        JsonNode problem = problem(r);
        assertThat(problem.get("errors").findValuesAsText("field")).as(r.body()).contains(field);
        assertThat(r.body()).doesNotContain("Exception", "java.", "com.fasterxml");
        assertThat(storedCommits()).as("nothing stored").isEqualTo(before);
        return problem;
    }

    @Test
    void a_key_sent_twice_is_refused_not_last_one_wins() throws Exception {
        JsonNode problem = refused("unitId", activities(), ACTIVITY.replace("{\"unitId\":\"PTP-213\",",
                "{\"unitId\":\"PTP-213\",\"unitId\":\"PTP-215\","), reporter("PTP-213"));
        assertThat(problem.get("errors").get(0).get("message").asText()).isEqualTo("appears more than once");
        refused("scores.tc1", communes() + "/assessments", """
                {"year":2018,"scores":{"tc1":14,"tc2":27.5,"tc3":22,"tc4":9,"tc5":18,"tc1":15},"noOfficialDisciplined":true,
                 "assessedOn":"2018-12-10"}""", ADMIN);
    }

    @Test
    void anything_after_the_document_is_refused() throws Exception {
        refused("body", activities(), ACTIVITY + " x", reporter("PTP-213"));
        refused("body", activities(), ACTIVITY + ACTIVITY, reporter("PTP-213"));
        refused("body", activities(), ACTIVITY + "]", reporter("PTP-213"));
    }

    @Test
    void numbers_sent_as_text_and_text_sent_as_numbers_are_refused() throws Exception {
        for (String text : new String[]{"\"42\"", "\"\"", "\"  \""}) {
            refused("participants", activities(), ACTIVITY.replace("\"participants\":42", "\"participants\":" + text),
                    reporter("PTP-213"));
        }
        refused("description", activities(), ACTIVITY.replace("\"Tập huấn kỹ năng hòa giải\"", "42"), reporter("PTP-213"));
        refused("values[0].value", "/api/v1/movements/" + movement + "/key-tasks/1/results", """
                {"unitId":"PTP-213","period":"2018-Q1","values":[{"code":"TT1","value":"87.25"}]}""", reporter("PTP-213"));
        refused("taskNo", keyTasks(), """
                {"taskNo":"2","title":"t","indicators":[{"code":"TT1","name":"n","unitOfMeasure":"%","target":1}]}""", ADMIN);
        refused("noOfficialDisciplined", communes() + "/assessments", """
                {"year":2018,"scores":{"tc1":14,"tc2":27.5,"tc3":22,"tc4":9,"tc5":18},"noOfficialDisciplined":"true",
                 "assessedOn":"2018-12-10"}""", ADMIN);
        refused("type", activities(), ACTIVITY.replace("\"MEDIATOR_TRAINING\"", "0"), reporter("PTP-213"));
        refused("heldOn", activities(), ACTIVITY.replace("\"2018-05-12\"", "17663"), reporter("PTP-213"));
    }

    @Test
    void a_fraction_for_a_whole_number_is_refused_not_truncated() throws Exception {
        JsonNode problem = refused("participants", activities(), ACTIVITY.replace("\"participants\":42", "\"participants\":1.5"),
                reporter("PTP-213"));
        assertThat(problem.get("errors").get(0).get("message").asText()).isEqualTo("must be a whole number");
        refused("participants", activities(), ACTIVITY.replace("\"participants\":42", "\"participants\":99999999999"),
                reporter("PTP-213"));
        refused("taskNo", keyTasks(), """
                {"taskNo":2.5,"title":"t","indicators":[{"code":"TT1","name":"n","unitOfMeasure":"%","target":1}]}""", ADMIN);
    }

    @Test
    void a_missing_or_null_required_number_is_refused_not_read_as_zero() throws Exception {
        refused("participants", activities(), ACTIVITY.replace("\"participants\":42,", ""), reporter("PTP-213"));
        refused("participants", activities(), ACTIVITY.replace("\"participants\":42", "\"participants\":null"), reporter("PTP-213"));
        refused("year", communes() + "/assessments", """
                {"scores":{"tc1":14,"tc2":27.5,"tc3":22,"tc4":9,"tc5":18},"noOfficialDisciplined":true,"assessedOn":"2018-12-10"}""",
                ADMIN);
        // an optional flag may still be left out
        assertThat(post(communes().replace("07225", "07228") + "/supporters", """
                {"unitId":"PTP-213","decision":{"number":"126/QĐ-STP","issuedOn":"2017-03-15"},"supportFrom":"2017-04-01"}""")
                .statusCode()).isEqualTo(201);
    }

    @Test
    void the_correlation_id_is_bounded_and_checked_before_it_is_stored_on_events() throws Exception {
        for (String bad : new String[]{"x".repeat(129), "x".repeat(4000), "two words"}) {
            refused("X-Correlation-Id", activities(), ACTIVITY, with(reporter("PTP-213"), "X-Correlation-Id", bad));
        }
        String longest = "c".repeat(120) + "-" + "0123456";
        HttpResponse<String> ok = post(activities(), ACTIVITY, with(reporter("PTP-213"), "X-Correlation-Id", longest));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        var stream = streamOf(movement + "~07225");
        assertThat(stream.get(stream.size() - 1).get("metadata").get("correlationId").asText()).isEqualTo(longest);
    }

    @Test
    void a_refused_body_does_not_use_up_its_idempotency_key() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, String> withKey = with(reporter("PTP-213"), "Idempotency-Key", key);
        String duplicated = ACTIVITY.replace("\"participants\":42", "\"participants\":42,\"participants\":43");
        refused("participants", activities(), duplicated, withKey);
        HttpResponse<String> again = post(activities(), duplicated, withKey);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
        refused("X-Correlation-Id", activities(), ACTIVITY, with(withKey, "X-Correlation-Id", "x".repeat(200)));
        HttpResponse<String> fixed = post(activities(), ACTIVITY, withKey);
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(201);
        var remembered = collection("submissions").find(Filters.eq("_id",
                vn.thidua.command.submission.Submission.idOf("bao-cao-ptp-213", key))).first();
        assertThat(remembered.getInteger("status")).as("the answer remembered for the key").isEqualTo(201);
    }

    @Test
    void a_decimal_beyond_what_the_read_side_stores_is_refused() throws Exception {
        for (String target : new String[]{"1E+7000", "1E-7000", "12345678901234567890123456789012345",
                "1234567890123456", "0.00001", "-1"}) {
            refused("indicators[0].target", keyTasks(), """
                    {"taskNo":2,"title":"t","indicators":[{"code":"TT1","name":"n","unitOfMeasure":"%%","target":%s}]}"""
                    .formatted(target), ADMIN);
        }
        refused("values[0].value", "/api/v1/movements/" + movement + "/key-tasks/1/results", """
                {"unitId":"PTP-213","period":"2018-Q1","values":[{"code":"TT1","value":1E+7000}]}""", reporter("PTP-213"));
        refused("scores.tc2", communes() + "/assessments", """
                {"year":2018,"scores":{"tc1":14,"tc2":1E-7000,"tc3":22,"tc4":9,"tc5":18},"noOfficialDisciplined":true,
                 "assessedOn":"2018-12-10"}""", ADMIN);

        String largest = "999999999999999.9999";
        HttpResponse<String> ok = post(keyTasks(), """
                {"taskNo":2,"title":"t","indicators":[{"code":"TT1","name":"n","unitOfMeasure":"%%","target":%s}]}"""
                .formatted(largest), ADMIN);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        var keyTask = events().find(Filters.eq("aggregateId", movement)).sort(new org.bson.Document("firstSeq", -1)).first()
                .getList("events", org.bson.Document.class).get(0);
        BigDecimal stored = json.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(keyTask.getString("payload")).get("indicators").get(0).get("target").decimalValue();
        assertThat(new Decimal128(stored).bigDecimalValue()).isEqualByComparingTo(largest);
    }
}
