package vn.thidua.query.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.result.IndicatorValue;
import vn.thidua.events.result.TaskResultApproved;
import vn.thidua.events.result.TaskResultCorrected;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.events.result.TaskResultReturned;
import vn.thidua.events.support.AssignmentDecision;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.CommuneSupportEnded;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.events.support.SupportActivityType;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.testing.AggregateStream;
import vn.thidua.projection.testing.EventEnvelopes;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;
import vn.thidua.query.support.RunningQueryService;
import vn.thidua.query.support.TestTokens;
import vn.thidua.security.Role;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The playback of one stream over HTTP ({@code GET /api/v1/audit/streams/{aggregateId}}), fed as in production:
 * envelopes of three interleaved streams produced to a real Kafka topic (three partitions), consumed by the running
 * query-service into the MongoDB-wire server. Each event comes with the state of its aggregate after it, step by step;
 * paging keeps the states of later pages right; an unknown stream is 404; only the AUDITOR may call it.
 */
class StreamPlaybackApiTest {

    static final String TOPIC = Infrastructure.uniqueName("playback_events");
    static final String GROUP = Infrastructure.uniqueName("playback_group");
    static final String DB = Infrastructure.uniqueName("playback_api");

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    static EventEnvelopes producer;
    static RunningQueryService service;

    static final String MOVEMENT = "PT-PLAY-2018";
    static final String RESULT = MOVEMENT + "~3~PTP-213~2018-Q2";
    static final String NTM = "NTM-2016-2020";
    static final String SUPPORT = NTM + "~07225";

    /** A task result: recorded, returned, corrected (resubmitted), approved. */
    static final List<DomainEvent> RESULT_STREAM = AggregateStream.of("TaskResult", RESULT)
            .then(new TaskResultRecorded(RESULT, MOVEMENT, 3, "PTP-213", "2018-Q2",
                    List.of(new IndicatorValue("TT1", new BigDecimal("87.25")), new IndicatorValue("TT2", new BigDecimal("31"))),
                    "Báo cáo số 45/BC-PTP ngày 30/6/2018"))
            .then(new TaskResultReturned(RESULT, MOVEMENT, 3, "PTP-213", "2018-Q2", "Thiếu chỉ tiêu TT3"))
            .then(new TaskResultCorrected(RESULT, MOVEMENT, 3, "PTP-213", "2018-Q2",
                    List.of(new IndicatorValue("TT1", new BigDecimal("88.50")), new IndicatorValue("TT3", new BigDecimal("4"))),
                    "Báo cáo bổ sung số 52/BC-PTP", "Bổ sung chỉ tiêu TT3"))
            .then(new TaskResultApproved(RESULT, MOVEMENT, 3, "PTP-213", "2018-Q2", "Đạt yêu cầu"))
            .events();

    /** A movement: registered, two key tasks, a unit enrolled, closed. */
    static final List<DomainEvent> MOVEMENT_STREAM = MovementHistory.of(MOVEMENT)
            .then(MovementHistory.registered(MOVEMENT, "Thi đua chuyên đề năm 2018", MovementKind.THEMATIC))
            .then(MovementHistory.keyTask(MOVEMENT, 3))
            .then(MovementHistory.keyTask(MOVEMENT, 1))
            .then(MovementHistory.enrolled(MOVEMENT, 213))
            .then(MovementHistory.closed(MOVEMENT))
            .events();

    /** A commune's support: assigned, an activity, ended. */
    static final List<DomainEvent> SUPPORT_STREAM = AggregateStream.of("CommuneSupport", SUPPORT)
            .then(new CommuneSupportAssigned(NTM, "07225", "PTP-213",
                    new AssignmentDecision("125/QĐ-STP", LocalDate.of(2017, 3, 15)), LocalDate.of(2017, 4, 1), false))
            .then(new SupportActivityRecorded(NTM, "07225", "PTP-213", "HD-01", SupportActivityType.LEGAL_DISSEMINATION,
                    LocalDate.of(2018, 5, 12), 40, "Tuyên truyền pháp luật tại nhà văn hóa thôn Đông"))
            .then(new CommuneSupportEnded(NTM, "07225", "PTP-213", LocalDate.of(2018, 12, 31), "Hết giai đoạn hỗ trợ"))
            .events();

    @BeforeAll
    static void start() {
        EventEnvelopes.createTopic(Infrastructure.kafkaBootstrap(), TOPIC, 3);
        producer = new EventEnvelopes(Infrastructure.kafkaBootstrap(), TOPIC);
        service = RunningQueryService.start(DB, TOPIC, GROUP);
        // the three streams interleaved in log order, as the command side would have published them
        List<DomainEvent> log = new ArrayList<>(RESULT_STREAM);
        log.addAll(MOVEMENT_STREAM);
        log.addAll(SUPPORT_STREAM);
        log.sort(Comparator.comparing(DomainEvent::timestamp));
        producer.publish(log);
        int total = log.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode page = service.json("/api/v1/audit/events");
            return page != null && page.get("totalItems").asLong() == total;
        });
    }

    @AfterAll
    static void stop() {
        service.close();
        producer.close();
    }

    static String playback(String aggregateId, String query) {
        return "/api/v1/audit/streams/" + URLEncoder.encode(aggregateId, StandardCharsets.UTF_8)
                + (query.isEmpty() ? "" : "?" + query);
    }

    static JsonNode ok(String path) throws IOException {
        HttpResponse<String> response = service.get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    static JsonNode problem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }

    static List<String> values(JsonNode state) {
        List<String> out = new ArrayList<>();
        state.get("values").forEach(v -> out.add(v.get("code").asText() + "=" + v.get("value").decimalValue().toPlainString()));
        return out;
    }

    // ---- a task result, step by step ----

    @Test
    void a_task_result_is_played_back_event_by_event_with_its_state_after_each() throws IOException {
        JsonNode page = ok(playback(RESULT, ""));

        assertThat(page.get("aggregateId").asText()).isEqualTo(RESULT);
        assertThat(page.get("aggregateType").asText()).isEqualTo("TaskResult");
        assertThat(page.get("totalItems").asLong()).isEqualTo(4);
        assertThat(page.get("totalPages").asLong()).isEqualTo(1);
        JsonNode items = page.get("items");
        assertThat(items.findValuesAsText("type"))
                .containsExactly("TaskResultRecorded", "TaskResultReturned", "TaskResultCorrected", "TaskResultApproved");
        assertThat(items.findValues("sequence")).extracting(JsonNode::asLong).containsExactly(0L, 1L, 2L, 3L);

        JsonNode recorded = items.get(0).get("state");
        assertThat(recorded.get("status").asText()).isEqualTo("SUBMITTED");
        assertThat(values(recorded)).containsExactly("TT1=87.25", "TT2=31");
        assertThat(recorded.get("evidence").asText()).isEqualTo("Báo cáo số 45/BC-PTP ngày 30/6/2018");
        assertThat(recorded.get("corrections").asInt()).isZero();
        assertThat(recorded.get("unitId").asText()).isEqualTo("PTP-213");
        assertThat(recorded.get("taskNo").asInt()).isEqualTo(3);
        assertThat(recorded.get("recordedAt").asText()).isEqualTo(RESULT_STREAM.get(0).timestamp().toString());
        assertThat(recorded.has("returnReason")).isFalse();

        JsonNode returned = items.get(1).get("state");
        assertThat(returned.get("status").asText()).isEqualTo("RETURNED");
        assertThat(returned.get("returnReason").asText()).isEqualTo("Thiếu chỉ tiêu TT3");
        assertThat(values(returned)).as("a return keeps the values").containsExactly("TT1=87.25", "TT2=31");

        JsonNode corrected = items.get(2).get("state");
        assertThat(corrected.get("status").asText()).as("a correction resubmits").isEqualTo("SUBMITTED");
        assertThat(values(corrected)).containsExactly("TT1=88.50", "TT3=4");
        assertThat(corrected.get("corrections").asInt()).isEqualTo(1);
        assertThat(corrected.get("lastCorrectionReason").asText()).isEqualTo("Bổ sung chỉ tiêu TT3");
        assertThat(corrected.get("evidence").asText()).isEqualTo("Báo cáo bổ sung số 52/BC-PTP");

        JsonNode approved = items.get(3).get("state");
        assertThat(approved.get("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.get("reviewNote").asText()).isEqualTo("Đạt yêu cầu");
        assertThat(values(approved)).containsExactly("TT1=88.50", "TT3=4");
        assertThat(approved.get("corrections").asInt()).isEqualTo(1);
        assertThat(approved.get("updatedAt").asText()).isEqualTo(RESULT_STREAM.get(3).timestamp().toString());
    }

    @Test
    void an_item_shows_the_event_then_the_state() throws IOException {
        JsonNode item = ok(playback(RESULT, "")).get("items").get(2);
        DomainEvent corrected = RESULT_STREAM.get(2);

        List<String> fields = new ArrayList<>();
        item.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("position", "index", "eventId", "sequence", "type", "revision", "timestamp",
                "metadata", "payload", "state");
        assertThat(item.get("position").asLong()).isEqualTo(corrected.position());
        assertThat(item.get("eventId").asText()).isEqualTo(corrected.eventId());
        assertThat(item.get("revision").asText()).isEqualTo("1");
        assertThat(item.get("timestamp").asText()).isEqualTo(corrected.timestamp().toString());
        assertThat(item.get("metadata").get("subject").asText()).isEqualTo("test");
        assertThat(item.get("payload").get("reason").asText()).isEqualTo("Bổ sung chỉ tiêu TT3");
        assertThat(item.get("payload").get("values").get(0).get("value").decimalValue()).isEqualTo(new BigDecimal("88.50"));
        JsonNode state = item.get("state");
        assertThat(state.has("_id")).isFalse();
        assertThat(state.has("revision")).isFalse();
    }

    @Test
    void the_position_of_an_event_is_the_same_in_the_log_and_in_the_playback() throws IOException {
        JsonNode log = ok("/api/v1/audit/events?aggregateId=" + URLEncoder.encode(RESULT, StandardCharsets.UTF_8));
        JsonNode playback = ok(playback(RESULT, ""));

        assertThat(playback.get("items").findValues("position")).isEqualTo(log.get("items").findValues("position"));
        assertThat(playback.get("items").findValues("index")).isEqualTo(log.get("items").findValues("index"));
        assertThat(playback.get("items").findValues("eventId")).isEqualTo(log.get("items").findValues("eventId"));
    }

    // ---- paging: a later page is still folded from the beginning ----

    @Test
    void a_later_page_has_the_states_folded_from_the_first_event() throws IOException {
        JsonNode first = ok(playback(RESULT, "size=2"));
        JsonNode second = ok(playback(RESULT, "size=2&page=1"));

        assertThat(first.get("items").findValuesAsText("type")).containsExactly("TaskResultRecorded", "TaskResultReturned");
        assertThat(first.get("totalPages").asLong()).isEqualTo(2);
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(second.get("size").asInt()).isEqualTo(2);
        assertThat(second.get("totalItems").asLong()).isEqualTo(4);
        assertThat(second.get("items").findValuesAsText("type")).containsExactly("TaskResultCorrected", "TaskResultApproved");
        JsonNode corrected = second.get("items").get(0).get("state");
        assertThat(corrected.get("corrections").asInt()).as("the correction counts from the recording").isEqualTo(1);
        assertThat(corrected.get("recordedAt").asText()).isEqualTo(RESULT_STREAM.get(0).timestamp().toString());
        assertThat(corrected.get("returnReason").asText()).as("what the return of page 0 left").isEqualTo("Thiếu chỉ tiêu TT3");
        assertThat(second.get("items").get(1).get("state").get("status").asText()).isEqualTo("APPROVED");
        JsonNode whole = ok(playback(RESULT, "size=200")).get("items");
        assertThat(second.get("items")).as("the same items as in one page of the whole stream")
                .containsExactly(whole.get(2), whole.get(3));
    }

    @Test
    void a_page_beyond_the_stream_is_empty_with_the_totals() throws IOException {
        JsonNode beyond = ok(playback(RESULT, "size=3&page=5"));

        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("totalItems").asLong()).isEqualTo(4);
        assertThat(beyond.get("totalPages").asLong()).isEqualTo(2);
        assertThat(beyond.get("aggregateType").asText()).isEqualTo("TaskResult");
    }

    // ---- the other streams: a movement, a commune's support ----

    @Test
    void a_movement_is_played_back_as_the_catalogue_shows_it() throws IOException {
        JsonNode items = ok(playback(MOVEMENT, "")).get("items");

        assertThat(items).hasSize(5);
        JsonNode registered = items.get(0).get("state");
        assertThat(registered.get("title").asText()).isEqualTo("Thi đua chuyên đề năm 2018");
        assertThat(registered.get("status").asText()).isEqualTo("OPEN");
        assertThat(registered.get("keyTasks")).isEmpty();
        assertThat(registered.has("titleFolded")).as("a search key, not a field").isFalse();
        assertThat(registered.has("_id")).isFalse();
        assertThat(items.get(1).get("state").get("keyTasks").findValues("taskNo")).extracting(JsonNode::asInt).containsExactly(3);
        assertThat(items.get(2).get("state").get("keyTasks").findValues("taskNo")).extracting(JsonNode::asInt).containsExactly(1, 3);
        assertThat(items.get(2).get("state").get("keyTasks").get(1).get("indicators").get(0).get("target").decimalValue())
                .isEqualTo(new BigDecimal("3.5"));
        assertThat(items.get(3).get("state").get("enrolledUnits").findValuesAsText("unitId")).containsExactly("PTP-213");
        JsonNode closed = items.get(4).get("state");
        assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.get("closedOn").asText()).isEqualTo("2018-12-28");
        assertThat(items.get(3).get("state").get("status").asText()).as("the state before the closing").isEqualTo("OPEN");
    }

    @Test
    void a_communes_support_is_played_back_as_the_support_board_row() throws IOException {
        JsonNode page = ok(playback(SUPPORT, ""));
        JsonNode items = page.get("items");

        assertThat(page.get("aggregateType").asText()).isEqualTo("CommuneSupport");
        assertThat(items).hasSize(3);
        JsonNode assigned = items.get(0).get("state");
        assertThat(assigned.get("communeCode").asText()).isEqualTo("07225");
        assertThat(assigned.get("communeName").asText()).as("named from the reference lists").isNotBlank().isNotEqualTo("07225");
        assertThat(assigned.get("districtName").asText()).isNotBlank();
        assertThat(assigned.get("supporters").get(0).get("unitId").asText()).isEqualTo("PTP-213");
        assertThat(assigned.get("supporters").get(0).get("until").isNull()).isTrue();
        assertThat(assigned.get("activityCount").asInt()).isZero();
        JsonNode activity = items.get(1).get("state");
        assertThat(activity.get("activityCount").asInt()).isEqualTo(1);
        assertThat(activity.get("latestActivity").asText()).isEqualTo("2018-05-12");
        JsonNode ended = items.get(2).get("state");
        assertThat(ended.get("supporters").get(0).get("until").asText()).isEqualTo("2018-12-31");
        assertThat(ended.get("activityCount").asInt()).isEqualTo(1);
    }

    // ---- 404, 400, 403 ----

    @Test
    void an_unknown_stream_is_404_as_problem_json() throws IOException {
        JsonNode problem = problem(service.get(playback("KHONG-CO~1~PTP-999~2018", "")), 404);

        assertThat(problem.get("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/not-found");
        assertThat(problem.get("detail").asText()).contains("KHONG-CO~1~PTP-999~2018");
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=201", "size=0", "page=-1", "page=abc", "size=1e3"})
    void an_invalid_page_is_400_as_problem_json(String query) throws IOException {
        JsonNode problem = problem(service.get(playback(RESULT, query)), 400);

        assertThat(problem.get("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
    }

    @Test
    void a_stream_id_over_200_characters_is_400() throws IOException {
        problem(service.get(playback("x".repeat(201), "")), 400);
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"PROVINCE_ADMIN", "UNIT_REPORTER", "ANALYST"})
    void only_the_auditor_may_play_a_stream_back(Role role) throws IOException {
        HttpResponse<String> response = service.get(playback(RESULT, ""), TestTokens.token(role));

        JsonNode problem = problem(response, 403);
        assertThat(problem.get("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/forbidden");
        assertThat(response.body()).doesNotContain("TaskResultRecorded").doesNotContain("88.50");
        assertThat(problem(service.get(playback("KHONG-CO", ""), TestTokens.token(role)), 403).get("type").asText())
                .as("nor learn which streams exist").endsWith("/forbidden");
    }

    @Test
    void without_a_token_it_is_401() throws IOException {
        problem(service.get(playback(RESULT, ""), null), 401);
    }

    // ---- documentation ----

    @Test
    void the_api_documentation_shows_the_playback_under_the_audit_tag() throws IOException {
        JsonNode operation = ok("/v3/api-docs").get("paths").get("/api/v1/audit/streams/{aggregateId}").get("get");

        assertThat(operation.get("tags").get(0).asText()).isEqualTo("Nhật ký sự kiện");
        assertThat(operation.get("summary").asText()).startsWith("Play back one stream");
        assertThat(operation.get("parameters").findValuesAsText("name")).containsExactly("aggregateId", "page", "size");
    }
}
