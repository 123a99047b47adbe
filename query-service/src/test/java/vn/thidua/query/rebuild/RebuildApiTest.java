package vn.thidua.query.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.result.IndicatorValue;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.events.support.AssignmentDecision;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.events.support.SupportActivityType;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.generation.Generations;
import vn.thidua.projection.rebuild.Rebuilds;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rebuild and verify over the real broker and database: a verification of an intact projection finds nothing; one of a
 * projection edited behind its back names the document; a rebuild replaces the live generation (repairing the edit)
 * while the boards keep answering, the live stream continues into the new generation, and the old one is dropped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RebuildApiTest {

    static final String TOPIC = Infrastructure.uniqueName("rebuild_events");
    static final String GROUP = Infrastructure.uniqueName("rebuild_group");
    static final String DB = Infrastructure.uniqueName("rebuild_api");
    static final String NTM = "PT-NTM-2016";
    static final String TD = "PT-TD-2018";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = TestTokens.token(Role.PROVINCE_ADMIN);
    static final String AUDITOR = TestTokens.token(Role.AUDITOR);

    static final int REPLAY_BATCH = 17;
    static EventEnvelopes producer;
    static RunningQueryService service;
    static MongoClient client;
    static MongoDatabase db;
    static int published;
    static String supportBoardBefore;
    static String keyTaskBoardBefore;

    @BeforeAll
    static void start() {
        EventEnvelopes.createTopic(Infrastructure.kafkaBootstrap(), TOPIC, 3);
        producer = new EventEnvelopes(Infrastructure.kafkaBootstrap(), TOPIC);
        client = MongoClients.create(Infrastructure.mongoUri());
        db = client.getDatabase(DB);
        List<DomainEvent> events = new ArrayList<>();
        events.addAll(MovementHistory.generated(NTM, "Ngành Tư pháp chung sức xây dựng nông thôn mới", MovementKind.MULTI_YEAR, 0, false));
        events.addAll(MovementHistory.generated(TD, "Thi đua toàn ngành 2018", MovementKind.ANNUAL, 4, false));
        List<Commune> communes = List.copyOf(ReferenceData.bacGiang().communes());
        for (int i = 0; i < 40; i++) {
            Commune c = communes.get(i * 5);
            AggregateStream s = AggregateStream.of("CommuneSupport", NTM + "~" + c.code())
                    .then(new CommuneSupportAssigned(NTM, c.code(), "PTP-" + c.districtCode(),
                            new AssignmentDecision(i + "/QĐ-STP", LocalDate.of(2017, 1, 2)), LocalDate.of(2017, 1, 10), false));
            for (int a = 0; a < i % 4; a++) {
                s.then(new SupportActivityRecorded(NTM, c.code(), "PTP-" + c.districtCode(), "a-" + a,
                        SupportActivityType.values()[a % SupportActivityType.values().length], LocalDate.of(2017, 3, 1 + a), 20 + a,
                        "Tuyên truyền pháp luật lần " + a));
            }
            events.addAll(s.events());
        }
        for (int u = 1; u <= 4; u++) {
            for (int task = 1; task <= 8; task++) {
                String unit = MovementHistory.unitId(u);
                String id = TD + "~" + task + "~" + unit + "~2018-Q1";
                events.addAll(AggregateStream.of("TaskResult", id).then(new TaskResultRecorded(id, TD, task, unit, "2018-Q1",
                        List.of(new IndicatorValue("TT1", new BigDecimal(u + task + ".25"))), "Báo cáo quý I")).events());
            }
        }
        producer.publish(events);
        published = events.size();
        // small replay batches: every rebuild here reads, decodes and applies many batches, not one
        service = RunningQueryService.start(DB, TOPIC, GROUP, "--thidua.rebuild.batch-events=" + REPLAY_BATCH);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.eventsApplied() >= published);
        supportBoardBefore = service.get("/api/v1/reports/communes?movementId=" + NTM + "&size=200").body();
        keyTaskBoardBefore = service.get("/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q1").body();
        assertThat(supportBoardBefore).contains("\"communesSupported\":40");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        client.close();
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static JsonNode runToCompletion(String projection, String mode, String token) throws IOException {
        HttpResponse<String> started = service.post("/api/v1/rebuilds?projection=" + projection + "&mode=" + mode, token);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(json(started).path("state").asText()).isEqualTo("RUNNING");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !"RUNNING".equals(service.json(location).path("state").asText()));
        JsonNode job = service.json(location);
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        return job;
    }

    @Test
    @Order(1)
    void a_verification_of_an_intact_projection_finds_no_difference_and_reports_its_progress() throws IOException {
        for (String projection : List.of("support-board", "all")) { // one, then every projection fed by one replay
            JsonNode job = runToCompletion(projection, "VERIFY", AUDITOR);
            assertThat(job.path("verified").asBoolean()).as(job.toString()).isTrue();
            assertThat(job.path("differenceCount").asInt()).isZero();
            assertThat(job.path("progress").path("total").asLong()).isGreaterThanOrEqualTo(published);
            assertThat(job.path("progress").path("done").asLong()).isEqualTo(job.path("progress").path("total").asLong());
            assertThat(job.path("requestedBy").asText()).isNotBlank();
        }
        // the shadows were dropped, nothing went live
        assertThat(db.listCollectionNames().into(new ArrayList<>())).noneMatch(n -> n.contains("__g"));
        assertThat(db.getCollection(Generations.COLLECTION).find(Filters.eq("_id", "support-board")).first().getLong("active")).isZero();
    }

    @Test
    @Order(2)
    void a_verification_names_the_document_edited_behind_the_projection_back() throws IOException {
        Document district = db.getCollection("support_board_districts").find().first();
        String communeCode = district.get("entries", Document.class).keySet().iterator().next();
        db.getCollection("support_board_districts").updateOne(Filters.eq("_id", district.get("_id")),
                Updates.set("entries." + communeCode + ".activityCount", 999));
        JsonNode job = runToCompletion("support-board", "VERIFY", AUDITOR);
        assertThat(job.path("verified").asBoolean()).isFalse();
        assertThat(job.path("differenceCount").asInt()).isEqualTo(1);
        JsonNode difference = job.path("differences").get(0);
        assertThat(difference.path("collection").asText()).isEqualTo("support_board_districts");
        assertThat(difference.path("id").asText()).isEqualTo(district.getString("_id"));
        assertThat(difference.path("kind").asText()).isEqualTo("DIFFERENT");
        assertThat(difference.path("fields").toString()).contains("entries");
    }

    @Test
    @Order(3)
    void roles_unknown_projections_bad_modes_and_a_second_job_are_refused() throws IOException {
        assertThat(service.post("/api/v1/rebuilds?projection=support-board&mode=VERIFY", TestTokens.token(Role.ANALYST)).statusCode()).isEqualTo(403);
        assertThat(service.post("/api/v1/rebuilds?projection=support-board&mode=REBUILD", AUDITOR).statusCode()).isEqualTo(403);
        assertThat(service.post("/api/v1/rebuilds?projection=support-board&mode=VERIFY", null).statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = service.post("/api/v1/rebuilds?projection=no-such-board&mode=VERIFY", ADMIN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(service.post("/api/v1/rebuilds?projection=support-board&mode=DESTROY", ADMIN).statusCode()).isEqualTo(400);
        assertThat(service.get("/api/v1/rebuilds/" + "0000-1111", ADMIN).statusCode()).isEqualTo(404);
        // while a job of the projection runs, a second one is refused
        HttpResponse<String> first = service.post("/api/v1/rebuilds?projection=key-task-board&mode=VERIFY", ADMIN);
        HttpResponse<String> second = service.post("/api/v1/rebuilds?projection=key-task-board&mode=VERIFY", ADMIN);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(json(second).path("type").asText()).endsWith("rebuild-in-progress");
        String location = first.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> !"RUNNING".equals(service.json(location).path("state").asText()));
    }

    @Test
    @Order(4)
    void a_rebuild_replaces_the_live_generation_while_the_boards_answer_and_the_stream_continues_into_it() throws IOException {
        HttpResponse<String> started = service.post("/api/v1/rebuilds?projection=support-board&mode=REBUILD", ADMIN);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        List<Integer> statuses = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            statuses.add(service.get("/api/v1/reports/communes?movementId=" + NTM + "&size=5").statusCode());
            return !"RUNNING".equals(service.json(location).path("state").asText());
        });
        assertThat(statuses).isNotEmpty().containsOnly(200);
        JsonNode job = service.json(location);
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        long generation = job.path("generations").path("support-board").asLong();
        assertThat(generation).isPositive();
        assertThat(db.getCollection(Generations.COLLECTION).find(Filters.eq("_id", "support-board")).first().getLong("active"))
                .isEqualTo(generation);
        // the rebuilt board is the board before the edit of test 2: the edit is gone
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(service.get("/api/v1/reports/communes?movementId=" + NTM + "&size=200").body()).isEqualTo(supportBoardBefore));
        assertThat(service.get("/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q1").body()).isEqualTo(keyTaskBoardBefore);
        // the old generation goes once readers are done with it
        await().atMost(Duration.ofSeconds(20)).until(() -> !db.listCollectionNames().into(new ArrayList<>()).contains("support_board_districts"));
        assertThat(db.listCollectionNames().into(new ArrayList<>())).contains("support_board_districts__g" + generation);

        // the live stream writes into the new generation
        Commune c = List.copyOf(ReferenceData.bacGiang().communes()).get(1);
        producer.publish(AggregateStream.of("CommuneSupport", NTM + "~" + c.code())
                .then(new CommuneSupportAssigned(NTM, c.code(), "STP-PBGDPL", new AssignmentDecision("77/QĐ-STP",
                        LocalDate.of(2018, 1, 2)), LocalDate.of(2018, 1, 5), false)).events());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(service.json(
                "/api/v1/reports/communes?movementId=" + NTM + "&status=SUPPORTED&size=200").path("items").toString())
                .contains("\"communeCode\":\"" + c.code() + "\""));
        // and a verification of the new generation finds nothing
        JsonNode after = runToCompletion("support-board", "VERIFY", AUDITOR);
        assertThat(after.path("verified").asBoolean()).as(after.toString()).isTrue();
    }

    @Test
    @Order(5)
    void a_job_whose_instance_stopped_is_marked_abandoned_and_its_shadow_dropped_when_an_instance_starts() {
        java.util.Date longAgo = java.util.Date.from(java.time.Instant.now().minus(Duration.ofMinutes(10)));
        db.getCollection(Rebuilds.JOBS).insertOne(new Document("_id", "a0a0a0a0-dead-4bad-8bad-000000000001").append("projection", "support-board")
                .append("mode", "REBUILD").append("state", "RUNNING").append("phase", "REPLAYING")
                .append("generations", new Document("support-board", 99L)).append("startedAt", longAgo).append("updatedAt", longAgo));
        db.getCollection("support_board__g99").insertOne(new Document("_id", "half-built"));
        try (RunningQueryService another = RunningQueryService.start(DB, TOPIC, Infrastructure.uniqueName("rebuild_other"))) {
            assertThat(another.json("/api/v1/rebuilds/a0a0a0a0-dead-4bad-8bad-000000000001").path("state").asText()).isEqualTo("ABANDONED");
        }
        assertThat(db.listCollectionNames().into(new ArrayList<>())).doesNotContain("support_board__g99");
        // the live generation was not touched
        assertThat(service.get("/api/v1/reports/communes?movementId=" + NTM + "&size=5").statusCode()).isEqualTo(200);
    }
}
