package vn.thidua.query.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.result.IndicatorValue;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.testing.AggregateStream;
import vn.thidua.projection.testing.EventEnvelopes;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;
import vn.thidua.query.support.RunningQueryService;
import vn.thidua.query.support.TestTokens;
import vn.thidua.security.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live board changes over the real path: events produced to Kafka, applied by the consumer, announced on the
 * streams of {@code GET /api/v1/reports/changes} — to each caller what its role and unit let it see.
 */
class LiveChangesTest {

    static final String TOPIC = Infrastructure.uniqueName("live_events");
    static final String GROUP = Infrastructure.uniqueName("live_group");
    static final String DB = Infrastructure.uniqueName("live");
    static final String TD = "TD-LIVE-2018";
    static final String OWN = "PTP-213";
    static final String OTHER = "PTP-215";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static EventEnvelopes producer;
    static RunningQueryService service;
    static final List<Listener> listeners = new ArrayList<>();

    @BeforeAll
    static void start() {
        EventEnvelopes.createTopic(Infrastructure.kafkaBootstrap(), TOPIC, 3);
        producer = new EventEnvelopes(Infrastructure.kafkaBootstrap(), TOPIC);
        service = RunningQueryService.start(DB, TOPIC, GROUP);
        producer.publish(MovementHistory.of(TD).then(MovementHistory.registered(TD, "Phong trào trực tiếp", MovementKind.ANNUAL))
                .then(MovementHistory.keyTask(TD, 1)).then(MovementHistory.enrolled(TD, 213)).then(MovementHistory.enrolled(TD, 215))
                .events());
        await().atMost(Duration.ofSeconds(30)).until(() -> service.json("/api/v1/reports/movements/" + TD) != null);
    }

    /** The service first: it ends every stream, so the readers see their end instead of resetting the connections. */
    @AfterAll
    static void stop() {
        service.close();
        listeners.forEach(Listener::close);
        producer.close();
    }

    /** One stream, read line by line in the background: its events as they come, and whether it ended. */
    static final class Listener implements AutoCloseable {
        final List<JsonNode> changes = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<HttpResponse<Stream<String>>> response;
        volatile boolean ended;

        Listener(String token) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/api/v1/reports/changes"))
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build();
            response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
            response.thenAcceptAsync(r -> {
                String event = null;
                for (String line : (Iterable<String>) r.body()::iterator) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6);
                        events.add(event);
                    } else if (line.startsWith("data:") && "change".equals(event)) {
                        try {
                            changes.add(JSON.readTree(line.substring(5)));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
                ended = true;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("hello"));
            listeners.add(this);
        }

        List<JsonNode> of(String board) {
            return changes.stream().filter(c -> c.path("board").asText().equals(board)).toList();
        }

        @Override
        public void close() {
            response.cancel(true);
        }
    }

    static DomainEvent recorded(String unit, String period) {
        String id = TD + "~1~" + unit + "~" + period;
        return AggregateStream.of("TaskResult", id).then(new TaskResultRecorded(id, TD, 1, unit, period,
                List.of(new IndicatorValue("TT1", new BigDecimal("90.5"))), "Báo cáo của " + unit)).events().get(0);
    }

    @Test
    void a_recorded_result_is_announced_to_a_reader_of_the_board_with_its_period_unit_and_log_position() {
        Listener analyst = new Listener(TestTokens.token(Role.ANALYST));
        DomainEvent result = recorded(OWN, "2018-Q1");

        producer.publish(List.of(result));

        await().atMost(Duration.ofSeconds(30)).until(() -> !analyst.of("key-tasks").isEmpty());
        JsonNode change = analyst.of("key-tasks").get(0);
        assertThat(change.path("movementId").asText()).isEqualTo(TD);
        assertThat(change.path("period").asText()).isEqualTo("2018-Q1");
        assertThat(change.path("units").get(0).asText()).isEqualTo(OWN);
        assertThat(change.path("position").asLong()).isEqualTo(result.position());
        assertThat(change.path("recordedAt").asText()).isEqualTo(result.timestamp().toString());
        assertThat(service.json("/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q1&counted=REPORTED")
                .path("items").findValuesAsText("status")).as("announced after the board was written").contains("SUBMITTED");
        assertThat(analyst.of("audit")).as("the event log is announced to auditors only").isEmpty();
    }

    @Test
    void a_reporter_is_told_of_its_own_units_results_only_and_an_auditor_of_the_event_log_too() {
        Listener own = new Listener(TestTokens.token(Role.UNIT_REPORTER, OWN));
        Listener other = new Listener(TestTokens.token(Role.UNIT_REPORTER, OTHER));
        Listener auditor = new Listener(TestTokens.token(Role.AUDITOR));

        producer.publish(List.of(recorded(OWN, "2018-Q2")));
        await().atMost(Duration.ofSeconds(30)).until(() -> !own.of("key-tasks").isEmpty());
        producer.publish(List.of(recorded(OTHER, "2018-Q2")));
        await().atMost(Duration.ofSeconds(30)).until(() -> !other.of("key-tasks").isEmpty());

        // the other unit's stream got its own result's change after the first one was sent: it was never told of it
        assertThat(other.of("key-tasks")).allSatisfy(c -> assertThat(c.path("units").get(0).asText()).isEqualTo(OTHER));
        assertThat(own.of("key-tasks")).allSatisfy(c -> assertThat(c.path("units").get(0).asText()).isEqualTo(OWN));
        await().atMost(Duration.ofSeconds(30)).until(() -> auditor.of("key-tasks").size() >= 2 && auditor.of("audit").size() >= 2);
        assertThat(own.of("audit")).isEmpty();
    }

    @Test
    void a_stream_ends_when_its_token_expires() {
        String shortLived = TestTokens.mint("live-short", Role.ANALYST, null, Duration.ofSeconds(3));
        Listener listener = new Listener(shortLived);

        await().atMost(Duration.ofSeconds(15)).until(() -> listener.ended);
    }

    @Test
    void an_operator_has_no_stream() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/api/v1/reports/changes"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + TestTokens.token(Role.OPERATOR)).build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
