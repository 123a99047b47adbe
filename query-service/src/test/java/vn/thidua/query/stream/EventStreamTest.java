package vn.thidua.query.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.testing.EventEnvelopes;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.support.RunningQueryService;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query-service fed over a real Kafka broker: envelopes produced to the topic show in the catalogue
 * API, an unreadable record is parked and does not stop the stream, and a restarted service resumes at
 * its group's committed offsets, applying nothing twice and missing nothing produced while it was down.
 */
class EventStreamTest {

    static final String TOPIC = Infrastructure.uniqueName("stream_events");
    static final String GROUP = Infrastructure.uniqueName("stream_group");
    static final String DB = Infrastructure.uniqueName("stream");

    static EventEnvelopes producer;
    static MongoClient mongo;
    static MongoDatabase database;
    static RunningQueryService service;

    @BeforeAll
    static void start() {
        EventEnvelopes.createTopic(Infrastructure.kafkaBootstrap(), TOPIC, 3);
        producer = new EventEnvelopes(Infrastructure.kafkaBootstrap(), TOPIC);
        mongo = MongoClients.create(Infrastructure.mongoUri());
        database = mongo.getDatabase(DB);
        service = RunningQueryService.start(DB, TOPIC, GROUP);
    }

    @AfterAll
    static void stop() {
        service.close();
        producer.close();
        mongo.close();
    }

    static List<DomainEvent> history(String id, int units, boolean closed) {
        return MovementHistory.generated(id, "Phong trào " + id, MovementKind.ANNUAL, units, closed);
    }

    static JsonNode awaitVersion(String id, long version) {
        String path = "/api/v1/reports/movements/" + id;
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode movement = service.json(path);
            return movement != null && movement.get("version").asLong() == version;
        });
        return service.json(path);
    }

    Document stored(String id) {
        return database.getCollection(MovementCatalogueProjection.COLLECTION).find(Filters.eq("_id", id)).first();
    }

    @Test
    void produced_events_show_in_the_catalogue() {
        List<DomainEvent> history = history("PT-KAFKA-1", 3, true);

        producer.publish(history);

        JsonNode movement = awaitVersion("PT-KAFKA-1", history.size() - 1);
        assertThat(movement.get("status").asText()).isEqualTo("CLOSED");
        assertThat(movement.get("keyTasks")).hasSize(8);
        assertThat(movement.get("enrolledUnits").findValuesAsText("unitId")).containsExactly("PTP-001", "PTP-002", "PTP-003");
        assertThat(movement.get("lastPosition").asLong()).isEqualTo(history.get(history.size() - 1).position());
        JsonNode found = service.json("/api/v1/reports/movements?q=pt-kafka-1");
        assertThat(found.get("totalItems").asLong()).isEqualTo(1);
        assertThat(found.get("items").get(0).get("code").asText()).isEqualTo("PT-KAFKA-1");
    }

    @Test
    void unreadable_records_are_parked_and_the_events_after_them_are_applied() {
        String id = "PT-KAFKA-2";
        List<DomainEvent> history = history(id, 2, false);
        byte[] notJson = "không phải JSON".getBytes(StandardCharsets.UTF_8);
        byte[] wrongPayload = new String(EventEnvelopes.encode(history.get(0)), StandardCharsets.UTF_8)
                .replace("\"kind\":\"ANNUAL\"", "\"kind\":\"HANG_NAM\"").getBytes(StandardCharsets.UTF_8);

        // same key as the movement: same partition, before its events
        RecordMetadata first = producer.send(id, notJson);
        RecordMetadata second = producer.send(id, wrongPayload);
        RecordMetadata third = producer.send(id, null);
        producer.publish(history);

        awaitVersion(id, history.size() - 1);
        Map<String, Document> parked = database.getCollection("parked_events")
                .find(Filters.regex("_id", "^" + TOPIC + "-")).into(new ArrayList<>()).stream()
                .collect(Collectors.toMap(d -> d.getString("_id"), Function.identity()));
        assertThat(parked).containsOnlyKeys(coordinates(first), coordinates(second), coordinates(third));
        Document parkedNotJson = parked.get(coordinates(first));
        assertThat(parkedNotJson.getString("key")).isEqualTo(id);
        assertThat(parkedNotJson.get("value", Binary.class).getData()).isEqualTo(notJson);
        assertThat(parkedNotJson.getString("error")).isNotBlank();
        assertThat(parked.get(coordinates(second)).getString("error")).contains("HANG_NAM");
    }

    static String coordinates(RecordMetadata record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    @Test
    void a_restarted_service_resumes_after_its_last_batch_applying_nothing_twice_and_missing_nothing() {
        List<DomainEvent> untouched = history("PT-KAFKA-3", 2, true);
        List<DomainEvent> interrupted = history("PT-KAFKA-4", 6, true);
        List<DomainEvent> newcomer = history("PT-KAFKA-5", 1, false);
        producer.publish(untouched);
        producer.publish(interrupted.subList(0, 10));
        awaitVersion("PT-KAFKA-3", untouched.size() - 1);
        awaitVersion("PT-KAFKA-4", 9);
        awaitEverythingCommitted();
        Document untouchedBefore = stored("PT-KAFKA-3");

        service.close();
        List<DomainEvent> whileDown = new ArrayList<>(interrupted.subList(10, interrupted.size()));
        whileDown.addAll(newcomer);
        producer.publish(interrupted.subList(10, interrupted.size()));
        producer.publish(newcomer);
        service = RunningQueryService.start(DB, TOPIC, GROUP);

        awaitVersion("PT-KAFKA-4", interrupted.size() - 1);
        awaitVersion("PT-KAFKA-5", newcomer.size() - 1);
        // the new instance read exactly what was produced while it was down, nothing before it
        await().atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(1))
                .until(() -> service.eventsApplied() == whileDown.size());
        assertThat(stored("PT-KAFKA-3")).isEqualTo(untouchedBefore);
        assertThat(service.json("/api/v1/reports/movements/PT-KAFKA-4").get("enrolledUnits")).hasSize(6);
    }

    /** Waits until the group's committed offsets reach the end of every partition of the topic. */
    static void awaitEverythingCommitted() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> ends = committed.keySet().stream()
                        .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
                var latest = admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS);
                return committed.size() == 3 && committed.entrySet().stream()
                        .allMatch(c -> c.getValue().offset() == latest.get(c.getKey()).offset());
            });
        }
    }
}
