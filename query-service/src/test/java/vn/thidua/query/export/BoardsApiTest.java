package vn.thidua.query.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.result.IndicatorValue;
import vn.thidua.events.result.TaskResultApproved;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.events.support.AssignmentDecision;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.CriterionScores;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.events.support.SupportActivityType;
import vn.thidua.projection.Projection;
import vn.thidua.projection.generation.LiveProjections;
import vn.thidua.projection.testing.AggregateStream;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;
import vn.thidua.query.QueryServiceApplication;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.support.TestTokens;
import vn.thidua.query.supportboard.SupportBoardProjection;
import vn.thidua.query.taskboard.TaskResultsProjection;
import vn.thidua.security.Role;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both boards over HTTP: JSON pages with totals, filters and search; 400/404 problems; CSV (BOM, Vietnamese headers,
 * filters, currency instant) and XLSX (headers, Vietnamese intact, numbers as numbers).
 */
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=query-service", "spring.profiles.active=" + TestTokens.PROFILE})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoardsApiTest {

    static final String DB = Infrastructure.uniqueName("boards_api");
    static final String NTM = "NTM-2016-2020";
    static final String TD = "TD-2018";

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
    Projection catalogue;
    Projection supportBoard;
    Projection taskResults;

    @Autowired
    void projections(LiveProjections live) {
        catalogue = live.named(MovementCatalogueProjection.NAME);
        supportBoard = live.named(SupportBoardProjection.NAME);
        taskResults = live.named(TaskResultsProjection.NAME);
    }
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void history() {
        catalogue.apply(MovementHistory.of(NTM).then(MovementHistory.registered(NTM, "Ngành Tư pháp chung sức xây dựng nông thôn mới",
                MovementKind.MULTI_YEAR)).events());
        catalogue.apply(MovementHistory.generated(TD, "Toàn ngành Tư pháp thi đua năm 2018", MovementKind.ANNUAL, 3, false));
        supportBoard.apply(AggregateStream.of("CommuneSupport", NTM + "~07225")
                .then(new CommuneSupportAssigned(NTM, "07225", "PTP-213", new AssignmentDecision("125/QĐ-STP", LocalDate.of(2017, 3, 15)),
                        LocalDate.of(2017, 4, 1), false))
                .then(new SupportActivityRecorded(NTM, "07225", "PTP-213", "a1", SupportActivityType.MEDIATOR_TRAINING,
                        LocalDate.of(2018, 5, 12), 42, "Tập huấn hòa giải viên"))
                .then(new CommuneCriterionAssessed(NTM, "07225", 2018, new CriterionScores(new BigDecimal("14"), new BigDecimal("27.5"),
                        new BigDecimal("22"), new BigDecimal("9"), new BigDecimal("18")), new BigDecimal("90.5"), true, true,
                        "QD619-2017/v1", LocalDate.of(2018, 12, 10), null))
                .events());
        String id = TD + "~1~PTP-001~2018-Q1";
        taskResults.apply(AggregateStream.of("TaskResult", id)
                .then(new TaskResultRecorded(id, TD, 1, "PTP-001", "2018-Q1", List.of(new IndicatorValue("TT1", new BigDecimal("1.5")),
                        new IndicatorValue("TT2", new BigDecimal("10"))), "Báo cáo quý I"))
                .then(new TaskResultApproved(id, TD, 1, "PTP-001", "2018-Q1", "Đạt"))
                .events());
    }

    /** As the province's office, which reads every unit's rows. */
    HttpResponse<byte[]> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", accept)
                        .header("Authorization", TestTokens.bearer(TestTokens.token(Role.PROVINCE_ADMIN))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<byte[]> r = get(path, "application/json");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return json.readTree(r.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void the_support_board_pages_every_commune_with_totals_and_finds_names_without_diacritics() throws Exception {
        JsonNode page = getJson("/api/v1/reports/communes?movementId=" + NTM + "&size=20");
        assertThat(page.path("totalItems").asInt()).isEqualTo(230);
        assertThat(page.path("items")).hasSize(20);
        assertThat(page.path("province").path("communesSupported").asInt()).isEqualTo(1);
        assertThat(page.path("province").path("activities").asInt()).isEqualTo(1);
        assertThat(page.path("districts")).as("the totals of the districts on the page").hasSize(2);
        assertThat(page.path("districts").get(0).path("districtCode").asText()).isEqualTo("213");
        assertThat(page.path("districts").get(0).path("communes").asInt()).isEqualTo(16);
        assertThat(page.path("districts").get(0).path("communesSupported").asInt()).isEqualTo(1);
        assertThat(page.path("currentTo").asText()).isNotBlank();
        for (String q : List.of("xuong giang", "XƯƠNG GIANG")) {
            JsonNode found = getJson("/api/v1/reports/communes?movementId=" + NTM + "&q=" + enc(q));
            assertThat(found.path("items")).hasSize(1);
            JsonNode row = found.path("items").get(0);
            assertThat(row.path("communeName").asText()).isEqualTo("Phường Xương Giang");
            assertThat(row.path("activeSupporters").get(0).asText()).isEqualTo("PTP-213");
            assertThat(row.path("assessments").get(0).path("total").decimalValue()).isEqualByComparingTo("90.5");
        }
        JsonNode yenThe = getJson("/api/v1/reports/communes?movementId=" + NTM + "&district=215&page=1&size=20");
        assertThat(yenThe.path("totalItems").asInt()).isEqualTo(21);
        assertThat(yenThe.path("items")).hasSize(1);
    }

    @Test
    void the_key_task_board_ranks_units_and_explains_its_rule() throws Exception {
        JsonNode board = getJson("/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q1");
        assertThat(board.path("rankingRule").asText()).contains("share a rank");
        assertThat(board.path("tasks")).hasSize(8);
        assertThat(board.path("items")).hasSize(3);
        JsonNode first = board.path("items").get(0);
        assertThat(first.path("unitId").asText()).isEqualTo("PTP-001");
        assertThat(first.path("rank").asInt()).isEqualTo(1);
        // task 1 of 8: TT1 1.5 of target 1.5, TT2 10 of target 10 → task 1 complete, the unit 1/8
        assertThat(first.path("completion").decimalValue()).isEqualByComparingTo("0.125");
        assertThat(board.path("items").get(1).path("rank").asInt()).isEqualTo(2);
        assertThat(board.path("items").get(2).path("rank").asInt()).as("a tie at 0").isEqualTo(2);
    }

    @Test
    void unit_names_are_searched_without_diacritics_or_case_on_the_key_task_board() throws Exception {
        catalogue.apply(MovementHistory.of("TD-TEN").then(MovementHistory.registered("TD-TEN", "Thi đua", MovementKind.ANNUAL))
                .then(new vn.thidua.events.movement.UnitEnrolled("TD-TEN", "PTP-213", LocalDate.of(2018, 2, 1), null, null))
                .then(new vn.thidua.events.movement.UnitEnrolled("TD-TEN", "PTP-215", LocalDate.of(2018, 2, 1), null, null))
                .events());
        for (String q : List.of("thanh pho bac giang", "THÀNH PHỐ BẮC GIANG")) {
            JsonNode found = getJson("/api/v1/reports/key-tasks?movementId=TD-TEN&period=2018-Q1&q=" + enc(q));
            assertThat(found.path("items")).as(q).hasSize(1);
            assertThat(found.path("items").get(0).path("unitName").asText()).isEqualTo("Phòng Tư pháp thành phố Bắc Giang");
        }
    }

    @Test
    void bad_filters_are_400_and_an_unknown_movement_404_as_problems() throws Exception {
        for (String path : List.of("/api/v1/reports/communes?movementId=" + NTM + "&district=21",
                "/api/v1/reports/communes?movementId=" + NTM + "&size=201",
                "/api/v1/reports/communes?movementId=" + NTM + "&status=MAYBE",
                "/api/v1/reports/communes",
                "/api/v1/reports/key-tasks?movementId=" + TD + "&period=Q1-2018",
                "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018&counted=ALL")) {
            HttpResponse<byte[]> r = get(path, "application/json");
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        }
        HttpResponse<byte[]> unknown = get("/api/v1/reports/key-tasks?movementId=KHONG-CO&period=2018", "application/json");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void the_csv_export_is_utf8_with_a_bom_vietnamese_headers_the_filters_and_the_instant() throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/reports/communes?movementId=" + NTM + "&district=213", "text/csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).contains("attachment", ".csv"));
        byte[] body = r.body();
        assertThat(body[0]).isEqualTo((byte) 0xEF);
        assertThat(body[1]).isEqualTo((byte) 0xBB);
        assertThat(body[2]).isEqualTo((byte) 0xBF);
        List<String> lines = new String(body, 3, body.length - 3, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).startsWith("Bảng theo dõi giúp đỡ xã xây dựng nông thôn mới");
        assertThat(lines.get(1)).contains("Bộ lọc", "movementId=" + NTM, "district=213");
        assertThat(lines.get(2)).startsWith("Dữ liệu tính đến,20");
        assertThat(lines.get(4)).startsWith("Mã xã,Tên xã,Mã huyện,Huyện,Đơn vị giúp đỡ");
        assertThat(lines.subList(5, lines.size())).hasSize(16);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("07225,Phường Xương Giang,213,Thành phố Bắc Giang,Phòng Tư pháp thành phố Bắc Giang"));
    }

    @Test
    void the_xlsx_export_keeps_vietnamese_text_and_numbers_as_numbers() throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q1",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(r.statusCode()).isEqualTo(200);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
            Sheet sheet = book.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).startsWith("Bảng theo dõi nhiệm vụ trọng tâm");
            assertThat(sheet.getRow(2).getCell(0).getStringCellValue()).isEqualTo("Dữ liệu tính đến");
            Row header = sheet.getRow(4);
            assertThat(header.getCell(0).getStringCellValue()).isEqualTo("Xếp hạng");
            assertThat(header.getCell(2).getStringCellValue()).isEqualTo("Tên đơn vị");
            Row first = sheet.getRow(5);
            assertThat(first.getCell(0).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(first.getCell(0).getNumericCellValue()).isEqualTo(1.0);
            assertThat(first.getCell(5).getStringCellValue()).isEqualTo("Đã duyệt");
            assertThat(first.getCell(8).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(first.getCell(8).getNumericCellValue()).isEqualTo(1.5);
            assertThat(sheet.getLastRowNum()).as("3 units × 8 tasks after 5 heading rows").isEqualTo(4 + 24);
        }
    }
}
