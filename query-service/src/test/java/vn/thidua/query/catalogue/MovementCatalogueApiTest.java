package vn.thidua.query.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.generation.LiveProjections;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;
import vn.thidua.query.QueryServiceApplication;
import vn.thidua.query.support.TestTokens;
import vn.thidua.security.Role;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every status of the catalogue endpoints over HTTP, on documents written by the real projection into the
 * MongoDB-wire server: 200 lists with paging, totals and filters; 200 detail; 404 and 400 as problem+json.
 */
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=query-service", "spring.profiles.active=" + TestTokens.PROFILE})
class MovementCatalogueApiTest {

    static final String DB = Infrastructure.uniqueName("catalogue_api");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", Infrastructure::mongoUri);
        registry.add("thidua.mongodb.database", () -> DB);
        registry.add("thidua.kafka.bootstrap-servers", Infrastructure::kafkaBootstrap);
        registry.add("thidua.stream.topic", () -> DB);
        registry.add("thidua.stream.group", () -> DB);
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;
    Projection projection;

    @Autowired
    void projections(LiveProjections live) {
        projection = live.named(MovementCatalogueProjection.NAME);
    }
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    // ---- the catalogue: seven movements, codes in list order ----

    static final String ANNUAL_2018 = "PT-2018-01";
    static final String XUONG_GIANG = "PT-2018-02";
    static final String NONG_THON_MOI = "PT-2018-03";
    static final String DAI_HOI = "PT-2018-04";
    static final String HOA_GIAI = "PT-2018-05";
    static final String HO_TICH = "PT-2018-06";
    static final String TUOI_TRE = "PT-2018-07";

    static List<DomainEvent> movement(String id, String title, MovementKind kind, boolean closed) {
        MovementHistory history = MovementHistory.of(id)
                .then(MovementHistory.registered(id, title, kind))
                .then(MovementHistory.keyTask(id, 1))
                .then(MovementHistory.enrolled(id, 1));
        if (closed) {
            history.then(MovementHistory.closed(id));
        }
        return history.events();
    }

    /** Applied before every test: the projection is idempotent, so after the first time this writes nothing. */
    @BeforeEach
    void catalogue() {
        List<DomainEvent> events = new ArrayList<>();
        events.addAll(movement(ANNUAL_2018, "Toàn ngành Tư pháp thi đua năm 2018", MovementKind.ANNUAL, false));
        events.addAll(movement(XUONG_GIANG, "Xây dựng phường Xương Giang đạt chuẩn tiếp cận pháp luật", MovementKind.THEMATIC, true));
        events.addAll(movement(NONG_THON_MOI, "Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới", MovementKind.MULTI_YEAR, false));
        events.addAll(movement(DAI_HOI, "Đợt thi đua cao điểm chào mừng Đại hội Đảng bộ tỉnh", MovementKind.PERIODIC, true));
        events.addAll(movement(HOA_GIAI, "Hòa giải ở cơ sở tại Xương Giang và Đa Mai", MovementKind.THEMATIC, false));
        events.addAll(movement(HO_TICH, "Cải cách hành chính trong công tác hộ tịch", MovementKind.ANNUAL, false));
        events.addAll(movement(TUOI_TRE, "Tuổi trẻ ngành Tư pháp thi đua lập nghiệp", MovementKind.THEMATIC, false));
        projection.apply(events);
    }

    // ---- plumbing ----

    /** As an analyst: the catalogue is the same for every role. */
    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                        .header("Authorization", TestTokens.bearer(TestTokens.token(Role.ANALYST))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).as("%s: %s", pathAndQuery, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return json.readTree(response.body());
    }

    JsonNode problem(String pathAndQuery, int status) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).as("%s: %s", pathAndQuery, response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }

    static String list(String query) {
        return "/api/v1/reports/movements" + (query.isEmpty() ? "" : "?" + query);
    }

    static String search(String q) {
        return list("q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    }

    static List<String> codes(JsonNode page) {
        List<String> codes = new ArrayList<>();
        page.get("items").forEach(item -> codes.add(item.get("code").asText()));
        return codes;
    }

    // ---- 200: the list ----

    @Test
    void the_list_pages_through_every_movement_in_code_order_with_totals() throws Exception {
        JsonNode first = ok(list("size=3"));
        assertThat(codes(first)).containsExactly(ANNUAL_2018, XUONG_GIANG, NONG_THON_MOI);
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(3);
        assertThat(first.get("totalItems").asLong()).isEqualTo(7);
        assertThat(first.get("totalPages").asLong()).isEqualTo(3);

        assertThat(codes(ok(list("size=3&page=1")))).containsExactly(DAI_HOI, HOA_GIAI, HO_TICH);
        assertThat(codes(ok(list("size=3&page=2")))).containsExactly(TUOI_TRE);

        JsonNode beyond = ok(list("size=3&page=3"));
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("totalItems").asLong()).isEqualTo(7);
    }

    @Test
    void the_list_is_the_first_page_of_twenty_by_default_and_allows_two_hundred() throws Exception {
        JsonNode page = ok(list(""));
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(20);
        assertThat(page.get("totalPages").asLong()).isEqualTo(1);
        assertThat(codes(page)).hasSize(7);

        assertThat(ok(list("size=200")).get("items")).hasSize(7);
    }

    @Test
    void list_items_show_the_catalogue_and_hide_the_internal_fields() throws Exception {
        JsonNode item = ok(list("size=1")).get("items").get(0);
        assertThat(item.get("code").asText()).isEqualTo(ANNUAL_2018);
        assertThat(item.get("title").asText()).isEqualTo("Toàn ngành Tư pháp thi đua năm 2018");
        assertThat(item.get("kind").asText()).isEqualTo("ANNUAL");
        assertThat(item.get("status").asText()).isEqualTo("OPEN");
        assertThat(item.has("_id")).isFalse();
        assertThat(item.has("titleFolded")).isFalse();
    }

    @Test
    void the_list_filters_by_kind() throws Exception {
        JsonNode thematic = ok(list("kind=THEMATIC"));
        assertThat(codes(thematic)).containsExactly(XUONG_GIANG, HOA_GIAI, TUOI_TRE);
        assertThat(thematic.get("totalItems").asLong()).isEqualTo(3);
        assertThat(codes(ok(list("kind=MULTI_YEAR")))).containsExactly(NONG_THON_MOI);
    }

    @Test
    void the_list_filters_by_status() throws Exception {
        assertThat(codes(ok(list("status=CLOSED")))).containsExactly(XUONG_GIANG, DAI_HOI);
        assertThat(ok(list("status=OPEN")).get("totalItems").asLong()).isEqualTo(5);
    }

    @Test
    void filters_combine_and_the_totals_count_only_what_matches() throws Exception {
        JsonNode page = ok(list("kind=THEMATIC&status=OPEN&size=1"));
        assertThat(codes(page)).containsExactly(HOA_GIAI);
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
        assertThat(page.get("totalPages").asLong()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xuong giang", "XƯƠNG GIANG", "Xương Giang", "  xương   GIANG ", "xUoNg"})
    void the_search_ignores_diacritics_case_and_spacing(String q) throws Exception {
        assertThat(codes(ok(search(q)))).containsExactly(XUONG_GIANG, HOA_GIAI);
    }

    @ParameterizedTest
    @ValueSource(strings = {"da mai", "Đa Mai", "đa mai", "ĐA MAI"})
    void the_search_reads_đ_as_d(String q) throws Exception {
        assertThat(codes(ok(search(q)))).containsExactly(HOA_GIAI);
    }

    @Test
    void the_search_combines_with_the_filters() throws Exception {
        assertThat(codes(ok(list("status=CLOSED&q=" + URLEncoder.encode("xương giang", StandardCharsets.UTF_8)))))
                .containsExactly(XUONG_GIANG);
        assertThat(codes(ok(list("q=dai+hoi+dang+bo")))).containsExactly(DAI_HOI);
    }

    @Test
    void the_search_is_text_not_a_pattern() throws Exception {
        assertThat(ok(search(".*")).get("totalItems").asLong()).isZero();
        assertThat(ok(search("(")).get("totalItems").asLong()).isZero();
    }

    // ---- 200: one movement ----

    @Test
    void the_detail_shows_the_movement_with_its_plan_key_tasks_and_units() throws Exception {
        JsonNode movement = ok("/api/v1/reports/movements/" + XUONG_GIANG);

        assertThat(movement.get("code").asText()).isEqualTo(XUONG_GIANG);
        assertThat(movement.get("title").asText()).isEqualTo("Xây dựng phường Xương Giang đạt chuẩn tiếp cận pháp luật");
        assertThat(movement.get("kind").asText()).isEqualTo("THEMATIC");
        assertThat(movement.get("status").asText()).isEqualTo("CLOSED");
        assertThat(movement.get("periodStart").asText()).isEqualTo("2018-01-01");
        assertThat(movement.get("launchingPlan").get("number").asText()).isEqualTo("02/KH-STP");
        assertThat(movement.get("legalBasis").get(0).get("kind").asText()).isEqualTo("QD");
        JsonNode task = movement.get("keyTasks").get(0);
        assertThat(task.get("taskNo").asInt()).isEqualTo(1);
        assertThat(task.get("indicators").get(0).get("target").isNumber()).isTrue();
        assertThat(task.get("indicators").get(0).get("target").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(movement.get("enrolledUnits").get(0).get("unitId").asText()).isEqualTo("PTP-001");
        assertThat(movement.get("closedOn").asText()).isEqualTo("2018-12-28");
        assertThat(movement.get("registeredAt").asText()).isEqualTo("2018-01-09T01:30:00Z");
        assertThat(movement.get("registeredBy").asText()).isEqualTo(MovementHistory.SUBJECT);
        assertThat(movement.get("version").asLong()).isEqualTo(3);
        assertThat(movement.has("_id")).isFalse();
        assertThat(movement.has("titleFolded")).isFalse();
    }

    // ---- 404 ----

    @Test
    void an_unknown_movement_answers_404_as_problem_json() throws Exception {
        JsonNode problem = problem("/api/v1/reports/movements/KHONG-CO", 404);

        assertThat(problem.get("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/not-found");
        assertThat(problem.get("detail").asText()).contains("KHONG-CO");
    }

    // ---- 400 ----

    @ParameterizedTest
    @ValueSource(strings = {"size=201", "size=0", "page=-1", "kind=YEARLY", "kind=thematic", "status=ARCHIVED"})
    void an_invalid_list_parameter_answers_400_as_problem_json(String query) throws Exception {
        JsonNode problem = problem(list(query), 400);

        assertThat(problem.get("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
        assertThat(problem.get("detail").asText()).contains(query.substring(0, query.indexOf('=')));
    }

    @Test
    void a_search_longer_than_two_hundred_characters_answers_400() throws Exception {
        assertThat(problem(search("x".repeat(201)), 400).get("type").asText()).endsWith("/invalid-request");
    }

    @Test
    void a_page_that_is_not_a_number_answers_400() throws Exception {
        JsonNode problem = problem(list("page=abc"), 400);

        assertThat(problem.get("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
        assertThat(problem.get("detail").asText()).contains("page");
    }

    @Test
    void a_movement_code_longer_than_forty_characters_answers_400() throws Exception {
        assertThat(problem("/api/v1/reports/movements/" + "X".repeat(41), 400).get("type").asText())
                .endsWith("/invalid-request");
    }
}
