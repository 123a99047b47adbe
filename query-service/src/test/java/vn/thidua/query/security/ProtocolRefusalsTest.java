package vn.thidua.query.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.thidua.testing.RawHttp;
import vn.thidua.query.support.TestTokens;
import vn.thidua.security.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused before the application sees them (by Tomcat) or before authentication, sent over a raw socket:
 * each is a problem+json with the security headers every other answer carries, never Tomcat's HTML page.
 */
class ProtocolRefusalsTest extends SecuredApi {

    RawHttp.Answer raw(String target, String extraHeaders) throws Exception {
        return RawHttp.send(port, RawHttp.freshAddress(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1" + extraHeaders, new byte[0]);
    }

    static String analyst() {
        return "\r\nAuthorization: " + TestTokens.bearer(TestTokens.token(Role.ANALYST));
    }

    void problemWithSecurityHeaders(String what, RawHttp.Answer answer) throws Exception {
        assertThat(answer.status()).as("%s: %s", what, answer.body()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).as(what).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.path("type").asText()).as(what).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(answer.body()).as(what).doesNotContain("<html").doesNotContain("Tomcat").doesNotContain("Exception");
        assertThat(answer.header("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(answer.header("X-Frame-Options")).as(what).hasValue("DENY");
        assertThat(answer.header("Content-Security-Policy")).as(what).hasValue("frame-ancestors 'none'");
        assertThat(answer.header("Referrer-Policy")).as(what).hasValue("no-referrer");
        assertThat(answer.header("Cache-Control")).as(what).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/audit%2fevents", "/api/v1/reports/movements%00", "/api/v1/reports/movements?movementId[]=x"})
    void a_target_tomcat_refuses_is_a_400_problem_with_the_security_headers(String target) throws Exception {
        problemWithSecurityHeaders(target, raw(target, analyst()));
    }

    @Test
    void a_header_over_the_size_limit_is_a_400_problem_with_the_security_headers() throws Exception {
        problemWithSecurityHeaders("a 20 kB header", raw("/api/v1/reports/movements", analyst() + "\r\nX-Padding: " + "a".repeat(20_000)));
    }

    @Test
    void two_authorization_headers_are_400_whatever_the_second_says() throws Exception {
        String auditor = TestTokens.bearer(TestTokens.token(Role.AUDITOR));
        for (String second : new String[]{"Bearer not-a-token", auditor}) {
            RawHttp.Answer answer = raw("/api/v1/audit/events", analyst() + "\r\nAuthorization: " + second);
            problemWithSecurityHeaders("two Authorization headers", answer);
            assertThat(json.readTree(answer.body()).path("errors").get(0).path("field").asText()).isEqualTo("Authorization");
            assertThat(answer.body()).doesNotContain("aggregateType");
        }
    }
}
