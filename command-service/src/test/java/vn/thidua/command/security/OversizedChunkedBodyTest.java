package vn.thidua.command.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import vn.thidua.command.testing.CommandApiTest;
import vn.thidua.testing.RawHttp;
import vn.thidua.command.testing.TestTokens;
import vn.thidua.security.Role;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body sent chunked (no {@code Content-Length}) over the size limit, through a real socket: {@code 413}
 * problem+json whether or not an {@code Idempotency-Key} makes the idempotency filter read it first, one log line,
 * no stack trace, nothing stored, and the key still free for the real submission.
 */
@ExtendWith(OutputCaptureExtension.class)
class OversizedChunkedBodyTest extends CommandApiTest {

    String movement;

    @BeforeEach
    void movement() throws Exception {
        movement = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        defineTask(movement, 1, "TT1");
        enrol(movement, "PTP-213");
    }

    RawHttp.Answer postChunked(String address, String key, String body) throws Exception {
        String head = "POST /api/v1/movements/" + movement + "/key-tasks/1/results HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Authorization: Bearer " + TestTokens.token("bao-cao-ptp-213", Role.UNIT_REPORTER, "PTP-213")
                + (key == null ? "" : "\r\nIdempotency-Key: " + key);
        return RawHttp.send(port, address, head, RawHttp.chunked(body.getBytes(StandardCharsets.UTF_8), 16 * 1024));
    }

    static String result(String evidence) {
        return """
                {"unitId":"PTP-213","period":"2018-Q1","values":[{"code":"TT1","value":1}],"evidence":"%s"}""".formatted(evidence);
    }

    @Test
    void a_chunked_body_over_the_limit_is_413_with_or_without_an_idempotency_key_and_logged_in_one_line(CapturedOutput output)
            throws Exception {
        String key = "kq-" + UUID.randomUUID();
        for (String idempotencyKey : new String[]{key, null}) {
            String address = RawHttp.freshAddress();
            long before = storedCommits();
            int logged = output.getAll().length();
            RawHttp.Answer answer = postChunked(address, idempotencyKey, result("x".repeat(300_000)));

            String what = idempotencyKey == null ? "without a key" : "with a key";
            assertThat(answer.status()).as("%s: %s", what, answer.body()).isEqualTo(413);
            assertThat(answer.header("Content-Type")).as(what).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            JsonNode problem = json.readTree(answer.body());
            assertThat(problem.path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/payload-too-large");
            assertThat(problem.path("detail").asText()).isEqualTo("A request body is at most 262144 bytes");
            assertThat(answer.header("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(storedCommits()).as("nothing stored %s", what).isEqualTo(before);

            String log = output.getAll().substring(logged);
            assertThat(log.lines().filter(l -> l.contains("address=" + address))).as("one line for the request %s", what)
                    .singleElement().satisfies(l -> assertThat(l).contains("body over 262144 bytes"));
            assertThat(log).as("no stack trace %s", what).doesNotContain("\tat vn.thidua").doesNotContain("BodyTooLarge")
                    .doesNotContain("exceeds 262144");
        }
        HttpResponse<String> real = post("/api/v1/movements/" + movement + "/key-tasks/1/results", result("Báo cáo quý I"),
                with(reporter("PTP-213"), "Idempotency-Key", key));
        assertThat(real.statusCode()).as("the key of the refused request is still free: %s", real.body()).isEqualTo(201);
        assertThat(real.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }
}
