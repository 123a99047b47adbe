package vn.thidua.query.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.result.IndicatorValue;
import vn.thidua.events.result.TaskResultApproved;
import vn.thidua.events.result.TaskResultCorrected;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.events.result.TaskResultReturned;
import vn.thidua.events.support.AssignmentDecision;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.CommuneSupportEnded;
import vn.thidua.events.support.CriterionScores;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.events.support.SupportActivityType;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.testing.EventEnvelopes;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;
import vn.thidua.query.support.RunningQueryService;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit log over HTTP, fed as in production: envelopes produced to a real Kafka topic (three partitions,
 * so the log order is the projection's, not the topic's), consumed by the running query-service into the
 * MongoDB-wire server. Filters, paging, the item's shape, redelivery, and 400 as problem+json.
 */
class AuditLogApiTest {

    static final String TOPIC = Infrastructure.uniqueName("audit_events");
    static final String GROUP = Infrastructure.uniqueName("audit_group");
    static final String DB = Infrastructure.uniqueName("audit_api");

    /** Reads numbers as the service wrote them: a decimal keeps its digits and its scale. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    static EventEnvelopes producer;
    static RunningQueryService service;

    // ---- the log: a movement, two units' results of its first key task, a commune's support ----

    static final String MOVEMENT = "PT-NK-2018";
    static final String RESULT_1 = MOVEMENT + "~1~PTP-001~2018-Q1";
    static final String RESULT_2 = MOVEMENT + "~1~PTP-002~2018-Q1";
    static final String SUPPORT = "PT-NTM-2016~10351";
    static final String EVIDENCE = "Báo cáo số 15/BC-PTP của Phòng Tư pháp huyện Yên Dũng: đạt 87,25% kế hoạch";

    static Map<String, Object> province(String submission) {
        return Map.of("subject", "can-bo-thi-dua", "role", "PROVINCE_ADMIN", "submissionId", submission,
                "clientAddress", "10.0.0.1");
    }

    static Map<String, Object> unit(String unitId, String submission) {
        return Map.of("subject", "can-bo-" + unitId.toLowerCase(), "role", "UNIT_OFFICER", "unitId", unitId,
                "submissionId", submission, "idempotencyKey", "key-" + submission, "correlationId", "corr-" + submission,
                "clientAddress", "10.0.1.7");
    }

    static DomainEvent event(long position, int index, String type, String id, long sequence, String at,
                             Map<String, Object> metadata, Object payload) {
        return new DomainEvent(position, index, "evt-%d-%d".formatted(position, index), type, id, sequence,
                EventEnvelopes.REVISION, Instant.parse(at), metadata, payload);
    }

    /** Twelve events, in log order. */
    static final List<DomainEvent> LOG = List.of(
            event(101, 0, "Movement", MOVEMENT, 0, "2018-01-09T01:30:00Z", province("s1"),
                    MovementHistory.registered(MOVEMENT, "Toàn ngành Tư pháp thi đua năm 2018", MovementKind.ANNUAL)),
            event(102, 0, "Movement", MOVEMENT, 1, "2018-01-09T01:35:00Z", province("s2"),
                    MovementHistory.keyTask(MOVEMENT, 1)),
            event(103, 0, "Movement", MOVEMENT, 2, "2018-02-01T02:00:00Z", province("s3"),
                    MovementHistory.enrolled(MOVEMENT, 1)),
            event(104, 0, "TaskResult", RESULT_1, 0, "2018-04-05T03:00:00Z", unit("PTP-001", "s4"),
                    new TaskResultRecorded(RESULT_1, MOVEMENT, 1, "PTP-001", "2018-Q1",
                            List.of(new IndicatorValue("TT1", new BigDecimal("87.25")),
                                    new IndicatorValue("TT2", new BigDecimal("12"))), EVIDENCE)),
            event(105, 0, "TaskResult", RESULT_2, 0, "2018-04-06T03:00:00Z", unit("PTP-002", "s5"),
                    new TaskResultRecorded(RESULT_2, MOVEMENT, 1, "PTP-002", "2018-Q1",
                            List.of(new IndicatorValue("TT1", new BigDecimal("64.50"))), "Biên bản kiểm tra")),
            event(106, 0, "TaskResult", RESULT_1, 1, "2018-04-10T08:00:00Z", province("s6"),
                    new TaskResultReturned(RESULT_1, MOVEMENT, 1, "PTP-001", "2018-Q1", "Thiếu chỉ tiêu TT3")),
            event(107, 0, "TaskResult", RESULT_1, 2, "2018-04-12T08:00:00Z", unit("PTP-001", "s7"),
                    new TaskResultCorrected(RESULT_1, MOVEMENT, 1, "PTP-001", "2018-Q1",
                            List.of(new IndicatorValue("TT1", new BigDecimal("87.25")),
                                    new IndicatorValue("TT3", new BigDecimal("3"))), EVIDENCE, "Bổ sung TT3")),
            event(108, 0, "TaskResult", RESULT_1, 3, "2018-05-01T00:00:00Z", province("s8"),
                    new TaskResultApproved(RESULT_1, MOVEMENT, 1, "PTP-001", "2018-Q1", "")),
            event(109, 0, "CommuneSupport", SUPPORT, 0, "2018-05-02T02:00:00Z", province("s9"),
                    new CommuneSupportAssigned("PT-NTM-2016", "10351", "PTP-001",
                            new AssignmentDecision("125/QĐ-STP", LocalDate.of(2018, 5, 1)), LocalDate.of(2018, 5, 2), false)),
            event(110, 0, "CommuneSupport", SUPPORT, 1, "2018-06-15T02:00:00Z", unit("PTP-001", "s10"),
                    new SupportActivityRecorded("PT-NTM-2016", "10351", "PTP-001", "HD-01",
                            SupportActivityType.MEDIATOR_TRAINING, LocalDate.of(2018, 6, 14), 35,
                            "Tập huấn hòa giải viên thôn Đông")),
            event(110, 1, "CommuneSupport", SUPPORT, 2, "2018-06-15T02:00:00Z", unit("PTP-001", "s10"),
                    new CommuneCriterionAssessed("PT-NTM-2016", "10351", 2018,
                            new CriterionScores(new BigDecimal("14.5"), new BigDecimal("28"), new BigDecimal("22.75"),
                                    new BigDecimal("9"), new BigDecimal("18")),
                            new BigDecimal("92.25"), true, true, "619/2019-v1", LocalDate.of(2018, 6, 15), "Đạt chuẩn")),
            event(111, 0, "CommuneSupport", SUPPORT, 3, "2018-12-31T09:00:00Z", province("s11"),
                    new CommuneSupportEnded("PT-NTM-2016", "10351", "PTP-001", LocalDate.of(2018, 12, 31), "Hết nhiệm kỳ")));

    @BeforeAll
    static void start() {
        EventEnvelopes.createTopic(Infrastructure.kafkaBootstrap(), TOPIC, 3);
        producer = new EventEnvelopes(Infrastructure.kafkaBootstrap(), TOPIC);
        service = RunningQueryService.start(DB, TOPIC, GROUP);
        producer.publish(LOG);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode page = service.json(list(""));
            return page != null && page.get("totalItems").asLong() == LOG.size();
        });
    }

    @AfterAll
    static void stop() {
        service.close();
        producer.close();
    }

    // ---- plumbing ----

    static String list(String query) {
        return "/api/v1/audit/events" + (query.isEmpty() ? "" : "?" + query);
    }

    static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static JsonNode ok(String path) throws IOException {
        HttpResponse<String> response = service.get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    static JsonNode problem(String path, int status) throws IOException {
        HttpResponse<String> response = service.get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }

    /** The items of a page as {@code position-index}. */
    static List<String> places(JsonNode page) {
        List<String> places = new ArrayList<>();
        page.get("items").forEach(item -> places.add(item.get("position").asLong() + "-" + item.get("index").asInt()));
        return places;
    }

    // ---- 200: the whole log ----

    @Test
    void the_log_lists_every_event_in_log_order_fifty_to_a_page_by_default() throws IOException {
        JsonNode page = ok(list(""));

        assertThat(places(page)).containsExactly("101-0", "102-0", "103-0", "104-0", "105-0", "106-0", "107-0",
                "108-0", "109-0", "110-0", "110-1", "111-0");
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(50);
        assertThat(page.get("totalItems").asLong()).isEqualTo(12);
        assertThat(page.get("totalPages").asLong()).isEqualTo(1);
    }

    @Test
    void the_log_pages_through_the_events_with_totals() throws IOException {
        JsonNode first = ok(list("size=5"));
        assertThat(places(first)).containsExactly("101-0", "102-0", "103-0", "104-0", "105-0");
        assertThat(first.get("totalItems").asLong()).isEqualTo(12);
        assertThat(first.get("totalPages").asLong()).isEqualTo(3);

        assertThat(places(ok(list("size=5&page=1")))).containsExactly("106-0", "107-0", "108-0", "109-0", "110-0");
        assertThat(places(ok(list("size=5&page=2")))).containsExactly("110-1", "111-0");
        JsonNode beyond = ok(list("size=5&page=3"));
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("totalItems").asLong()).isEqualTo(12);
        assertThat(ok(list("size=200")).get("items")).hasSize(12);
    }

    @Test
    void an_item_shows_the_event_with_its_metadata_and_its_payload() throws IOException {
        JsonNode item = ok(list("size=1&page=3")).get("items").get(0);

        assertThat(item.get("position").asLong()).isEqualTo(104);
        assertThat(item.get("index").asInt()).isZero();
        assertThat(item.get("eventId").asText()).isEqualTo("evt-104-0");
        assertThat(item.get("aggregateType").asText()).isEqualTo("TaskResult");
        assertThat(item.get("aggregateId").asText()).isEqualTo(RESULT_1);
        assertThat(item.get("sequence").asLong()).isZero();
        assertThat(item.get("type").asText()).isEqualTo("TaskResultRecorded");
        assertThat(item.get("revision").asText()).isEqualTo("1");
        assertThat(item.get("timestamp").asText()).isEqualTo("2018-04-05T03:00:00Z");
        assertThat(JSON.convertValue(item.get("metadata"), new TypeReference<Map<String, String>>() {
        })).isEqualTo(Map.of(
                "subject", "can-bo-ptp-001", "role", "UNIT_OFFICER", "unitId", "PTP-001", "submissionId", "s4",
                "idempotencyKey", "key-s4", "correlationId", "corr-s4", "clientAddress", "10.0.1.7"));
        JsonNode payload = item.get("payload");
        assertThat(payload.get("resultId").asText()).isEqualTo(RESULT_1);
        assertThat(payload.get("taskNo").asInt()).isEqualTo(1);
        assertThat(payload.get("period").asText()).isEqualTo("2018-Q1");
        assertThat(payload.get("evidence").asText()).isEqualTo(EVIDENCE);
        JsonNode value = payload.get("values").get(0);
        assertThat(value.get("code").asText()).isEqualTo("TT1");
        assertThat(value.get("value").isNumber()).isTrue();
        assertThat(value.get("value").decimalValue()).isEqualTo(new BigDecimal("87.25"));
        assertThat(item.has("_id")).isFalse();
        assertThat(item.has("typeName")).isFalse();
        List<String> fields = new ArrayList<>();
        item.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("position", "index", "eventId", "aggregateType", "aggregateId", "sequence",
                "type", "revision", "timestamp", "metadata", "payload");
    }

    // ---- 200: filters ----

    @Test
    void the_log_filters_by_aggregate() throws IOException {
        JsonNode page = ok(list("aggregateId=" + encoded(RESULT_1)));

        assertThat(places(page)).containsExactly("104-0", "106-0", "107-0", "108-0");
        assertThat(page.get("items").findValuesAsText("type"))
                .containsExactly("TaskResultRecorded", "TaskResultReturned", "TaskResultCorrected", "TaskResultApproved");
        assertThat(page.get("totalItems").asLong()).isEqualTo(4);
        assertThat(ok(list("aggregateId=KHONG-CO")).get("totalItems").asLong()).isZero();
    }

    @Test
    void the_log_filters_by_event_type() throws IOException {
        JsonNode page = ok(list("type=TaskResultRecorded"));

        assertThat(places(page)).containsExactly("104-0", "105-0");
        assertThat(page.get("items").get(1).get("payload").get("values").get(0).get("value").decimalValue())
                .isEqualTo(new BigDecimal("64.50"));
        assertThat(places(ok(list("type=CommuneCriterionAssessed")))).containsExactly("110-1");
        assertThat(ok(list("type=NoSuchEvent")).get("totalItems").asLong()).isZero();
    }

    @Test
    void the_log_filters_by_the_unit_of_the_caller() throws IOException {
        assertThat(places(ok(list("unitId=PTP-001")))).containsExactly("104-0", "107-0", "110-0", "110-1");
        assertThat(places(ok(list("unitId=PTP-002")))).containsExactly("105-0");
    }

    @Test
    void the_log_filters_by_a_time_window_from_inclusive_to_exclusive() throws IOException {
        JsonNode april = ok(list("from=2018-04-05T03:00:00Z&to=2018-05-01T00:00:00Z"));
        assertThat(places(april)).containsExactly("104-0", "105-0", "106-0", "107-0");
        assertThat(april.get("totalItems").asLong()).isEqualTo(4);

        assertThat(places(ok(list("from=2018-06-01T00:00:00Z")))).containsExactly("110-0", "110-1", "111-0");
        assertThat(places(ok(list("to=2018-01-09T01:35:00Z")))).containsExactly("101-0");
        assertThat(places(ok(list("from=" + encoded("2018-04-05T10:00:00+07:00"))))).startsWith("104-0");
    }

    @Test
    void filters_combine_and_the_totals_count_only_what_matches() throws IOException {
        JsonNode page = ok(list("unitId=PTP-001&from=2018-04-01T00:00:00Z&to=2018-06-01T00:00:00Z&size=1"));
        assertThat(places(page)).containsExactly("104-0");
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
        assertThat(page.get("totalPages").asLong()).isEqualTo(2);

        assertThat(places(ok(list("type=TaskResultRecorded&unitId=PTP-002")))).containsExactly("105-0");
        assertThat(places(ok(list("aggregateId=" + encoded(SUPPORT) + "&type=SupportActivityRecorded"))))
                .containsExactly("110-0");
    }

    @Test
    void empty_filters_are_no_filters() throws IOException {
        assertThat(ok(list("aggregateId=&type=&unitId=&from=&to=")).get("totalItems").asLong()).isEqualTo(12);
    }

    // ---- redelivery ----

    @Test
    void events_delivered_again_leave_the_log_as_it_was() throws IOException {
        List<Document> before = stored();
        double applied = service.eventsApplied();

        producer.publish(LOG);
        await().atMost(Duration.ofSeconds(30)).until(() -> service.eventsApplied() >= applied + LOG.size());

        assertThat(stored()).isEqualTo(before);
        assertThat(ok(list("")).get("totalItems").asLong()).isEqualTo(12);
    }

    static List<Document> stored() {
        try (MongoClient mongo = MongoClients.create(Infrastructure.mongoUri())) {
            return mongo.getDatabase(DB).getCollection(AuditLogProjection.COLLECTION).find()
                    .sort(Sorts.ascending("_id")).into(new ArrayList<>());
        }
    }

    // ---- documentation ----

    @Test
    void the_api_documentation_shows_the_audit_log_under_its_tag() throws IOException {
        JsonNode docs = ok("/v3/api-docs");

        JsonNode operation = docs.get("paths").get("/api/v1/audit/events").get("get");
        assertThat(operation.get("tags").get(0).asText()).isEqualTo("Nhật ký sự kiện");
        assertThat(operation.get("summary").asText()).startsWith("List events in log order");
        assertThat(operation.get("parameters").findValuesAsText("name"))
                .containsExactly("aggregateId", "type", "unitId", "from", "to", "page", "size");
    }

    // ---- 400 ----

    @ParameterizedTest
    @ValueSource(strings = {"from=yesterday", "from=2018-13-01T00:00:00Z", "from=2018-04-01", "to=2018-04-01T25:00:00Z",
            "size=201", "size=0", "page=-1", "page=abc", "type=Task.Result", "type=vn.thidua.events.result.TaskResultRecorded"})
    void an_invalid_parameter_answers_400_as_problem_json(String query) throws IOException {
        JsonNode problem = problem(list(query), 400);

        assertThat(problem.get("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
        assertThat(problem.get("detail").asText()).contains(query.substring(0, query.indexOf('=')));
    }

    @Test
    void a_bad_from_answers_400_naming_the_parameter_and_the_value() throws IOException {
        JsonNode problem = problem(list("from=not-an-instant"), 400);

        assertThat(problem.get("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
        assertThat(problem.get("title").asText()).isEqualTo("The request is not valid");
        assertThat(problem.get("detail").asText()).isEqualTo("from: 'not-an-instant' is not a valid value");
    }

    @Test
    void a_window_that_ends_before_it_starts_answers_400() throws IOException {
        JsonNode problem = problem(list("from=2018-05-01T00:00:00Z&to=2018-04-01T00:00:00Z"), 400);

        assertThat(problem.get("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
        assertThat(problem.get("detail").asText()).contains("from");
    }
}
