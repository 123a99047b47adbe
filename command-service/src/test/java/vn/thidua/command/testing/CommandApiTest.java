package vn.thidua.command.testing;

import vn.thidua.testing.Infrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.thidua.command.CommandServiceApplication;
import vn.thidua.eventlog.store.MongoCommitLog;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the HTTP tests of the command endpoints: one command-service (one Spring context, shared by every
 * subclass) over the real command bus, event store on the MongoDB-wire server, and publisher to the Kafka broker.
 */
@ActiveProfiles("local") // tokens signed with the test's local key (TestTokens)
@SpringBootTest(classes = CommandServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=command-service", "thidua.idempotency.wait=3s",
                "thidua.publication.checkpoint-interval=1s",
                // every test calls from this host, and the authorization matrix alone sends ~80 refused tokens a
                // minute: the per-address limit of failed authentications has its own test (query-service)
                "thidua.security.failed-authentications-per-minute=100000",
                // as in production (Spring Boot's tests turn metrics export off): the operators' scrape endpoint
                "management.prometheus.metrics.export.enabled=true"})
public abstract class CommandApiTest {

    public static final String DB = "command_api";
    private static MongoClient mongo;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", Infrastructure::mongoUri);
        registry.add("thidua.mongodb.database", () -> DB);
        registry.add("thidua.kafka.bootstrap-servers", Infrastructure::kafkaBootstrap);
        registry.add("thidua.publication.topic", () -> DB);
        registry.add("thidua.publication.checkpoint-topic", () -> DB + ".checkpoints");
        registry.add("thidua.security.jwt.local-key-dir", () -> TestTokens.keyDirectory().toString());
        // the checkpoint signing key, as the local stack has it: created on first start, in a file
        registry.add("thidua.integrity.signing-key", () -> TestTokens.keyDirectory().resolve("checkpoint-signing.pem").toString());
        registry.add("thidua.integrity.generate-signing-key", () -> "true");
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
    protected int port;
    @Autowired
    protected ObjectMapper json;
    protected final HttpClient http = HttpClient.newHttpClient();

    /** A province administrator (sent as a bearer token, see {@link TestTokens#asBearer}). */
    protected static final Map<String, String> ADMIN = Map.of("X-Subject", "can-bo-thi-dua", "X-Role", "PROVINCE_ADMIN",
            "X-Unit-Id", "STP-VP");

    protected static Map<String, String> reporter(String unitId) {
        return Map.of("X-Subject", "bao-cao-" + unitId.toLowerCase(), "X-Role", "UNIT_REPORTER", "X-Unit-Id", unitId);
    }

    /** An auditor (reads the log, writes nothing). */
    protected static final Map<String, String> AUDITOR = Map.of("X-Subject", "kiem-toan", "X-Role", "AUDITOR");

    protected HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        TestTokens.asBearer(headers).forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, ADMIN);
    }

    protected HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        TestTokens.asBearer(headers).forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }

    protected MongoCollection<Document> events() {
        return mongo.getDatabase(DB).getCollection(MongoCommitLog.COLLECTION);
    }

    protected MongoCollection<Document> collection(String name) {
        return mongo.getDatabase(DB).getCollection(name);
    }

    protected com.mongodb.client.MongoDatabase database() {
        return mongo.getDatabase(DB);
    }

    protected long storedCommits() {
        return events().countDocuments(Filters.ne("gap", true));
    }

    /** The stored events of one aggregate, in order: each as {type (simple name), payload, metadata}. */
    protected List<Map<String, JsonNode>> streamOf(String aggregateId) throws Exception {
        List<Map<String, JsonNode>> stream = new ArrayList<>();
        for (Document commit : events().find(Filters.eq("aggregateId", aggregateId)).sort(new Document("firstSeq", 1))) {
            for (Document e : commit.getList("events", Document.class)) {
                String type = e.getString("type");
                stream.add(Map.of("type", json.getNodeFactory().textNode(type.substring(type.lastIndexOf('.') + 1)),
                        "payload", json.readTree(e.getString("payload")),
                        "metadata", json.readTree(e.getString("metadata"))));
            }
        }
        return stream;
    }

    protected JsonNode problem(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        return json.readTree(response.body());
    }

    protected JsonNode body(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    protected static String newCode(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    // ---- movements to work in ----

    protected String registerMovement(String kind, String start, String end) throws Exception {
        String code = newCode(kind.equals("MULTI_YEAR") ? "NTM" : "TD");
        HttpResponse<String> r = post("/api/v1/movements", """
                {"code":"%s","title":"Phong trào thử nghiệm","kind":"%s","periodStart":"%s","periodEnd":"%s",
                 "launchingPlan":{"number":"02/KH-STP","kind":"KH","issuer":"Sở Tư pháp tỉnh Bắc Giang",
                                  "issuedOn":"2018-01-09","title":"Kế hoạch phát động thi đua năm 2018"}}"""
                .formatted(code, kind, start, end));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return code;
    }

    protected void defineTask(String movement, int no, String... indicatorCodes) throws Exception {
        StringBuilder indicators = new StringBuilder();
        for (String c : indicatorCodes) {
            indicators.append(indicators.isEmpty() ? "" : ",").append("""
                    {"code":"%s","name":"Chỉ tiêu %s","unitOfMeasure":"%%","target":100}""".formatted(c, c));
        }
        HttpResponse<String> r = post("/api/v1/movements/" + movement + "/key-tasks", """
                {"taskNo":%d,"title":"Nhiệm vụ %d (minh hoạ)","indicators":[%s]}""".formatted(no, no, indicators));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    protected void enrol(String movement, String unit) throws Exception {
        HttpResponse<String> r = post("/api/v1/movements/" + movement + "/enrolments",
                "{\"unitId\":\"%s\",\"enrolledOn\":\"2018-02-01\"}".formatted(unit));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
