package vn.thidua.command.movement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import vn.thidua.security.Role;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every status the movement endpoints return, over the real command bus, event store (the MongoDB-wire
 * server) and publisher: 201/202 for accepted commands, 400/404/409 as problem+json, and nothing stored
 * for a rejected command.
 */
@ActiveProfiles("local") // tokens signed with the test's local key (TestTokens)
@SpringBootTest(classes = CommandServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=command-service")
class MovementApiTest {

    static final String DB = "movement_api_" + UUID.randomUUID().toString().substring(0, 8);
    static MongoClient mongo;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", Infrastructure::mongoUri);
        registry.add("thidua.mongodb.database", () -> DB);
        registry.add("thidua.kafka.bootstrap-servers", Infrastructure::kafkaBootstrap);
        registry.add("thidua.publication.topic", () -> DB);
        registry.add("thidua.security.jwt.local-key-dir", () -> TestTokens.keyDirectory().toString());
    }

    @BeforeAll
    static void connect() {
        mongo = MongoClients.create(Infrastructure.mongoUri());
    }

    @AfterAll
    static void disconnect() {
        mongo.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    final HttpClient http = HttpClient.newHttpClient();

    static String registration(String code) {
        return """
                {"code":"%s","title":"Toàn ngành Tư pháp thi đua năm 2018","kind":"ANNUAL",
                 "periodStart":"2018-01-01","periodEnd":"2018-12-31",
                 "launchingPlan":{"number":"02/KH-STP","kind":"KH","issuer":"Sở Tư pháp tỉnh Bắc Giang",
                                  "issuedOn":"2018-01-09","title":"Kế hoạch phát động thi đua năm 2018"}}""".formatted(code);
    }

    static String keyTask(int no) {
        return """
                {"taskNo":%d,"title":"Nhiệm vụ %d (minh hoạ)",
                 "indicators":[{"code":"TT1","name":"Tỷ lệ hoàn thành","unitOfMeasure":"%%","target":100}]}""".formatted(no, no);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.token("can-bo-thi-dua", Role.PROVINCE_ADMIN, "STP-VP"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    long storedCommits() {
        return mongo.getDatabase(DB).getCollection(MongoCommitLog.COLLECTION).countDocuments(com.mongodb.client.model.Filters.ne("gap", true));
    }

    String newCode() {
        return "PT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    JsonNode problem(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        return json.readTree(response.body());
    }

    @Test
    void registering_a_movement_answers_201_with_its_location() throws Exception {
        String code = newCode();
        HttpResponse<String> response = post("/api/v1/movements", registration(code));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/v1/movements/" + code));
        assertThat(json.readTree(response.body()).get("movementId").asText()).isEqualTo(code);
    }

    @Test
    void registering_the_same_code_twice_answers_409_and_stores_nothing_more() throws Exception {
        String code = newCode();
        assertThat(post("/api/v1/movements", registration(code)).statusCode()).isEqualTo(201);
        long before = storedCommits();
        HttpResponse<String> again = post("/api/v1/movements", registration(code));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(problem(again).get("rule").asText()).isEqualTo("movement-already-registered");
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    void a_registration_without_title_answers_400_naming_the_field() throws Exception {
        long before = storedCommits();
        HttpResponse<String> response = post("/api/v1/movements", registration(newCode()).replace(
                "\"title\":\"Toàn ngành Tư pháp thi đua năm 2018\",", ""));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = problem(response);
        assertThat(problem.get("type").asText()).endsWith("/invalid-request");
        assertThat(problem.get("errors").findValuesAsText("field")).contains("title");
        assertThat(storedCommits()).isEqualTo(before);
    }

    @Test
    void a_period_that_ends_before_it_starts_answers_400() throws Exception {
        HttpResponse<String> response = post("/api/v1/movements", registration(newCode())
                .replace("\"periodEnd\":\"2018-12-31\"", "\"periodEnd\":\"2017-12-31\""));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problem(response).get("rule").asText()).isEqualTo("period-reversed");
    }

    @Test
    void an_unknown_field_answers_400() throws Exception {
        HttpResponse<String> response = post("/api/v1/movements", registration(newCode()).replace("{\"code\"", "{\"status\":\"CLOSED\",\"code\""));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problem(response).get("detail").asText()).contains("status");
    }

    @Test
    void malformed_json_answers_400() throws Exception {
        HttpResponse<String> response = post("/api/v1/movements", "{\"code\": ");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problem(response).get("type").asText()).endsWith("/malformed-body");
    }

    @Test
    void a_key_task_for_an_unknown_movement_answers_404() throws Exception {
        HttpResponse<String> response = post("/api/v1/movements/KHONG-CO/key-tasks", keyTask(1));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(problem(response).get("type").asText()).endsWith("/not-found");
    }

    @Test
    void a_key_task_is_defined_once_per_number() throws Exception {
        String code = newCode();
        post("/api/v1/movements", registration(code));
        HttpResponse<String> first = post("/api/v1/movements/" + code + "/key-tasks", keyTask(1));
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/key-tasks/1"));
        HttpResponse<String> second = post("/api/v1/movements/" + code + "/key-tasks", keyTask(1));
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(problem(second).get("rule").asText()).isEqualTo("key-task-number-taken");
    }

    @Test
    void enrolment_answers_201_then_409_for_the_same_unit() throws Exception {
        String code = newCode();
        post("/api/v1/movements", registration(code));
        String enrolment = "{\"unitId\":\"PTP-213\",\"enrolledOn\":\"2018-02-01\",\"pledgedTitle\":\"Tập thể lao động xuất sắc\"}";
        assertThat(post("/api/v1/movements/" + code + "/enrolments", enrolment).statusCode()).isEqualTo(201);
        HttpResponse<String> again = post("/api/v1/movements/" + code + "/enrolments", enrolment);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(problem(again).get("rule").asText()).isEqualTo("unit-already-enrolled");
    }

    @Test
    void closing_answers_202_and_a_closed_movement_refuses_changes_with_409() throws Exception {
        String code = newCode();
        post("/api/v1/movements", registration(code));
        HttpResponse<String> close = post("/api/v1/movements/" + code + "/closure", "{\"closedOn\":\"2018-12-31\",\"summary\":\"Tổng kết\"}");
        assertThat(close.statusCode()).isEqualTo(202);
        long before = storedCommits();
        HttpResponse<String> task = post("/api/v1/movements/" + code + "/key-tasks", keyTask(1));
        assertThat(task.statusCode()).isEqualTo(409);
        assertThat(problem(task).get("rule").asText()).isEqualTo("movement-closed");
        assertThat(storedCommits()).isEqualTo(before);
    }
}
