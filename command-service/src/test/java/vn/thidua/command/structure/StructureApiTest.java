package vn.thidua.command.structure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.thidua.command.CommandServiceApplication;
import vn.thidua.testing.Infrastructure;
import vn.thidua.command.testing.TestTokens;
import vn.thidua.eventlog.store.MongoCommitLog;
import vn.thidua.reference.ReferenceData;
import vn.thidua.security.Role;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 2025 reform over HTTP, in a database of its own (the register is the deployment's: the other API tests keep the
 * shipped lists): bad files refused with their lines and nothing stored, the Ministry importing the merged Bắc Ninh,
 * then commands on both sides of 1 July 2025.
 */
@ActiveProfiles("local")
@SpringBootTest(classes = CommandServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=command-service", "thidua.security.failed-authentications-per-minute=100000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StructureApiTest {

    static final String DB = "command_structure";
    static final String VERSIONS = "/api/v1/structure/provinces/%s/versions";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", Infrastructure::mongoUri);
        registry.add("thidua.mongodb.database", () -> DB);
        registry.add("thidua.kafka.bootstrap-servers", Infrastructure::kafkaBootstrap);
        registry.add("thidua.publication.topic", () -> DB);
        registry.add("thidua.security.jwt.local-key-dir", () -> TestTokens.keyDirectory().toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    final HttpClient http = HttpClient.newHttpClient();
    MongoClient mongo;

    @BeforeAll
    void connect() {
        mongo = MongoClients.create(Infrastructure.mongoUri());
    }

    @AfterAll
    void disconnect() {
        mongo.close();
    }

    long storedCommits() {
        return mongo.getDatabase(DB).getCollection(MongoCommitLog.COLLECTION).countDocuments(Filters.ne("gap", true));
    }

    static String admin(String province) {
        return TestTokens.token("thi-dua-" + province.toLowerCase(), Role.PROVINCE_ADMIN, null, province);
    }

    HttpResponse<String> post(String path, String body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String importBody(String list, String csv) throws Exception {
        return json.writeValueAsString(Map.of("list", list, "source", "NQ 1658/NQ-UBTVQH15", "csv", csv));
    }

    HttpResponse<String> importShipped(String province, String list, String file, String token) throws Exception {
        return post(VERSIONS.formatted(province), importBody(list, ReferenceData.shippedText(file)), token);
    }

    @Test
    @Order(1)
    void a_file_with_wrong_lines_is_refused_with_each_line_and_reason_and_nothing_is_stored() throws Exception {
        long before = storedCommits();
        String csv = ReferenceData.shippedText("admin-units-bac-ninh-2025-07-01.csv")
                .replace("07210,Phường Bắc Giang,phuong,24,", "07210,Phường Bắc Giang,phuong,213,")
                .replace("07228,Phường Đa Mai,phuong,24,2025-07-01,07687", "07228,Phường Đa Mai,phuong,24,2025-07-01,99999 07687");
        HttpResponse<String> r = post(VERSIONS.formatted("24"), importBody("ADMIN_UNITS", csv), admin("BTP"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
        assertThat(problem.path("rule").asText()).isEqualTo("structure-refused");
        assertThat(problem.path("errors").findValuesAsText("line")).contains("3", "4");
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("csv");
        assertThat(r.body()).contains("unknown parent 213", "formed from 99999, which the register does not know",
                "formed from 27");
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    @Order(2)
    void a_file_that_does_not_read_is_refused_before_anything_is_checked() throws Exception {
        long before = storedCommits();
        HttpResponse<String> r = post(VERSIONS.formatted("24"), importBody("ADMIN_UNITS",
                "code,name\n24,Tỉnh Bắc Ninh\n"), admin("24"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json.readTree(r.body()).path("errors").get(0).path("line").asInt()).isEqualTo(1);
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void the_ministry_imports_the_old_bac_ninh_and_the_merged_province_and_another_province_may_not() throws Exception {
        assertThat(importShipped("27", "ADMIN_UNITS", "admin-units-bac-ninh-27-2024-12-01.csv", admin("27")).statusCode())
                .isEqualTo(201);
        long before = storedCommits();
        HttpResponse<String> refused = importShipped("24", "ADMIN_UNITS", "admin-units-bac-ninh-2025-07-01.csv", admin("19"));
        assertThat(refused.statusCode()).isEqualTo(403);
        HttpResponse<String> byTheProvince = importShipped("24", "ADMIN_UNITS", "admin-units-bac-ninh-2025-07-01.csv", admin("24"));
        assertThat(byTheProvince.statusCode()).as("formed from province 27's units: the Ministry's to import").isEqualTo(403);
        assertThat(storedCommits()).isEqualTo(before);
        HttpResponse<String> imported = importShipped("24", "ADMIN_UNITS", "admin-units-bac-ninh-2025-07-01.csv", admin("BTP"));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        JsonNode answer = json.readTree(imported.body());
        assertThat(answer.path("effectiveFrom").asText()).isEqualTo("2025-07-01");
        assertThat(answer.path("lines").asInt()).isEqualTo(100);
        assertThat(answer.path("contentSha256").asText()).hasSize(64);
        assertThat(importShipped("24", "UNITS", "units-bac-ninh-2025-07-01.csv", admin("24")).statusCode()).isEqualTo(201);
        HttpResponse<String> again = importShipped("24", "ADMIN_UNITS", "admin-units-bac-ninh-2025-07-01.csv", admin("BTP"));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("overlapping validity");
    }

    @Test
    @Order(4)
    void commands_on_both_sides_of_1_july_2025() throws Exception {
        String movement = "NTM-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        assertThat(post("/api/v1/movements", """
                {"code":"%s","title":"Xây dựng nông thôn mới 2021–2026","kind":"MULTI_YEAR","periodStart":"2021-01-01",
                 "periodEnd":"2026-12-31","launchingPlan":{"number":"15/KH-STP","kind":"KH","issuer":"Sở Tư pháp",
                 "issuedOn":"2021-01-10","title":"Kế hoạch (minh hoạ)"}}""".formatted(movement), admin("24")).statusCode())
                .isEqualTo(201);
        String assign = """
                {"unitId":"%s","decision":{"number":"7/QĐ-STP","issuedOn":"2021-02-01"},"supportFrom":"%s"}""";
        // the old ward, by a district office, before the reform; not after it
        assertThat(post("/api/v1/movements/" + movement + "/communes/07225/supporters",
                assign.formatted("PTP-213", "2024-03-01"), admin("24")).statusCode()).isEqualTo(201);
        HttpResponse<String> after = post("/api/v1/movements/" + movement + "/communes/07201/supporters",
                assign.formatted("PTP-213", "2025-07-01"), admin("24"));
        assertThat(after.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(after.body());
        assertThat(problem.path("rule").asText()).isEqualTo("commune-not-in-structure");
        // the new ward, by a division of the Department, after the reform
        assertThat(post("/api/v1/movements/" + movement + "/communes/07210/supporters",
                assign.formatted("STP-VP", "2025-07-01"), admin("24")).statusCode()).isEqualTo(201);
        HttpResponse<String> officeAfter = post("/api/v1/movements/" + movement + "/enrolments",
                "{\"unitId\":\"PTP-213\",\"enrolledOn\":\"2026-01-05\"}", admin("24"));
        assertThat(officeAfter.statusCode()).isEqualTo(400);
        assertThat(json.readTree(officeAfter.body()).path("rule").asText()).isEqualTo("unit-not-in-structure");
        assertThat(post("/api/v1/movements/" + movement + "/enrolments",
                "{\"unitId\":\"PTP-213\",\"enrolledOn\":\"2024-01-05\"}", admin("24")).statusCode()).isEqualTo(201);
    }
}
