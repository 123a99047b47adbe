package vn.thidua.command.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import vn.thidua.command.testing.CommandApiTest;
import vn.thidua.testing.RawHttp;
import vn.thidua.command.testing.TestTokens;
import vn.thidua.security.Role;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused before the application sees them (by Tomcat) or before authentication, sent over a raw socket:
 * each is a problem+json with the security headers every other answer carries, never Tomcat's HTML page, and
 * nothing is stored.
 */
class ProtocolRefusalsTest extends CommandApiTest {

    static final String BODY = """
            {"code":"TD-RAW","title":"t","kind":"ANNUAL","periodStart":"2018-01-01","periodEnd":"2018-12-31",
             "launchingPlan":{"number":"1","kind":"KH","issuer":"i","issuedOn":"2018-01-01","title":"t"}}""";

    RawHttp.Answer raw(String target, String extraHeaders) throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + extraHeaders;
        return RawHttp.send(port, RawHttp.freshAddress(), head, body);
    }

    static String admin() {
        return "\r\nAuthorization: Bearer " + TestTokens.token("can-bo-thi-dua", Role.PROVINCE_ADMIN, "STP-VP");
    }

    void problemWithSecurityHeaders(String what, RawHttp.Answer answer, int status) throws Exception {
        assertThat(answer.status()).as("%s: %s", what, answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(what).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.path("type").asText()).as(what).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(answer.body()).as(what).doesNotContain("<html").doesNotContain("Tomcat").doesNotContain("Exception");
        assertThat(answer.header("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(answer.header("X-Frame-Options")).as(what).hasValue("DENY");
        assertThat(answer.header("Content-Security-Policy")).as(what).hasValue("frame-ancestors 'none'");
        assertThat(answer.header("Referrer-Policy")).as(what).hasValue("no-referrer");
        assertThat(answer.header("Cache-Control")).as(what).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/movements%2fx", "/api/v1/movements%00", "/api/v1/movements?code[]=1"})
    void a_target_tomcat_refuses_is_a_400_problem_with_the_security_headers(String target) throws Exception {
        long before = storedCommits();
        problemWithSecurityHeaders(target, raw(target, admin()), 400);
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    void a_header_over_the_size_limit_is_a_400_problem_with_the_security_headers() throws Exception {
        long before = storedCommits();
        problemWithSecurityHeaders("a 20 kB header", raw("/api/v1/movements", admin() + "\r\nX-Padding: " + "a".repeat(20_000)), 400);
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    void two_authorization_headers_are_400_whatever_the_second_says() throws Exception {
        long before = storedCommits();
        for (String second : new String[]{"Bearer not-a-token", admin().substring(17)}) {
            RawHttp.Answer answer = raw("/api/v1/movements", admin() + "\r\nAuthorization: " + second);
            problemWithSecurityHeaders("two Authorization headers", answer, 400);
            assertThat(json.readTree(answer.body()).path("errors").get(0).path("field").asText()).isEqualTo("Authorization");
        }
        assertThat(storedCommits()).as("nothing recorded").isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/movements;x=1", "/api/v1/./movements", "/api/v1/movements/%2e%2e/movements"})
    void a_path_the_firewall_refuses_is_a_400_problem_with_the_security_headers(String target) throws Exception {
        long before = storedCommits();
        problemWithSecurityHeaders(target, raw(target, admin()), 400);
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    void a_control_character_in_a_header_is_a_400_problem_not_a_503() throws Exception {
        long before = storedCommits();
        RawHttp.Answer answer = raw("/api/v1/movements", admin() + "\r\nX-Correlation-Id: a\tb");
        problemWithSecurityHeaders("a tab in X-Correlation-Id", answer, 400);
        assertThat(storedCommits()).as("nothing recorded").isEqualTo(before);
    }
}
