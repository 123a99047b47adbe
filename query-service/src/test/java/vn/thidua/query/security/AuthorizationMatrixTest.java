package vn.thidua.query.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import vn.thidua.query.support.TestTokens;
import vn.thidua.security.LocalKeys;
import vn.thidua.security.LocalTokens;
import vn.thidua.security.Principal;
import vn.thidua.security.Role;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what (docs/product.md, "Who uses it"), generated from the endpoint list: every handler method the MVC layer maps is run
 * with a token of every role, for its own unit's object, another unit's object and an object that does not exist, and
 * without a token. The expectations are the table {@link #RULES}, one rule per path pattern (or per method and
 * pattern, {@code "GET /path"}, where two methods share a path); an endpoint without a
 * rule fails (so does a rule without an endpoint). Then the object-level checks the status alone cannot show (a
 * reporter's rows are its own unit's), and the tokens an attacker would forge (401).
 */
class AuthorizationMatrixTest extends SecuredApi {

    /** How to call an endpoint and what each role gets. */
    record Rule(String own, String other, String unknown, Expect ownExpect, Expect otherExpect, Expect unknownExpect,
                int anonymous) {

        Rule(String own, String other, String unknown, Expect ownExpect, Expect otherExpect, Expect unknownExpect) {
            this(own, other, unknown, ownExpect, otherExpect, unknownExpect, 401);
        }

        /** Not an object of any unit (documentation, errors): the same request three times. */
        static Rule same(String path, Expect expect, int anonymous) {
            return new Rule(path, path, path, expect, expect, expect, anonymous);
        }
    }

    /**
     * The status per role, in the order of {@link #ROLES}: province admin, unit reporter (PTP-213), analyst, auditor.
     * An operator reads none of the API ({@code 403} before anything) and gets what everyone gets elsewhere.
     */
    record Expect(int admin, int reporter, int analyst, int auditor) {

        int of(Role role, String path) {
            return switch (role) {
                case PROVINCE_ADMIN -> admin;
                case UNIT_REPORTER -> reporter;
                case ANALYST -> analyst;
                case AUDITOR -> auditor;
                case OPERATOR -> path.startsWith("/api/") ? 403 : admin;
            };
        }

        static Expect all(int status) {
            return new Expect(status, status, status, status);
        }
    }

    static final Expect EVERYONE = Expect.all(200);
    static final Expect NOT_THE_REPORTER = new Expect(200, 403, 200, 200);
    static final Expect AUDITOR_ONLY = new Expect(403, 403, 403, 200);
    static final Expect NOT_FOUND = Expect.all(404);

    static final String MOVEMENTS = "/api/v1/reports/movements";
    static final String COMMUNES = "/api/v1/reports/communes?movementId=" + NTM;
    static final String KEY_TASKS = "/api/v1/reports/key-tasks?movementId=" + TD + "&period=" + PERIOD;
    static final String AUDIT = "/api/v1/audit/events";
    static final String STREAMS = "/api/v1/audit/streams/";
    static final String REBUILDS = "/api/v1/rebuilds";
    static final String RESULTS = "/api/v1/reports/task-results/";
    static final String CHANGES = "/api/v1/reports/changes";
    static final String ROLL_UP = "/api/v1/reports/key-tasks/national";

    /**
     * One rule per path pattern of the MVC handler mappings. "Own" is an object of the reporter's unit (PTP-213),
     * "other" one of another unit (PTP-215), "unknown" one that does not exist. The catalogue is not unit data: every
     * role reads every movement, including one its unit is not enrolled in.
     */
    static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("/api/v1/reports/movements", new Rule(
                    MOVEMENTS + "?q=" + enc("toàn ngành"), MOVEMENTS + "?q=" + enc("hòa giải"), MOVEMENTS + "?q=khong-co-phong-trao",
                    EVERYONE, EVERYONE, EVERYONE)),
            Map.entry("/api/v1/reports/movements/{movementId}", new Rule(
                    MOVEMENTS + "/" + TD, MOVEMENTS + "/" + FOREIGN, MOVEMENTS + "/" + UNKNOWN,
                    EVERYONE, EVERYONE, NOT_FOUND)),
            Map.entry("/api/v1/reports/communes", new Rule(
                    COMMUNES + "&unitId=" + OWN, COMMUNES + "&unitId=" + OTHER, "/api/v1/reports/communes?movementId=" + UNKNOWN,
                    EVERYONE, NOT_THE_REPORTER, NOT_FOUND)),
            Map.entry("/api/v1/reports/key-tasks", new Rule(
                    KEY_TASKS + "&unitId=" + OWN, KEY_TASKS + "&unitId=" + OTHER,
                    "/api/v1/reports/key-tasks?movementId=" + UNKNOWN + "&period=2018",
                    EVERYONE, NOT_THE_REPORTER, NOT_FOUND)),
            // the national roll-up: the province-wide roles (a unit's reporter reads its own row, not a roll-up)
            Map.entry("/api/v1/reports/key-tasks/national", new Rule(
                    ROLL_UP + "?movementId=" + TD + "&period=" + PERIOD, ROLL_UP + "?movementId=" + NATIONAL + "&period=" + NATIONAL_PERIOD,
                    ROLL_UP + "?movementId=" + UNKNOWN + "&period=2018",
                    NOT_THE_REPORTER, NOT_THE_REPORTER, new Expect(404, 403, 404, 404))),
            Map.entry("/api/v1/audit/events", new Rule(
                    AUDIT + "?unitId=" + OWN, AUDIT + "?unitId=" + OTHER, AUDIT + "?aggregateId=" + UNKNOWN,
                    AUDITOR_ONLY, AUDITOR_ONLY, AUDITOR_ONLY)),
            // the playback of one stream (here a task result of each unit): inspection only, an unknown stream 404 for it
            Map.entry("/api/v1/audit/streams/{aggregateId}", new Rule(
                    STREAMS + TD + "~1~" + OWN + "~" + PERIOD, STREAMS + TD + "~1~" + OTHER + "~" + PERIOD, STREAMS + UNKNOWN,
                    AUDITOR_ONLY, AUDITOR_ONLY, new Expect(403, 403, 403, 404))),
            // the parked events: listed for inspection and the province, retried by the province only
            Map.entry("/api/v1/audit/parked", new Rule(
                    "/api/v1/audit/parked", "/api/v1/audit/parked?projection=support-board",
                    "/api/v1/audit/parked?projection=khong-co",
                    new Expect(200, 403, 403, 200), new Expect(200, 403, 403, 200), new Expect(200, 403, 403, 200))),
            Map.entry("/api/v1/audit/parked/retry", new Rule(
                    "/api/v1/audit/parked/retry?projection=movement-catalogue&aggregateId=" + TD,
                    "/api/v1/audit/parked/retry?projection=key-task-board&aggregateId=" + FOREIGN,
                    "/api/v1/audit/parked/retry?projection=khong-co&aggregateId=" + UNKNOWN,
                    new Expect(200, 403, 403, 403), new Expect(200, 403, 403, 403), new Expect(404, 403, 403, 403))),
            // rebuilds: the province rebuilds and verifies, inspection verifies (REBUILD by an auditor: RebuildApiTest); the
            // matrix starts only verifications, which change nothing live
            Map.entry("GET /api/v1/rebuilds", new Rule(REBUILDS, REBUILDS + "?limit=5", REBUILDS + "?limit=1",
                    new Expect(200, 403, 403, 200), new Expect(200, 403, 403, 200), new Expect(200, 403, 403, 200))),
            Map.entry("POST /api/v1/rebuilds", new Rule(
                    REBUILDS + "?projection=movement-catalogue&mode=VERIFY", REBUILDS + "?projection=support-board&mode=VERIFY",
                    REBUILDS + "?projection=khong-co&mode=VERIFY",
                    new Expect(202, 403, 403, 202), new Expect(202, 403, 403, 202), new Expect(404, 403, 403, 404))),
            Map.entry("/api/v1/rebuilds/{id}", Rule.same(REBUILDS + "/0a1b2c3d-0000-4000-8000-000000000000",
                    new Expect(404, 403, 403, 404), 401)),
            // one task result, of the reporter's unit, of another unit, and one that does not exist (Q4)
            Map.entry("/api/v1/reports/task-results/{resultId}", new Rule(
                    RESULTS + TD + "~1~" + OWN + "~" + PERIOD, RESULTS + TD + "~1~" + OTHER + "~" + PERIOD,
                    RESULTS + TD + "~1~" + OWN + "~2018-Q4", EVERYONE, NOT_THE_REPORTER, NOT_FOUND)),
            // the live board changes: every reading role (what each is told: LiveChangesTest)
            Map.entry("/api/v1/reports/changes", Rule.same(CHANGES, EVERYONE, 401)),
            // the web app's start-up configuration is public; its local sign-in needs no token (the profile of these
            // tests is 'local'; a request without a role is refused as invalid, whoever sends it: LocalSignInTest)
            Map.entry("/app/config.json", Rule.same("/app/config.json", EVERYONE, 200)),
            Map.entry("/app/local-sign-in", Rule.same("/app/local-sign-in", Expect.all(400), 400)),
            // the API documentation is public (ThiduaSecurityConfiguration.PUBLIC) ...
            Map.entry("/v3/api-docs", Rule.same("/v3/api-docs", EVERYONE, 200)),
            Map.entry("/v3/api-docs/swagger-config", Rule.same("/v3/api-docs/swagger-config", EVERYONE, 200)),
            Map.entry("/swagger-ui.html", Rule.same("/swagger-ui.html", EVERYONE, 200)),
            Map.entry("/v3/api-docs.yaml", Rule.same("/v3/api-docs.yaml", EVERYONE, 200)),
            // Spring Boot's error page, called directly: no error to show
            Map.entry("/error", Rule.same("/error", NOT_FOUND, 401)));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** A handler method of the MVC layer: its path pattern, HTTP method and what it produces. */
    record Endpoint(String pattern, String method, String produces, HandlerMethod handler) {

        @Override
        public String toString() {
            return method + " " + pattern + (produces == null ? "" : " [" + produces + "]");
        }
    }

    List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            Set<String> methods = new TreeSet<>();
            info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
            if (methods.isEmpty()) {
                methods.add("GET");
            }
            Set<MediaType> produced = info.getProducesCondition().getProducibleMediaTypes();
            List<String> accepts = produced.isEmpty() ? java.util.Collections.singletonList((String) null)
                    : produced.stream().map(MediaType::toString).toList();
            for (String pattern : patterns(info)) {
                for (String method : methods) {
                    for (String accept : accepts) {
                        endpoints.add(new Endpoint(pattern, method, accept, handler));
                    }
                }
            }
        });
        endpoints.sort((a, b) -> a.toString().compareTo(b.toString()));
        return endpoints;
    }

    static Set<String> patterns(RequestMappingInfo info) {
        return info.getPatternValues();
    }

    @Test
    void every_endpoint_has_a_rule_and_every_rule_an_endpoint() {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).as("the MVC layer maps the report API").isNotEmpty();
        assertThat(endpoints.stream().filter(e -> !RULES.containsKey(e.pattern())
                        && !RULES.containsKey(e.method() + " " + e.pattern())).map(Endpoint::toString))
                .as("endpoints without an authorization rule: add them to AuthorizationMatrixTest.RULES").isEmpty();
        assertThat(RULES.keySet().stream().filter(p -> endpoints.stream()
                        .noneMatch(e -> e.pattern().equals(p) || (e.method() + " " + e.pattern()).equals(p))))
                .as("rules of endpoints that no longer exist").isEmpty();
    }

    @Test
    void every_report_handler_declares_who_may_call_it() {
        for (Endpoint e : endpoints()) {
            if (e.handler().getBeanType().getPackageName().startsWith("vn.thidua")) {
                assertThat(e.handler().hasMethodAnnotation(org.springframework.security.access.prepost.PreAuthorize.class))
                        .as("%s (%s) has @PreAuthorize", e, e.handler().getMethod().getName()).isTrue();
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> every_endpoint_for_every_role_and_object() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            Rule rule = RULES.getOrDefault(e.method() + " " + e.pattern(), RULES.get(e.pattern()));
            if (rule == null) {
                tests.add(DynamicTest.dynamicTest(e + ": no rule", () -> {
                    throw new AssertionError(e + " has no rule in AuthorizationMatrixTest.RULES");
                }));
                continue;
            }
            tests.add(DynamicTest.dynamicTest(e + " without a token → " + rule.anonymous(),
                    () -> check(e, rule.own(), null, rule.anonymous())));
            for (Role role : ROLES) {
                Map<String, Object[]> cases = new LinkedHashMap<>();
                cases.put("own", new Object[]{rule.own(), rule.ownExpect().of(role, rule.own())});
                cases.put("other", new Object[]{rule.other(), rule.otherExpect().of(role, rule.other())});
                cases.put("unknown", new Object[]{rule.unknown(), rule.unknownExpect().of(role, rule.unknown())});
                cases.forEach((name, c) -> tests.add(DynamicTest.dynamicTest(
                        "%s as %s, %s object → %d".formatted(e, role, name, (int) c[1]),
                        () -> check(e, (String) c[0], TestTokens.token(role), (int) c[1]))));
            }
        }
        return tests.stream();
    }

    void check(Endpoint e, String path, String token, int expected) {
        if ("POST".equals(e.method()) && path.startsWith(REBUILDS)) {
            awaitNoRebuildRunning(); // one job per projection at a time (409 otherwise): this matrix is about roles
        }
        if (MediaType.TEXT_EVENT_STREAM_VALUE.equals(e.produces()) && expected == 200) {
            checkStreamOpens(path, token);
            return;
        }
        HttpResponse<String> r = send(e.method(), path, token, e.produces() == null ? "*/*" : e.produces());
        assertThat(r.statusCode()).as("%s %s: %s", e.method(), path, r.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(r.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            JsonNode problem = body(r);
            assertThat(problem.path("status").asInt()).isEqualTo(expected);
            String kind = switch (expected) {
                case 401 -> "unauthenticated";
                case 403 -> "forbidden";
                case 404 -> "not-found";
                default -> problem.path("type").asText().replaceAll(".*/", "");
            };
            assertThat(problem.path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/" + kind);
            if (expected == 401) {
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
            }
        } else if (e.produces() != null && !e.produces().contains("*")) {
            assertThat(r.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(t -> assertThat(MediaType.parseMediaType(t).isCompatibleWith(MediaType.parseMediaType(e.produces()))).isTrue());
        }
    }

    /**
     * A stream that opens never ends by itself: its status, type and first event are checked, then it is closed (after
     * reading what was sent, as a browser does: a connection reset with unread data leaves Tomcat an async request it
     * never completes, which a graceful shutdown then waits for).
     */
    void checkStreamOpens(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", MediaType.TEXT_EVENT_STREAM_VALUE).header("Authorization", "Bearer " + token).GET().build();
        try {
            HttpResponse<java.io.InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = r.body()) {
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE));
                StringBuilder first = new StringBuilder();
                // stop at the end of the first event: one more read would wait for the next keep-alive comment
                while (first.indexOf("\n\n") < 0) {
                    int c = body.read();
                    if (c < 0) {
                        break;
                    }
                    first.append((char) c);
                }
                assertThat(first.toString()).startsWith("event:hello");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void awaitNoRebuildRunning() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> !get(REBUILDS + "?limit=50", Role.PROVINCE_ADMIN).body().contains("\"state\":\"RUNNING\""));
    }

    // ---- the object, not the parameter: what a reporter's 200 contains ----

    static String reporter() {
        return TestTokens.token(Role.UNIT_REPORTER);
    }

    @Test
    void a_reporter_who_names_no_unit_gets_only_its_own_row_of_the_key_task_board() {
        JsonNode board = body(get(KEY_TASKS, reporter()));
        assertThat(board.path("items").findValuesAsText("unitId")).containsExactly(OWN);
        assertThat(board.path("totalItems").asInt()).isEqualTo(1);
        assertThat(body(get(KEY_TASKS, Role.ANALYST)).path("items").findValuesAsText("unitId"))
                .as("the analyst sees every enrolled unit").containsExactlyInAnyOrder(OWN, OTHER, THIRD);
        assertThat(body(get(KEY_TASKS + "&unitId=" + OWN, reporter())).path("items").findValuesAsText("unitId"))
                .containsExactly(OWN);
    }

    @Test
    void a_reporter_filtering_by_another_district_or_status_still_sees_nothing_of_another_unit() {
        assertThat(body(get(KEY_TASKS + "&district=215", reporter())).path("items")).isEmpty();
        assertThat(body(get(KEY_TASKS + "&status=SUBMITTED", reporter())).path("items"))
                .as("only PTP-215 has a submitted result").isEmpty();
        assertThat(body(get(COMMUNES + "&district=215", reporter())).path("items")).isEmpty();
        assertThat(body(get(COMMUNES + "&q=" + enc("cầu gồ"), reporter())).path("items"))
                .as("a commune another unit supports").isEmpty();
    }

    @Test
    void a_reporter_who_names_no_unit_gets_only_the_communes_its_unit_supports() {
        JsonNode board = body(get(COMMUNES, reporter()));
        assertThat(board.path("items").findValuesAsText("communeCode")).containsExactly(OWN_COMMUNE);
        assertThat(board.path("totalItems").asInt()).isEqualTo(1);
        JsonNode all = body(get(COMMUNES, Role.PROVINCE_ADMIN));
        assertThat(all.path("totalItems").asInt()).as("every commune of the province").isEqualTo(230);
    }

    @Test
    void the_exports_of_a_reporter_hold_only_its_own_unit() throws Exception {
        String csv = send("GET", KEY_TASKS, reporter(), CSV).body();
        assertThat(csv).contains(OWN).doesNotContain(OTHER).doesNotContain(THIRD);
        String communes = send("GET", COMMUNES, reporter(), CSV).body();
        assertThat(communes).contains(OWN_COMMUNE).doesNotContain(OTHER_COMMUNE).doesNotContain(OTHER);
        assertThat(send("GET", COMMUNES, TestTokens.token(Role.ANALYST), CSV).body()).contains(OWN_COMMUNE, OTHER_COMMUNE);

        HttpResponse<byte[]> xlsx = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + KEY_TASKS))
                .header("Accept", XLSX).header("Authorization", TestTokens.bearer(reporter())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            Sheet sheet = book.getSheetAt(0);
            List<String> units = new ArrayList<>();
            for (int i = 5; i <= sheet.getLastRowNum(); i++) {
                Row row = sheet.getRow(i);
                units.add(row.getCell(1).getStringCellValue());
            }
            assertThat(units).hasSize(8).containsOnly(OWN);
        }
    }

    @Test
    void a_reporter_token_without_a_unit_reads_no_unit_data() {
        String noUnit = TestTokens.mint("reporter-without-unit", Role.UNIT_REPORTER, null, Duration.ofMinutes(5));
        assertThat(get(KEY_TASKS, noUnit).statusCode()).isEqualTo(403);
        assertThat(get(COMMUNES, noUnit).statusCode()).isEqualTo(403);
        assertThat(get(MOVEMENTS, noUnit).statusCode()).as("the catalogue is not unit data").isEqualTo(200);
    }

    @Test
    void a_token_without_a_known_role_reads_nothing() {
        String citizen = signed(claims("citizen").claim(Principal.ROLES_CLAIM, List.of("CITIZEN")).build());
        String none = signed(claims("nobody").build());
        for (String token : List.of(citizen, none)) {
            for (String path : List.of(MOVEMENTS, MOVEMENTS + "/" + TD, COMMUNES, KEY_TASKS, AUDIT)) {
                HttpResponse<String> r = get(path, token);
                assertThat(r.statusCode()).as(path).isEqualTo(403);
                assertThat(body(r).path("type").asText()).endsWith("/forbidden");
            }
        }
    }

    @Test
    void a_token_with_a_province_wide_role_besides_the_reporter_role_reads_every_unit() {
        String both = signed(claims("reporter-and-analyst").claim(Principal.ROLES_CLAIM, List.of("UNIT_REPORTER", "ANALYST"))
                .claim(Principal.UNIT_CLAIM, OWN).build());
        assertThat(body(get(KEY_TASKS, both)).path("items").findValuesAsText("unitId"))
                .as("roles add up, as in @PreAuthorize").containsExactlyInAnyOrder(OWN, OTHER, THIRD);
        assertThat(get(KEY_TASKS + "&unitId=" + OTHER, both).statusCode()).isEqualTo(200);
        assertThat(get(AUDIT, both).statusCode()).as("but neither role reads the audit log").isEqualTo(403);
    }

    @Test
    void a_reporter_may_not_read_the_audit_log_even_of_its_own_unit() {
        HttpResponse<String> r = get(AUDIT + "?unitId=" + OWN, reporter());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("TaskResultRecorded");
        JsonNode log = body(get(AUDIT + "?unitId=" + OWN, Role.AUDITOR));
        assertThat(log.path("totalItems").asLong()).as("the auditor reads it: 2 support + 2 result events, and its support in the Ministry's movement")
                .isEqualTo(4 + NATIONAL_SUPPORT.stream().filter(e -> OWN.equals(e.metadata().get("unitId"))).count());
    }

    // ---- the province dimension: callers of another province and of the Ministry ----

    /** The province-wide roles; a caller of another province holds each of them in turn. */
    static final List<Role> PROVINCE_WIDE = List.of(Role.PROVINCE_ADMIN, Role.ANALYST, Role.AUDITOR);

    /** Province 24's objects, each read with the role that may read it in its own province. */
    static final Map<String, Role> PROVINCE_24_OBJECTS = new LinkedHashMap<>(Map.of(
            MOVEMENTS + "/" + TD, Role.ANALYST,
            KEY_TASKS, Role.ANALYST,
            COMMUNES, Role.ANALYST,
            RESULTS + TD + "~1~" + OWN + "~" + PERIOD, Role.ANALYST,
            ROLL_UP + "?movementId=" + TD + "&period=" + PERIOD, Role.ANALYST,
            STREAMS + TD + "~1~" + OWN + "~" + PERIOD, Role.AUDITOR));

    static String ofProvince(Role role, String province) {
        return TestTokens.token(role, role == Role.UNIT_REPORTER ? TN_UNIT : null, province);
    }

    @TestFactory
    Stream<DynamicTest> a_caller_of_another_province_reads_none_of_province_24s_objects_and_the_ministry_reads_them_all() {
        List<DynamicTest> tests = new ArrayList<>();
        PROVINCE_24_OBJECTS.forEach((path, reader) -> {
            tests.add(DynamicTest.dynamicTest("%s as %s of province 19 → 403".formatted(path, reader), () -> {
                HttpResponse<String> r = get(path, ofProvince(reader, TN_PROVINCE));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
                assertThat(body(r).path("type").asText()).endsWith("/forbidden");
                assertThat(r.body()).as("nothing of the object, only the path asked for")
                        .doesNotContain("Toàn ngành Tư pháp thi đua năm 2018").doesNotContain("Báo cáo quý I").doesNotContain("TaskResult");
            }));
            tests.add(DynamicTest.dynamicTest("%s as %s of province 24 (named in the token) → 200".formatted(path, reader),
                    () -> assertThat(get(path, ofProvince(reader, "24")).statusCode()).isEqualTo(200)));
            tests.add(DynamicTest.dynamicTest("%s as the Ministry's %s → 200".formatted(path, reader),
                    () -> assertThat(get(path, ofProvince(reader, "BTP")).statusCode()).isEqualTo(200)));
        });
        for (Role role : PROVINCE_WIDE) {
            tests.add(DynamicTest.dynamicTest("province 19's movement as " + role + " of province 24 → 403",
                    () -> assertThat(get(MOVEMENTS + "/" + TN_MOVEMENT, TestTokens.token(role)).statusCode()).isEqualTo(403)));
        }
        tests.add(DynamicTest.dynamicTest("a reporter of province 19 reading province 24's board → 403", () ->
                assertThat(get(KEY_TASKS, ofProvince(Role.UNIT_REPORTER, TN_PROVINCE)).statusCode()).isEqualTo(403)));
        return tests.stream();
    }

    /** The codes of the movements on a page of the catalogue. */
    List<String> codes(HttpResponse<String> page) {
        List<String> codes = new ArrayList<>();
        body(page).path("items").forEach(item -> codes.add(item.path("code").asText()));
        return codes;
    }

    @Test
    void a_province_lists_its_own_movements_and_the_ministrys_and_the_ministry_lists_all() {
        assertThat(codes(get(MOVEMENTS + "?size=100", ofProvince(Role.ANALYST, TN_PROVINCE))))
                .containsExactlyInAnyOrder(NATIONAL, TN_MOVEMENT);
        assertThat(codes(get(MOVEMENTS + "?size=100", Role.ANALYST)))
                .as("province 24 by default: its movements recorded before tenancy and the Ministry's")
                .containsExactlyInAnyOrder(TD, FOREIGN, NTM, NATIONAL);
        assertThat(codes(get(MOVEMENTS + "?size=100", ofProvince(Role.ANALYST, "BTP"))))
                .containsExactlyInAnyOrder(TD, FOREIGN, NTM, NATIONAL, TN_MOVEMENT);
        JsonNode national = body(get(MOVEMENTS + "/" + NATIONAL, ofProvince(Role.ANALYST, TN_PROVINCE)));
        assertThat(national.path("provinceCode").asText()).isEqualTo("BTP");
        assertThat(national.path("enrolledUnits").findValuesAsText("unitId")).as("its own units only").containsExactly(TN_UNIT);
        assertThat(body(get(MOVEMENTS + "/" + TD, Role.ANALYST)).path("provinceCode").asText())
                .as("a movement registered before tenancy is province 24's").isEqualTo("24");
    }

    @Test
    void each_province_reads_its_own_rows_of_the_ministrys_board_ranked_among_themselves() {
        String board = "/api/v1/reports/key-tasks?movementId=" + NATIONAL + "&period=" + NATIONAL_PERIOD;
        JsonNode tn = body(get(board, ofProvince(Role.ANALYST, TN_PROVINCE)));
        assertThat(tn.path("items").findValuesAsText("unitId")).containsExactly(TN_UNIT);
        assertThat(tn.path("items").get(0).path("rank").asInt()).isEqualTo(1);
        assertThat(tn.path("tasks").get(0).path("results").path("APPROVED").asInt()).isEqualTo(1);
        JsonNode bg = body(get(board, Role.ANALYST));
        assertThat(bg.path("items").findValuesAsText("unitId")).containsExactlyInAnyOrder(OWN, OTHER);
        assertThat(bg.path("tasks").get(0).path("results").path("APPROVED").asInt()).as("province 19's result is not counted").isZero();
        assertThat(body(get(board, ofProvince(Role.ANALYST, "BTP"))).path("items").findValuesAsText("unitId"))
                .containsExactlyInAnyOrder(OWN, OTHER, TN_UNIT);
        assertThat(send("GET", board, ofProvince(Role.ANALYST, TN_PROVINCE), CSV).body()).contains(TN_UNIT).doesNotContain(OWN);
        assertThat(get(board + "&unitId=" + OWN, ofProvince(Role.ANALYST, TN_PROVINCE)).statusCode()).isEqualTo(200);
        assertThat(body(get(board + "&unitId=" + OWN, ofProvince(Role.ANALYST, TN_PROVINCE))).path("items")).isEmpty();
    }

    @Test
    void the_ministry_filters_the_board_of_its_movement_by_province_and_reads_it_as_that_province_does() {
        String board = "/api/v1/reports/key-tasks?movementId=" + NATIONAL + "&period=" + NATIONAL_PERIOD;
        JsonNode asTn = body(get(board, ofProvince(Role.ANALYST, TN_PROVINCE)));
        JsonNode filtered = body(get(board + "&province=" + TN_PROVINCE, ofProvince(Role.ANALYST, "BTP")));

        assertThat(filtered.path("items")).isEqualTo(asTn.path("items"));
        assertThat(filtered.path("tasks")).isEqualTo(asTn.path("tasks"));
        assertThat(body(get(board + "&province=24", ofProvince(Role.ANALYST, "BTP"))).path("items").findValuesAsText("unitId"))
                .containsExactlyInAnyOrder(OWN, OTHER);
        assertThat(body(get(board + "&province=" + TN_PROVINCE, ofProvince(Role.ANALYST, TN_PROVINCE))).path("items"))
                .as("a province naming itself").isEqualTo(asTn.path("items"));
        HttpResponse<String> other = get(board + "&province=24", ofProvince(Role.ANALYST, TN_PROVINCE));
        assertThat(other.statusCode()).as("a province naming another").isEqualTo(403);
        assertThat(get(board + "&province=Bac", ofProvince(Role.ANALYST, "BTP")).statusCode()).isEqualTo(400);
    }

    @Test
    void the_national_roll_up_shows_every_province_to_the_ministry_and_its_own_to_a_province() {
        String rollUp = ROLL_UP + "?movementId=" + NATIONAL + "&period=" + NATIONAL_PERIOD;
        JsonNode all = body(get(rollUp, ofProvince(Role.ANALYST, "BTP")));
        assertThat(all.path("provinces").findValuesAsText("provinceCode")).as("by mean completion: 19 reported, 24 did not")
                .containsExactly(TN_PROVINCE, "24");
        JsonNode tn = all.path("provinces").get(0);
        assertThat(tn.path("provinceName").asText()).isEqualTo("Tỉnh Thái Nguyên");
        assertThat(tn.path("units").asInt()).isEqualTo(1);
        assertThat(tn.path("items").findValuesAsText("unitId")).containsExactly(TN_UNIT);
        assertThat(all.path("provinces").get(1).path("items").findValuesAsText("unitId")).containsExactly(OWN, OTHER);
        assertThat(all.path("provinces").get(1).path("meanCompletion").decimalValue()).isZero();
        assertThat(body(get(rollUp, ofProvince(Role.ANALYST, TN_PROVINCE))).path("provinces").findValuesAsText("provinceCode"))
                .containsExactly(TN_PROVINCE);
        assertThat(get(rollUp, reporter()).statusCode()).isEqualTo(403);
    }

    @Test
    void an_auditor_of_a_province_reads_its_own_provinces_events_and_the_ministrys_auditor_every_event() {
        JsonNode tn = body(get(AUDIT + "?size=200", ofProvince(Role.AUDITOR, TN_PROVINCE)));
        assertThat(tn.path("items").findValuesAsText("aggregateId")).isNotEmpty()
                .allMatch(id -> id.equals(TN_MOVEMENT) || id.startsWith(NATIONAL + "~1~" + TN_UNIT)
                        || id.equals(NATIONAL + "~" + TN_COMMUNE) || id.equals(NATIONAL + "~" + TN_MERGED_COMMUNE));
        JsonNode own = body(get(AUDIT + "?size=200", Role.AUDITOR));
        assertThat(own.path("items").findValuesAsText("aggregateId")).as("province 24: its events before tenancy")
                .contains(TD).doesNotContain(TN_MOVEMENT, NATIONAL);
        long every = body(get(AUDIT + "?size=1", ofProvince(Role.AUDITOR, "BTP"))).path("totalItems").asLong();
        assertThat(every).isEqualTo(eventsRecorded());
        assertThat(get(STREAMS + TN_MOVEMENT, Role.AUDITOR).statusCode()).isEqualTo(403);
        assertThat(get(STREAMS + TN_MOVEMENT, ofProvince(Role.AUDITOR, TN_PROVINCE)).statusCode()).isEqualTo(200);
    }

    static long eventsRecorded() {
        return SecuredApi.MOVEMENTS.size() + SUPPORT.size() + SecuredApi.RESULTS.size() + STRUCTURE.size() + TENANTS.size()
                + NATIONAL_SUPPORT.size() + LATER_STRUCTURE.size();
    }

    // ---- authentication: what an attacker would send instead of a token ----

    static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(LocalTokens.ISSUER).subject(subject).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    /** Signed with the service's own local key: valid unless the claims are not. */
    static String signed(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(LocalKeys.readPrivate(TestTokens.keyDir().resolve(LocalKeys.PRIVATE))));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> forgedTokens() throws Exception {
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("expired ten minutes ago", TestTokens.mint("late", Role.PROVINCE_ADMIN, null, Duration.ofMinutes(-10)));
        Path otherKeys = LocalKeys.ensure(Files.createTempDirectory("thidua-attacker-keys"));
        forged.put("signed by another key", LocalTokens.from(otherKeys).mint("mallory", Role.PROVINCE_ADMIN, null, Duration.ofHours(1)));
        forged.put("alg none", new PlainJWT(claims("mallory").claim(Principal.ROLES_CLAIM, List.of("AUDITOR")).build()).serialize());
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("mallory").claim(Principal.ROLES_CLAIM,
                List.of("AUDITOR")).build());
        // the algorithm-confusion attack: the public key (which is public) used as an HMAC secret
        hmac.sign(new MACSigner(Files.readAllBytes(TestTokens.keyDir().resolve(LocalKeys.PUBLIC))));
        forged.put("HS256 with the public key as secret", hmac.serialize());
        forged.put("another issuer", signed(claims("mallory").issuer("https://evil.example").claim(Principal.ROLES_CLAIM,
                List.of("AUDITOR")).build()));
        forged.put("not yet valid", signed(claims("mallory").notBeforeTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
                .claim(Principal.ROLES_CLAIM, List.of("AUDITOR")).build()));
        String valid = TestTokens.token(Role.AUDITOR);
        forged.put("a valid token with its payload changed", valid.substring(0, valid.indexOf('.') + 1)
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"iss\":\"thidua-local\",\"sub\":\"mallory\",\"roles\":[\"AUDITOR\"],\"exp\":4102444800}".getBytes(StandardCharsets.UTF_8))
                + valid.substring(valid.lastIndexOf('.')));
        forged.put("garbage", "not-a-token");
        return forged;
    }

    @TestFactory
    Stream<DynamicTest> a_forged_expired_or_foreign_token_is_401() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        forgedTokens().forEach((what, token) -> tests.add(DynamicTest.dynamicTest(what, () -> {
            for (String path : List.of(AUDIT, KEY_TASKS, MOVEMENTS)) {
                HttpResponse<String> r = get(path, token);
                assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(401);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(body(r).path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/unauthenticated");
                assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
            }
        })));
        return tests.stream();
    }

    @Test
    void a_token_elsewhere_than_the_authorization_header_is_not_a_token() {
        String token = TestTokens.token(Role.AUDITOR);
        assertThat(get(AUDIT + "?access_token=" + token, (String) null).statusCode()).isEqualTo(401);
        HttpResponse<String> basic = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + AUDIT))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
                .GET().build());
        assertThat(basic.statusCode()).isEqualTo(401);
        HttpResponse<String> empty = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + AUDIT))
                .header("Authorization", "Bearer ").GET().build());
        assertThat(empty.statusCode()).isEqualTo(401);
    }

    // ---- public: health, readiness and the documentation; nothing else ----

    @Test
    void health_readiness_and_the_api_documentation_need_no_token() {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness", "/v3/api-docs")) {
            assertThat(get(path, (String) null).statusCode()).as(path).isEqualTo(200);
        }
        for (String path : List.of("/actuator/metrics", "/actuator/prometheus", "/actuator/info", "/actuator")) {
            assertThat(send("GET", path, null, "*/*").statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void metrics_are_read_by_operators_only() {
        for (String path : List.of("/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/prometheus", "/actuator")) {
            for (Role role : ROLES) {
                HttpResponse<String> r = send("GET", path, TestTokens.token(role), "*/*");
                assertThat(r.statusCode()).as("%s as %s", path, role).isEqualTo(role == Role.OPERATOR ? 200 : 403);
                if (role != Role.OPERATOR) {
                    assertThat(body(r).path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/forbidden");
                }
            }
        }
    }

    @Test
    void the_api_documentation_declares_the_bearer_scheme_for_every_operation() {
        JsonNode docs = body(get("/v3/api-docs", (String) null));
        JsonNode scheme = docs.path("components").path("securitySchemes").path("bearer");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(docs.path("security").get(0).has("bearer")).as("the top-level requirement applies to every operation").isTrue();
        docs.path("paths").forEach(path -> path.forEach(operation ->
                assertThat(operation.has("security")).as("no operation opts out").isFalse()));
    }
}
