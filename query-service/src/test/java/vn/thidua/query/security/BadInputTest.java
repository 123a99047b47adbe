package vn.thidua.query.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.thidua.query.support.TestTokens;
import vn.thidua.security.Role;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker sends instead of a query (OWASP API4, API8): page sizes over the cap, MongoDB operators in every
 * string filter, wrong types, unsupported methods, oversized bodies, path tricks. Never a 5xx, never a stack trace,
 * never a row the same caller would not get without the trick; refusals are problem+json. And the headers every
 * answer carries. (Rate limiting and CORS with configured origins: {@link RateLimitAndCorsTest}.)
 */
class BadInputTest extends SecuredApi {

    static final String MOVEMENTS = "/api/v1/reports/movements";
    static final String COMMUNES = "/api/v1/reports/communes?movementId=" + NTM;
    static final String KEY_TASKS = "/api/v1/reports/key-tasks?movementId=" + TD + "&period=" + PERIOD;
    static final String AUDIT = "/api/v1/audit/events";
    static final String STREAM = "/api/v1/audit/streams/" + TD + "~1~" + OWN + "~" + PERIOD;
    static final String GT = enc("{\"$gt\":\"\"}");
    static final String NE_NULL = enc("{\"$ne\":null}");
    static final String WHERE = enc("{\"$where\":\"sleep(100)\"}");
    static final String OR_TRUE = enc("PTP-213' || '1'=='1");

    /** No 5xx, nothing of the implementation in the body, and a refusal is a problem. */
    static void harmless(String what, HttpResponse<String> r) {
        assertThat(r.statusCode()).as("%s: %s", what, r.body()).isBetween(200, 499);
        assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("at vn.").doesNotContain("at org.")
                .doesNotContain("\tat ");
    }

    static void problem(String what, HttpResponse<String> r, int status) {
        harmless(what, r);
        assertThat(r.statusCode()).as("%s: %s", what, r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).as(what)
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    // ---- page size ----

    @ParameterizedTest
    @ValueSource(strings = {MOVEMENTS + "?size=201", MOVEMENTS + "?size=1000000", MOVEMENTS + "?size=-1", MOVEMENTS + "?page=100001",
            COMMUNES + "&size=201", KEY_TASKS + "&size=201", KEY_TASKS + "&size=0", AUDIT + "?size=201", AUDIT + "?size=99999999999",
            STREAM + "?size=201", STREAM + "?size=0", STREAM + "?page=100001"})
    void a_page_over_the_cap_is_400(String path) {
        HttpResponse<String> r = get(path, Role.AUDITOR);
        problem(path, r, 400);
        assertThat(body(r).path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
    }

    @ParameterizedTest
    @ValueSource(strings = {KEY_TASKS + "&structure=2026-13-01", KEY_TASKS + "&structure=abc", COMMUNES + "&structure=01-07-2025",
            COMMUNES + "&structure=%7B%22%24gt%22%3A%22%22%7D"})
    void a_structure_day_that_is_not_an_iso_date_is_400_naming_it(String path) {
        HttpResponse<String> r = get(path, Role.ANALYST);
        problem(path, r, 400);
        assertThat(body(r).path("detail").asText()).as("named as any parameter not of its type").startsWith("structure: ");
    }

    // ---- MongoDB operators and SQL-style tautologies in every string filter ----

    /**
     * An injection attempt and what it may get: {@code 400} (a problem, or the servlet container's own page for a
     * query string it refuses to parse: raw {@code [ ]}), or {@code 200} with no row (the operator taken as a
     * literal), or {@code 200} with exactly what the request without it gets ({@code baseline}: an unknown parameter
     * such as {@code movementId%5B%24ne%5D} is ignored).
     */
    record Injection(String path, Role role, int status, String baseline, boolean problem) {

        static Injection rejected(String path, Role role) {
            return new Injection(path, role, 400, null, true);
        }

        /** Refused by Tomcat before the application sees it (RFC 3986: {@code [ ]} must be encoded in a query). */
        static Injection unparsable(String path, Role role) {
            return new Injection(path, role, 400, null, false);
        }

        static Injection literal(String path, Role role) {
            return new Injection(path, role, 200, null, false);
        }

        static Injection ignored(String path, String baseline, Role role) {
            return new Injection(path, role, 200, baseline, false);
        }
    }

    /** {@code name[$ne]} as a browser would send it. */
    static String ne(String name) {
        return enc(name + "[$ne]");
    }

    static final List<Injection> INJECTIONS = List.of(
            // the catalogue: kind, status, q, movementId
            Injection.literal(MOVEMENTS + "?q=" + GT, Role.ANALYST),
            Injection.literal(MOVEMENTS + "?q=" + WHERE, Role.ANALYST),
            Injection.literal(MOVEMENTS + "?q=" + enc(".*"), Role.ANALYST),
            Injection.literal(MOVEMENTS + "?q=" + OR_TRUE, Role.ANALYST),
            Injection.unparsable(MOVEMENTS + "?movementId[$ne]=x", Role.ANALYST),
            Injection.ignored(MOVEMENTS + "?" + ne("movementId") + "=x", MOVEMENTS, Role.ANALYST),
            Injection.ignored(MOVEMENTS + "?" + ne("kind") + "=ANNUAL", MOVEMENTS, Role.ANALYST),
            Injection.rejected(MOVEMENTS + "?kind=" + NE_NULL, Role.ANALYST),
            Injection.rejected(MOVEMENTS + "?status=" + enc("{\"$in\":[\"OPEN\",\"CLOSED\"]}"), Role.ANALYST),
            // the support board: movementId, district, unitId, q, status
            Injection.rejected("/api/v1/reports/communes?movementId=" + GT, Role.ANALYST),
            Injection.unparsable("/api/v1/reports/communes?movementId[$ne]=x", Role.ANALYST),
            Injection.rejected("/api/v1/reports/communes?" + ne("movementId") + "=x", Role.ANALYST),
            Injection.rejected(COMMUNES + "&district=" + GT, Role.ANALYST),
            Injection.rejected(COMMUNES + "&unitId=" + NE_NULL, Role.ANALYST),
            Injection.rejected(COMMUNES + "&unitId=" + OR_TRUE, Role.ANALYST),
            Injection.rejected(COMMUNES + "&unitId=" + OR_TRUE, Role.UNIT_REPORTER),
            Injection.rejected(COMMUNES + "&status=" + NE_NULL, Role.ANALYST),
            Injection.literal(COMMUNES + "&q=" + WHERE, Role.ANALYST),
            Injection.literal(COMMUNES + "&q=" + GT, Role.UNIT_REPORTER),
            Injection.unparsable(COMMUNES + "&unitId[$ne]=" + OWN, Role.UNIT_REPORTER),
            Injection.ignored(COMMUNES + "&" + ne("unitId") + "=" + OWN, COMMUNES, Role.ANALYST),
            Injection.ignored(COMMUNES + "&" + ne("unitId") + "=" + OWN, COMMUNES, Role.UNIT_REPORTER),
            // the key-task board: movementId, period, district, unitId, status, counted
            Injection.rejected("/api/v1/reports/key-tasks?movementId=" + GT + "&period=2018", Role.ANALYST),
            Injection.rejected("/api/v1/reports/key-tasks?movementId=" + TD + "&" + ne("period") + "=x", Role.ANALYST),
            Injection.rejected("/api/v1/reports/key-tasks?movementId=" + TD + "&period=" + GT, Role.ANALYST),
            Injection.rejected(KEY_TASKS + "&district=" + WHERE, Role.ANALYST),
            Injection.rejected(KEY_TASKS + "&unitId=" + OR_TRUE, Role.ANALYST),
            Injection.rejected(KEY_TASKS + "&unitId=" + OR_TRUE, Role.UNIT_REPORTER),
            Injection.rejected(KEY_TASKS + "&unitId=" + NE_NULL, Role.UNIT_REPORTER),
            Injection.rejected(KEY_TASKS + "&status=" + NE_NULL, Role.ANALYST),
            Injection.rejected(KEY_TASKS + "&counted=" + GT, Role.ANALYST),
            Injection.unparsable(KEY_TASKS + "&unitId[$ne]=" + OWN, Role.UNIT_REPORTER),
            Injection.ignored(KEY_TASKS + "&" + ne("unitId") + "=" + OWN, KEY_TASKS, Role.ANALYST),
            Injection.ignored(KEY_TASKS + "&" + ne("unitId") + "=" + OWN, KEY_TASKS, Role.UNIT_REPORTER),
            // the audit log: aggregateId, type, unitId
            Injection.literal(AUDIT + "?aggregateId=" + WHERE, Role.AUDITOR),
            Injection.literal(AUDIT + "?aggregateId=" + GT, Role.AUDITOR),
            Injection.literal(AUDIT + "?unitId=" + OR_TRUE, Role.AUDITOR),
            Injection.literal(AUDIT + "?unitId=" + NE_NULL, Role.AUDITOR),
            Injection.rejected(AUDIT + "?type=" + GT, Role.AUDITOR),
            Injection.unparsable(AUDIT + "?aggregateId[$ne]=x", Role.AUDITOR),
            Injection.ignored(AUDIT + "?" + ne("aggregateId") + "=x", AUDIT, Role.AUDITOR),
            Injection.ignored(AUDIT + "?" + ne("unitId") + "=x", AUDIT, Role.AUDITOR));

    @TestFactory
    Stream<DynamicTest> mongodb_operators_in_a_filter_are_400_or_match_nothing_extra() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Injection i : INJECTIONS) {
            tests.add(DynamicTest.dynamicTest(i.role() + " " + i.path(), () -> {
                HttpResponse<String> r = get(i.path(), i.role());
                harmless(i.path(), r);
                assertThat(r.statusCode()).as("%s: %s", i.path(), r.body()).isEqualTo(i.status());
                if (i.problem()) {
                    problem(i.path(), r, 400);
                } else if (i.status() == 400) {
                    assertThat(r.body()).doesNotContain("aggregateType").doesNotContain("communeCode");
                } else if (i.baseline() == null) {
                    assertThat(body(r).path("totalItems").asLong()).as("%s matches nothing", i.path()).isZero();
                } else {
                    JsonNode baseline = body(get(i.baseline(), i.role()));
                    assertThat(body(r).path("totalItems").asLong()).as("%s gets what %s gets", i.path(), i.baseline())
                            .isEqualTo(baseline.path("totalItems").asLong());
                    assertThat(body(r).path("items")).isEqualTo(baseline.path("items"));
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void an_operator_in_the_movement_code_of_the_detail_is_an_unknown_movement() {
        for (String id : List.of(GT, OR_TRUE, enc("TD-2018\"}, {\"$where\": \"1\""), enc("TD-2018\0"))) {
            HttpResponse<String> r = get(MOVEMENTS + "/" + id, Role.ANALYST);
            harmless(id, r);
            assertThat(r.statusCode()).as(id).isIn(400, 404);
        }
    }

    @Test
    void an_operator_in_the_stream_of_a_playback_is_an_unknown_stream() {
        for (String id : List.of(GT, NE_NULL, WHERE, OR_TRUE, enc(".*"), enc(TD + "~1~" + OWN + "~" + PERIOD + "\0"))) {
            HttpResponse<String> r = get("/api/v1/audit/streams/" + id, Role.AUDITOR);
            harmless(id, r);
            assertThat(r.statusCode()).as(id).isIn(400, 404);
            assertThat(r.body()).as(id).doesNotContain("TaskResultRecorded");
        }
        assertThat(get(STREAM, Role.AUDITOR).statusCode()).as("the stream itself").isEqualTo(200);
    }

    // ---- wrong types ----

    @ParameterizedTest
    @ValueSource(strings = {MOVEMENTS + "?page=abc", MOVEMENTS + "?size=1e3", MOVEMENTS + "?page=1.5", COMMUNES + "&year=abc",
            COMMUNES + "&page=999999999999999999999999999999", KEY_TASKS + "&page=-0x10", AUDIT + "?from=abc", AUDIT + "?to=" + "%7B%7D",
            STREAM + "?page=abc", STREAM + "?size=1.5"})
    void a_value_of_the_wrong_type_is_a_400_problem(String path) {
        HttpResponse<String> r = get(path, Role.AUDITOR);
        problem(path, r, 400);
        assertThat(body(r).path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
    }

    /** The instants an {@code Instant} can hold but a stored date cannot: a 400 naming the parameter, no exception text. */
    @ParameterizedTest
    @ValueSource(strings = {KEY_TASKS + "&asOf=%2B999999999-12-31T23:59:59Z", KEY_TASKS + "&asOf=-999999999-01-01T00:00:00Z",
            COMMUNES + "&asOf=%2B10000-01-01T00:00:00Z", COMMUNES + "&asOf=1969-12-31T23:59:59Z",
            AUDIT + "?from=%2B999999999-12-31T23:59:59Z", AUDIT + "?to=-999999999-01-01T00:00:00Z"})
    void an_instant_out_of_range_is_a_400_naming_it_without_the_exception(String path) {
        HttpResponse<String> r = get(path, Role.AUDITOR);
        problem(path, r, 400);
        JsonNode problem = body(r);
        assertThat(problem.path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
        assertThat(problem.path("errors").get(0).path("field").asText()).isIn("asOf", "from", "to");
        assertThat(r.body()).doesNotContain("overflow").doesNotContain("java.").doesNotContain("Arithmetic");
    }

    // ---- what the API does not do ----

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void a_write_to_the_read_api_is_refused(String method) {
        HttpResponse<String> withToken = send(method, MOVEMENTS, TestTokens.token(Role.PROVINCE_ADMIN), "application/json");
        harmless(method, withToken);
        assertThat(withToken.statusCode()).isEqualTo(405);
        HttpResponse<String> anonymous = send(method, AUDIT, null, "application/json");
        problem(method, anonymous, 401);
    }

    @Test
    void a_body_over_the_limit_is_413_before_anything_reads_it() {
        byte[] big = new byte[300_000];
        for (String token : new String[]{TestTokens.token(Role.PROVINCE_ADMIN), null}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + MOVEMENTS))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(big));
            if (token != null) {
                request.header("Authorization", TestTokens.bearer(token));
            }
            HttpResponse<String> r = send(request.build());
            problem("300 kB body", r, 413);
            assertThat(body(r).path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/payload-too-large");
        }
    }

    @Test
    void an_unknown_path_or_media_type_is_a_4xx() {
        HttpResponse<String> unknown = get("/api/v1/reports/nothing-here", Role.ANALYST);
        harmless("unknown path", unknown);
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> png = send("GET", KEY_TASKS, TestTokens.token(Role.ANALYST), "image/png");
        harmless("image/png", png);
        assertThat(png.statusCode()).isEqualTo(406);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/reports/movements/..;/..;/audit/events", "/api/v1/reports/%2e%2e/audit/events",
            "/api/v1/reports/movements/%2e%2e%2f%2e%2e%2faudit%2fevents", "/api/v1/audit/events;jsessionid=1",
            "/api/v1/audit/events/", "/API/V1/AUDIT/EVENTS", "/api/v1/audit//events", "/api/v1/audit/events%00",
            "/api/v1/reports/movements/%0d%0aSet-Cookie:x=1", "/api/v1/reports/movements/..;/..;/audit/streams/TD-2018",
            "/api/v1/reports/%2e%2e/audit/streams/TD-2018", "/API/V1/AUDIT/STREAMS/TD-2018", "/api/v1/audit//streams/TD-2018"})
    void a_path_trick_does_not_reach_the_audit_log_as_an_analyst(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", TestTokens.bearer(TestTokens.token(Role.ANALYST))).GET().build());
        harmless(path, r);
        assertThat(r.statusCode()).as(path).isBetween(400, 499);
        assertThat(r.body()).doesNotContain("aggregateType");
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    }

    // ---- headers ----

    @Test
    void every_answer_carries_the_security_headers() {
        List<HttpResponse<String>> answers = List.of(
                get(MOVEMENTS, Role.ANALYST),                                    // 200
                get(AUDIT, (String) null),                                       // 401
                get(AUDIT, Role.ANALYST),                                        // 403
                get(MOVEMENTS + "/" + UNKNOWN, Role.ANALYST),                    // 404
                get(MOVEMENTS + "?size=999", Role.ANALYST),                      // 400
                send("GET", KEY_TASKS, TestTokens.token(Role.ANALYST), CSV));    // 200 export
        for (HttpResponse<String> r : answers) {
            String what = r.request().uri() + " → " + r.statusCode();
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).hasValue("frame-ancestors 'none'");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
            assertThat(r.headers().firstValue("Cache-Control")).as(what).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
            assertThat(r.headers().firstValue("Set-Cookie")).as("stateless: %s", what).isEmpty();
        }
    }

    @Test
    void without_configured_origins_no_browser_origin_is_allowed() {
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + MOVEMENTS))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://thidua.bacgiang.gov.vn").header("Access-Control-Request-Method", "GET").build());
        harmless("preflight", preflight);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void a_forbidden_caller_learns_nothing_from_the_validation_of_what_it_may_not_call() {
        HttpResponse<String> r = get(AUDIT + "?unitId=" + "x".repeat(500), Role.ANALYST);
        problem("an analyst's invalid audit query", r, 403);
    }
}
