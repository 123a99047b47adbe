package vn.thidua.command.security;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import vn.thidua.command.testing.CommandApiTest;
import vn.thidua.command.testing.TestTokens;
import vn.thidua.security.Role;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command endpoint × every role × own unit / another unit / unknown object, against the real service. The
 * endpoint list is read from Spring MVC: an endpoint without a row in {@link #RULES} fails the test.
 * Expected: the allowed role on its own (or any, for province-wide acts) object → 2xx; another unit's object → 403,
 * whether it exists or not (the answer must not tell a reporter what other units submitted); an unknown object of its
 * own → 404 (for a role allowed to ask); a role not allowed → 403 whatever the object; no token → 401. The province
 * dimension: the same call on province 24's own object by the allowed role of another province (19), and of the Ministry
 * (BTP) → 403 and nothing stored, but where the act is the caller's own (registering a movement; the Ministry importing a
 * province's structure).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest extends CommandApiTest {

    enum Target { OWN, OTHER_UNIT, OTHER_UNIT_UNKNOWN, UNKNOWN }

    /** A request to make, built after its preconditions were set up by an administrator. */
    record Call(String path, String body) {
    }

    interface Scenario {
        Call prepare() throws Exception;
    }

    /**
     * Per endpoint: who may call it, how to build a call for each target it has, and what the allowed role of another
     * province and of the Ministry get on the own target (2 = 2xx).
     */
    record Rule(Set<Role> allowed, Map<Target, Scenario> targets, int otherProvince, int ministry) {

        Rule(Set<Role> allowed, Map<Target, Scenario> targets) {
            this(allowed, targets, 403, 403);
        }
    }

    static final String ME = "PTP-213";
    static final String OTHER = "PTP-215";
    Map<String, Rule> rules;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    static final String RESULT = """
            {"unitId":"%s","period":"2018-Q1","values":[{"code":"TT1","value":50}]}""";
    static final String ACTIVITY = """
            {"unitId":"%s","type":"OTHER","heldOn":"2018-03-02","participants":5,"description":"Hoạt động"}""";
    static final String ASSIGN = """
            {"unitId":"%s","decision":{"number":"1/QĐ-STP","issuedOn":"2017-01-02"},"supportFrom":"2017-02-01"}""";

    String annual() throws Exception {
        String m = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        defineTask(m, 1, "TT1");
        enrol(m, ME);
        enrol(m, OTHER);
        return m;
    }

    String supported() throws Exception {
        String m = registerMovement("MULTI_YEAR", "2016-01-01", "2020-12-31");
        assertThat(post("/api/v1/movements/" + m + "/communes/07225/supporters", ASSIGN.formatted(ME)).statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/movements/" + m + "/communes/07228/supporters", ASSIGN.formatted(OTHER)).statusCode()).isEqualTo(201);
        return m;
    }

    String result(String unit) throws Exception {
        String m = annual();
        HttpResponse<String> r = post("/api/v1/movements/" + m + "/key-tasks/1/results", RESULT.formatted(unit), reporter(unit));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return "/api/v1/task-results/" + body(r).get("resultId").asText();
    }

    static final String UNKNOWN_MOVEMENT = "/api/v1/movements/KHONG-CO";
    static final String UNKNOWN_RESULT = "/api/v1/task-results/KHONG-CO~1~PTP-213~2018-Q1";

    @BeforeAll
    void rules() {
        Set<Role> admin = Set.of(Role.PROVINCE_ADMIN);
        Set<Role> reporter = Set.of(Role.UNIT_REPORTER);
        rules = new LinkedHashMap<>();
        rules.put("/api/v1/movements", new Rule(admin, Map.of(
                Target.OWN, () -> new Call("/api/v1/movements", """
                        {"code":"%s","title":"Phong trào","kind":"ANNUAL","periodStart":"2018-01-01","periodEnd":"2018-12-31",
                         "launchingPlan":{"number":"02/KH-STP","kind":"KH","issuer":"Sở Tư pháp","issuedOn":"2018-01-09","title":"Kế hoạch"}}"""
                        .formatted(newCode("MX")))), 2, 2));
        rules.put("/api/v1/movements/{movementId}/key-tasks", new Rule(admin, Map.of(
                Target.OWN, () -> new Call("/api/v1/movements/" + annual() + "/key-tasks", KEY_TASK),
                Target.UNKNOWN, () -> new Call(UNKNOWN_MOVEMENT + "/key-tasks", KEY_TASK))));
        rules.put("/api/v1/movements/{movementId}/enrolments", new Rule(admin, Map.of(
                Target.OWN, () -> new Call("/api/v1/movements/" + registerMovement("ANNUAL", "2018-01-01", "2018-12-31") + "/enrolments", ENROL),
                Target.UNKNOWN, () -> new Call(UNKNOWN_MOVEMENT + "/enrolments", ENROL))));
        rules.put("/api/v1/movements/{movementId}/closure", new Rule(admin, Map.of(
                Target.OWN, () -> new Call("/api/v1/movements/" + annual() + "/closure", CLOSE),
                Target.UNKNOWN, () -> new Call(UNKNOWN_MOVEMENT + "/closure", CLOSE))));
        rules.put("/api/v1/movements/{movementId}/communes/{communeCode}/supporters", new Rule(admin, Map.of(
                Target.OWN, () -> new Call("/api/v1/movements/" + registerMovement("MULTI_YEAR", "2016-01-01", "2020-12-31")
                        + "/communes/07225/supporters", ASSIGN.formatted(ME)),
                Target.UNKNOWN, () -> new Call(UNKNOWN_MOVEMENT + "/communes/07225/supporters", ASSIGN.formatted(ME)))));
        rules.put("/api/v1/movements/{movementId}/communes/{communeCode}/activities", new Rule(reporter, Map.of(
                Target.OWN, () -> new Call("/api/v1/movements/" + supported() + "/communes/07225/activities", ACTIVITY.formatted(ME)),
                Target.OTHER_UNIT, () -> new Call("/api/v1/movements/" + supported() + "/communes/07228/activities", ACTIVITY.formatted(OTHER)),
                Target.OTHER_UNIT_UNKNOWN, () -> new Call(UNKNOWN_MOVEMENT + "/communes/07228/activities", ACTIVITY.formatted(OTHER)),
                Target.UNKNOWN, () -> new Call(UNKNOWN_MOVEMENT + "/communes/07225/activities", ACTIVITY.formatted(ME)))));
        rules.put("/api/v1/movements/{movementId}/communes/{communeCode}/assessments", new Rule(admin, Map.of(
                Target.OWN, () -> new Call("/api/v1/movements/" + supported() + "/communes/07225/assessments", ASSESS),
                Target.UNKNOWN, () -> new Call(UNKNOWN_MOVEMENT + "/communes/07225/assessments", ASSESS))));
        rules.put("/api/v1/movements/{movementId}/communes/{communeCode}/supporters/{unitId}/ending", new Rule(admin, Map.of(
                Target.OWN, () -> new Call("/api/v1/movements/" + supported() + "/communes/07225/supporters/" + ME + "/ending", END),
                Target.UNKNOWN, () -> new Call(UNKNOWN_MOVEMENT + "/communes/07225/supporters/" + ME + "/ending", END))));
        rules.put("/api/v1/movements/{movementId}/key-tasks/{taskNo}/results", new Rule(reporter, Map.of(
                Target.OWN, () -> new Call("/api/v1/movements/" + annual() + "/key-tasks/1/results", RESULT.formatted(ME)),
                Target.OTHER_UNIT, () -> new Call("/api/v1/movements/" + annual() + "/key-tasks/1/results", RESULT.formatted(OTHER)),
                Target.OTHER_UNIT_UNKNOWN, () -> new Call(UNKNOWN_MOVEMENT + "/key-tasks/1/results", RESULT.formatted(OTHER)),
                Target.UNKNOWN, () -> new Call(UNKNOWN_MOVEMENT + "/key-tasks/1/results", RESULT.formatted(ME)))));
        rules.put("/api/v1/task-results/{resultId}/corrections", new Rule(reporter, Map.of(
                Target.OWN, () -> new Call(result(ME) + "/corrections", CORRECT),
                Target.OTHER_UNIT, () -> new Call(result(OTHER) + "/corrections", CORRECT),
                // the other unit is enrolled in an open movement but never reported: its result does not exist
                Target.OTHER_UNIT_UNKNOWN, () -> new Call("/api/v1/task-results/" + annual() + "~1~" + OTHER + "~2018-Q1/corrections", CORRECT),
                Target.UNKNOWN, () -> new Call(UNKNOWN_RESULT + "/corrections", CORRECT))));
        rules.put("/api/v1/task-results/{resultId}/approval", new Rule(admin, Map.of(
                Target.OWN, () -> new Call(result(ME) + "/approval", "{}"),
                Target.UNKNOWN, () -> new Call(UNKNOWN_RESULT + "/approval", "{}"))));
        rules.put("/api/v1/structure/provinces/{provinceCode}/versions", new Rule(admin, Map.of(
                Target.OWN, () -> new Call("/api/v1/structure/provinces/24/versions", unitsOf24Unchanged())), 403, 2));
        rules.put("/api/v1/task-results/{resultId}/return", new Rule(admin, Map.of(
                Target.OWN, () -> new Call(result(ME) + "/return", "{\"reason\":\"Thiếu tài liệu\"}"),
                Target.UNKNOWN, () -> new Call(UNKNOWN_RESULT + "/return", "{\"reason\":\"Thiếu tài liệu\"}"))));
    }

    static final String KEY_TASK = """
            {"taskNo":7,"title":"Nhiệm vụ 7","indicators":[{"code":"TT1","name":"Tỷ lệ","unitOfMeasure":"%","target":100}]}""";
    static final String ENROL = "{\"unitId\":\"PTP-213\",\"enrolledOn\":\"2018-02-01\"}";
    static final String CLOSE = "{\"closedOn\":\"2018-12-31\"}";
    static final String ASSESS = """
            {"year":2018,"scores":{"tc1":14,"tc2":27.5,"tc3":22,"tc4":9,"tc5":18},"noOfficialDisciplined":true,"assessedOn":"2018-12-10"}""";
    static final String END = "{\"endedOn\":\"2019-12-31\"}";
    static final String CORRECT = "{\"values\":[{\"code\":\"TT1\",\"value\":60}],\"reason\":\"Sửa số liệu\"}";

    /** The next day a new version of province 24's justice units may start: each import must start after the last. */
    java.time.LocalDate nextVersionDay = java.time.LocalDate.of(2030, 1, 1);

    /** A new version of province 24's justice units listing them all unchanged: it changes no unit. */
    String unitsOf24Unchanged() throws Exception {
        StringBuilder csv = new StringBuilder(vn.thidua.reference.StructureCsv.HEADER).append('\n');
        for (vn.thidua.reference.Unit u : vn.thidua.reference.ReferenceData.bacGiang().units()) {
            csv.append(String.join(",", u.id(), u.name(), u.kind(), u.districtCode() == null ? "24" : u.districtCode(),
                    nextVersionDay.toString(), "", "yes", "")).append('\n');
        }
        nextVersionDay = nextVersionDay.plusDays(1);
        return json.writeValueAsString(Map.of("list", "UNITS", "source", "ma trận phân quyền", "csv", csv.toString()));
    }

    /** The same caller in another scope: a province ({@code 19}) or the Ministry ({@code BTP}). */
    static Map<String, String> as(Role role, String province) {
        Map<String, String> headers = new LinkedHashMap<>(as(role));
        headers.put("X-Subject", headers.get("X-Subject") + "-" + province.toLowerCase());
        headers.put("X-Province", province);
        return headers;
    }

    static Map<String, String> as(Role role) {
        return switch (role) {
            case PROVINCE_ADMIN -> Map.of("X-Subject", "matrix-admin", "X-Role", role.name(), "X-Unit-Id", "STP-VP");
            case UNIT_REPORTER -> Map.of("X-Subject", "matrix-ptp-213", "X-Role", role.name(), "X-Unit-Id", ME);
            default -> Map.of("X-Subject", "matrix-" + role.name().toLowerCase(), "X-Role", role.name());
        };
    }

    List<String> postEndpoints() {
        Set<String> paths = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            if (e.getValue().hasMethodAnnotation(PostMapping.class)) {
                paths.addAll(e.getKey().getPatternValues());
            }
        }
        return new ArrayList<>(paths);
    }

    /** Per read endpoint (GET under /api): who may call it. */
    static final Map<String, Set<Role>> READ_RULES = Map.of(
            "/api/v1/audit/integrity", Set.of(Role.AUDITOR),
            "/api/v1/audit/log", Set.of(Role.AUDITOR));

    List<String> getEndpoints() {
        Set<String> paths = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            if (e.getValue().hasMethodAnnotation(org.springframework.web.bind.annotation.GetMapping.class)) {
                e.getKey().getPatternValues().stream().filter(p -> p.startsWith("/api/")).forEach(paths::add);
            }
        }
        return new ArrayList<>(paths);
    }

    @Test
    void every_read_endpoint_has_a_rule_and_answers_each_role_and_no_token_accordingly() throws Exception {
        assertThat(READ_RULES.keySet()).containsExactlyInAnyOrderElementsOf(getEndpoints());
        List<String> failures = new ArrayList<>();
        for (String endpoint : getEndpoints()) {
            for (Role role : Role.values()) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + endpoint)).GET();
                TestTokens.asBearer(as(role)).forEach(b::header);
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                int expected = READ_RULES.get(endpoint).contains(role) ? 200 : 403;
                if (r.statusCode() != expected) {
                    failures.add("%s as %s: expected %d, got %d".formatted(endpoint, role, expected, r.statusCode()));
                }
            }
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + endpoint))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (anonymous.statusCode() != 401) {
                failures.add("%s without a token: expected 401, got %d".formatted(endpoint, anonymous.statusCode()));
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void every_endpoint_has_a_rule() {
        assertThat(postEndpoints()).isNotEmpty().allSatisfy(p -> assertThat(rules).as("a rule for %s", p).containsKey(p));
        assertThat(rules.keySet()).containsExactlyInAnyOrderElementsOf(postEndpoints());
    }

    @Test
    void every_endpoint_every_role_every_target_gets_its_status() throws Exception {
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (String endpoint : postEndpoints()) {
            Rule rule = rules.get(endpoint);
            for (Role role : Role.values()) {
                for (Map.Entry<Target, Scenario> t : new EnumMap<>(rule.targets()).entrySet()) {
                    Call call = t.getValue().prepare();
                    long before = storedCommits();
                    HttpResponse<String> r = post(call.path(), call.body(), as(role));
                    calls++;
                    int expected = !rule.allowed().contains(role) ? 403 : switch (t.getKey()) {
                        case OWN -> 2;
                        case OTHER_UNIT, OTHER_UNIT_UNKNOWN -> 403;
                        case UNKNOWN -> 404;
                    };
                    boolean ok = expected == 2 ? r.statusCode() / 100 == 2 : r.statusCode() == expected;
                    if (!ok) {
                        failures.add("%s as %s on %s: expected %s, got %d %s".formatted(endpoint, role, t.getKey(),
                                expected == 2 ? "2xx" : expected, r.statusCode(), r.body()));
                    }
                    if (r.statusCode() / 100 != 2 && storedCommits() != before) {
                        failures.add("%s as %s on %s: refused with %d but stored something".formatted(endpoint, role, t.getKey(), r.statusCode()));
                    }
                    if (r.statusCode() / 100 != 2) {
                        assertThat(r.headers().firstValue("Content-Type")).as("%s %s %s", endpoint, role, t.getKey())
                                .hasValueSatisfying(c -> assertThat(c).startsWith("application/problem+json"));
                    }
                }
                if (rule.allowed().contains(role) && rule.targets().containsKey(Target.OWN)) {
                    for (String province : List.of("19", "BTP")) {
                        Call call = rule.targets().get(Target.OWN).prepare();
                        long before = storedCommits();
                        HttpResponse<String> r = post(call.path(), call.body(), as(role, province));
                        calls++;
                        int expected = province.equals("BTP") ? rule.ministry() : rule.otherProvince();
                        boolean ok = expected == 2 ? r.statusCode() / 100 == 2 : r.statusCode() == expected;
                        if (!ok) {
                            failures.add("%s as %s of %s on province 24's object: expected %s, got %d %s".formatted(endpoint,
                                    role, province, expected == 2 ? "2xx" : expected, r.statusCode(), r.body()));
                        }
                        if (r.statusCode() / 100 != 2 && storedCommits() != before) {
                            failures.add("%s as %s of %s: refused with %d but stored something".formatted(endpoint, role,
                                    province, r.statusCode()));
                        }
                    }
                }
            }
        }
        assertThat(failures).as("%d calls", calls).isEmpty();
        assertThat(calls).isGreaterThanOrEqualTo(12 * 4);
    }

    HttpResponse<String> raw(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void without_a_valid_token_every_endpoint_answers_401_and_stores_nothing() throws Exception {
        long before = storedCommits();
        String expired = "Bearer " + vn.thidua.security.LocalTokens.from(TestTokens.keyDirectory())
                .mint("x", Role.PROVINCE_ADMIN, null, java.time.Duration.ofSeconds(-120));
        java.nio.file.Path otherKeys = vn.thidua.security.LocalKeys.ensure(java.nio.file.Files.createTempDirectory("other-keys-"));
        String foreign = "Bearer " + vn.thidua.security.LocalTokens.from(otherKeys).mint("x", Role.PROVINCE_ADMIN, null, java.time.Duration.ofHours(1));
        String[] parts = TestTokens.token("x", Role.PROVINCE_ADMIN, null).split("\\.");
        String unsigned = "Bearer " + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + parts[1] + ".";
        for (String endpoint : postEndpoints()) {
            String path = endpoint.replaceAll("\\{[^}]+}", "X");
            for (String authorization : new String[]{null, expired, foreign, unsigned, "Bearer not-a-token", "Basic YWRtaW46YWRtaW4="}) {
                HttpResponse<String> r = raw(path, authorization);
                assertThat(r.statusCode()).as("%s with %s", endpoint, authorization).isEqualTo(401);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("application/problem+json"));
            }
        }
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    void health_and_the_api_documentation_are_public_and_nothing_else_is() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/v3/api-docs")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
        }
        for (String path : List.of("/actuator/metrics", "/actuator/prometheus", "/api/v1/movements")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
        }
    }

    /** The management endpoints (metrics, the Prometheus scrape) are the operators': every other role gets 403. */
    @Test
    void metrics_are_read_by_operators_only() throws Exception {
        for (String path : List.of("/actuator/metrics", "/actuator/prometheus", "/actuator")) {
            for (Role role : Role.values()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + TestTokens.token("reader-" + role, role, role == Role.UNIT_REPORTER ? ME : null))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("%s as %s", path, role).isEqualTo(role == Role.OPERATOR ? 200 : 403);
            }
        }
    }

    /** Requests are measured as a whole; Spring Security's observation per filter is off (its cost, ThiduaSecurityConfiguration). */
    @Test
    void requests_are_measured_as_a_whole_not_filter_by_filter() throws Exception {
        assertThat(post("/api/v1/movements", "{}").statusCode()).isBetween(400, 499);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/metrics"))
                .header("Authorization", "Bearer " + TestTokens.token("metrics-reader", Role.OPERATOR, null)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("\"http.server.requests\"").doesNotContain("\"spring.security.");
    }

    @Test
    void responses_carry_the_security_headers() throws Exception {
        HttpResponse<String> r = post("/api/v1/movements", "{}");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
        assertThat(UUID.randomUUID()).isNotNull();
    }
}
