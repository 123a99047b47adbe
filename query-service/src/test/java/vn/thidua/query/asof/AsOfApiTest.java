package vn.thidua.query.asof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
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
import vn.thidua.projection.testing.AggregateStream;
import vn.thidua.projection.testing.EventEnvelopes;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;
import vn.thidua.query.support.RunningQueryService;
import vn.thidua.query.support.TestTokens;
import vn.thidua.reference.Commune;
import vn.thidua.reference.ReferenceData;
import vn.thidua.security.Role;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boards as of an instant. The expected board is not computed by the code under test's as-of path: a second
 * query-service is fed, through Kafka, only the events recorded up to the instant, and its live board is the reference.
 * The as-of board of the service that holds the whole history must equal it, field for field, at several instants.
 */
class AsOfApiTest {

    static final String NTM = "PT-NTM-ASOF";
    static final String TD = "PT-TD-ASOF";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FULL_TOPIC = Infrastructure.uniqueName("asof_full");
    static final List<DomainEvent> HISTORY = history();
    static RunningQueryService full;
    static MongoClient client;
    static String fullDb = Infrastructure.uniqueName("asof_full_db");

    /** Movements, support of 60 communes with activities, assessments, ends; results recorded, returned, corrected, approved. */
    static List<DomainEvent> history() {
        Random random = new Random(185);
        List<DomainEvent> events = new ArrayList<>();
        events.addAll(MovementHistory.generated(NTM, "Ngành Tư pháp chung sức xây dựng nông thôn mới", MovementKind.MULTI_YEAR, 0, false));
        events.addAll(MovementHistory.generated(TD, "Toàn ngành Tư pháp thi đua năm 2018", MovementKind.ANNUAL, 5, false));
        List<Commune> communes = List.copyOf(ReferenceData.bacGiang().communes());
        // streams interleaved: each round adds the next event of some streams, so every instant cuts streams midway
        List<AggregateStream> support = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 60; i++) {
                Commune c = communes.get(i * 3);
                String unit = "PTP-" + c.districtCode();
                if (round == 0) {
                    support.add(AggregateStream.of("CommuneSupport", NTM + "~" + c.code()).then(new CommuneSupportAssigned(NTM, c.code(),
                            unit, new AssignmentDecision(i + "/QĐ-STP", LocalDate.of(2017, 1, 2)), LocalDate.of(2017, 1, 10), false)));
                } else if (round < 4 && random.nextBoolean()) {
                    support.get(i).then(new SupportActivityRecorded(NTM, c.code(), unit, "a-" + round,
                            SupportActivityType.values()[random.nextInt(SupportActivityType.values().length)],
                            LocalDate.of(2017, 2 + round, 1 + i % 27), 10 + random.nextInt(50), "Hoạt động " + round));
                } else if (round == 4 && i % 3 == 0) {
                    CriterionScores scores = new CriterionScores(BigDecimal.valueOf(10 + random.nextInt(6)),
                            BigDecimal.valueOf(20 + random.nextInt(11)), new BigDecimal(15 + random.nextInt(11) + ".5"),
                            BigDecimal.valueOf(5 + random.nextInt(6)), BigDecimal.valueOf(12 + random.nextInt(9)));
                    boolean passed = scores.total().compareTo(BigDecimal.valueOf(80)) >= 0;
                    support.get(i).then(new CommuneCriterionAssessed(NTM, c.code(), 2017, scores, scores.total(), true, passed,
                            "QĐ 619/2017", LocalDate.of(2017, 12, 20), "Kết quả đánh giá " + i));
                } else if (round == 5 && i % 7 == 0) {
                    support.get(i).then(new CommuneSupportEnded(NTM, c.code(), unit, LocalDate.of(2018, 6, 30), "Xã đã đạt chuẩn"));
                }
            }
        }
        List<AggregateStream> results = new ArrayList<>();
        for (int u = 1; u <= 5; u++) {
            for (int task = 1; task <= 4; task++) {
                String unit = MovementHistory.unitId(u);
                String id = TD + "~" + task + "~" + unit + "~2018-Q2";
                List<IndicatorValue> values = List.of(new IndicatorValue("TT1", new BigDecimal(task + "." + u)),
                        new IndicatorValue("TT2", BigDecimal.valueOf(3L * u * task)));
                AggregateStream r = AggregateStream.of("TaskResult", id)
                        .then(new TaskResultRecorded(id, TD, task, unit, "2018-Q2", values, "Báo cáo quý II của " + unit));
                if ((u + task) % 3 == 0) {
                    r.then(new TaskResultReturned(id, TD, task, unit, "2018-Q2", "Thiếu minh chứng"))
                            .then(new TaskResultCorrected(id, TD, task, unit, "2018-Q2", List.of(new IndicatorValue("TT1",
                                    new BigDecimal(task + ".9"))), "Bổ sung minh chứng", "Đã bổ sung"));
                }
                if ((u + task) % 2 == 0) {
                    r.then(new TaskResultApproved(id, TD, task, unit, "2018-Q2", "Đồng ý"));
                }
                results.add(r);
            }
        }
        support.forEach(s -> events.addAll(s.events()));
        results.forEach(r -> events.addAll(r.events()));
        events.sort(Comparator.comparing(DomainEvent::timestamp)); // the log order
        return events;
    }

    @BeforeAll
    static void start() {
        client = MongoClients.create(Infrastructure.mongoUri());
        EventEnvelopes.createTopic(Infrastructure.kafkaBootstrap(), FULL_TOPIC, 3);
        new EventEnvelopes(Infrastructure.kafkaBootstrap(), FULL_TOPIC).publish(HISTORY);
        full = RunningQueryService.start(fullDb, FULL_TOPIC, Infrastructure.uniqueName("asof_full_group"),
                "--thidua.as-of.max-events=" + HISTORY.size());
        await().atMost(Duration.ofSeconds(60)).until(() -> full.eventsApplied() >= HISTORY.size());
    }

    @AfterAll
    static void stop() {
        if (full != null) {
            full.close();
        }
        client.close();
    }

    /** The recording time of the event that far into the history (so streams are cut midway, whatever the clock). */
    static Instant instant(double share) {
        return HISTORY.get((int) (HISTORY.size() * share)).timestamp();
    }

    static JsonNode withoutAsOf(String body) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(body);
        node.remove("asOf");
        return node;
    }

    static final List<String> BOARDS = List.of(
            "/api/v1/reports/communes?movementId=" + NTM + "&size=200",
            "/api/v1/reports/communes?movementId=" + NTM + "&status=SUPPORTED&size=20&page=1",
            "/api/v1/reports/communes?movementId=" + NTM + "&status=PASSED&year=2017&size=200",
            "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q2",
            "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q2&counted=REPORTED");

    @ParameterizedTest
    @ValueSource(doubles = {0.35, 0.6, 0.85})
    void a_board_as_of_an_instant_equals_the_live_board_of_a_service_fed_only_the_events_recorded_up_to_it(double share)
            throws IOException {
        Instant at = instant(share);
        List<DomainEvent> upTo = HISTORY.stream().filter(e -> !e.timestamp().isAfter(at)).toList();
        assertThat(upTo.size()).isBetween(HISTORY.size() / 4, HISTORY.size() - 10);
        String topic = Infrastructure.uniqueName("asof_prefix");
        EventEnvelopes.createTopic(Infrastructure.kafkaBootstrap(), topic, 2);
        new EventEnvelopes(Infrastructure.kafkaBootstrap(), topic).publish(upTo);
        try (RunningQueryService reference = RunningQueryService.start(Infrastructure.uniqueName("asof_ref_db"), topic,
                Infrastructure.uniqueName("asof_ref_group"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> reference.eventsApplied() >= upTo.size());
            for (String board : BOARDS) {
                HttpResponse<String> asOf = full.get(board + "&asOf=" + at);
                assertThat(asOf.statusCode()).as(asOf.body()).isEqualTo(200);
                assertThat(JSON.readTree(asOf.body()).path("asOf").asText()).isEqualTo(at.toString());
                assertThat(withoutAsOf(asOf.body())).as(board + " as of " + at).isEqualTo(JSON.readTree(reference.get(board).body()));
            }
        }
        // and the boards then are not the boards now (the instants are inside the history)
        List<String> changedSince = new ArrayList<>();
        for (String board : BOARDS) {
            if (!withoutAsOf(full.get(board + "&asOf=" + at).body()).equals(JSON.readTree(full.get(board).body()))) {
                changedSince.add(board);
            }
        }
        assertThat(changedSince).isNotEmpty();
    }

    @Test
    void as_of_now_is_the_live_board_and_before_the_first_event_the_movement_is_unknown() throws IOException {
        for (String board : BOARDS) {
            assertThat(withoutAsOf(full.get(board + "&asOf=2100-01-01T00:00:00Z").body())).isEqualTo(JSON.readTree(full.get(board).body()));
        }
        HttpResponse<String> before = full.get(BOARDS.get(0) + "&asOf=2000-01-01T00:00:00Z");
        assertThat(before.statusCode()).isEqualTo(404);
    }

    @Test
    void exports_as_of_an_instant_say_so_and_hold_the_rows_of_then() {
        Instant at = instant(0.6);
        HttpResponse<String> csv = full.get("/api/v1/reports/communes?movementId=" + NTM + "&asOf=" + at, TestTokens.token(Role.ANALYST), "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).contains("asOf").contains(at.toString()).contains("Phường");
        HttpResponse<String> xlsx = full.get("/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q2&asOf=" + at,
                TestTokens.token(Role.ANALYST), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.statusCode()).isEqualTo(200);
    }

    @Test
    void a_bad_instant_is_400_and_more_events_than_the_bound_is_422() throws IOException {
        HttpResponse<String> bad = full.get(BOARDS.get(0) + "&asOf=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        List<String> before = folds();
        try (RunningQueryService bounded = RunningQueryService.start(fullDb, FULL_TOPIC, Infrastructure.uniqueName("asof_bounded"),
                "--thidua.as-of.max-events=50")) {
            HttpResponse<String> tooLarge = bounded.get(BOARDS.get(0) + "&asOf=" + instant(0.9));
            assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(422);
            assertThat(JSON.readTree(tooLarge.body()).path("type").asText()).endsWith("/as-of-too-large");
        }
        // nothing of the refused fold is left behind
        assertThat(folds()).isEqualTo(before);
    }

    static List<String> folds() {
        return client.getDatabase(fullDb).listCollectionNames().into(new ArrayList<>()).stream()
                .filter(n -> n.startsWith("asof_")).sorted().toList();
    }
}
