package vn.thidua.projection.stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.StoredEvent;
import vn.thidua.eventlog.publication.KafkaPublisher;
import vn.thidua.eventlog.publication.PublisherLease;
import vn.thidua.eventlog.publication.PublisherSettings;
import vn.thidua.eventlog.publication.Republisher;
import vn.thidua.eventlog.store.MongoCommitLog;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.documents.FoldedDocuments;
import vn.thidua.projection.testing.EventEnvelopes;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's republish after the event topic was lost (docs/faults.md), end to end over the real broker and
 * MongoDB-wire server: a log published by the live publisher and folded by a projection; the topic deleted; the range
 * republished while the live publisher runs. A projection that had applied everything applies nothing again (twice
 * republished), one that starts from nothing catches up from the republished topic alone to the same documents, and
 * both go on with the commits published after it.
 */
class RepublishCatchUpTest {

    static final Duration LEASE_TTL = Duration.ofSeconds(2);

    /** One document per movement listing the ids of the events folded into it: an event applied twice shows. */
    static final class Folding implements Projection {
        final FoldedDocuments documents;

        Folding(MongoCollection<Document> collection) {
            documents = new FoldedDocuments(collection, "movement");
        }

        @Override
        public String name() {
            return "folding";
        }

        @Override
        public void apply(List<DomainEvent> events) {
            documents.apply(events.stream().collect(Collectors.groupingBy(DomainEvent::aggregateId)), (doc, e) -> {
                Document after = doc == null ? new Document("events", new ArrayList<String>()) : doc;
                List<String> ids = new ArrayList<>(after.getList("events", String.class));
                ids.add(e.eventId());
                return after.append("events", ids).append("last", e.payload().getClass().getSimpleName());
            });
        }
    }

    MongoClient mongo;
    Admin admin;
    MongoDatabase db;
    String topic;
    MongoCommitLog log;
    KafkaPublisher publisher;
    PublisherSettings settings;
    final List<EventStreamConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        mongo = MongoClients.create(Infrastructure.mongoUri());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap()));
        topic = Infrastructure.uniqueName("republished");
        db = mongo.getDatabase(topic);
        log = new MongoCommitLog(db);
        settings = new PublisherSettings(topic, 3, (short) 1, 20, Duration.ofMillis(10), Duration.ofSeconds(1), LEASE_TTL);
        publisher = new KafkaPublisher(log, new PublisherLease(db, "live", LEASE_TTL, Clock.systemUTC()), settings,
                Infrastructure.kafkaBootstrap(), Clock.systemUTC(), new SimpleMeterRegistry());
        publisher.start();
    }

    @AfterEach
    void tearDown() {
        consumers.forEach(EventStreamConsumer::stop);
        publisher.stop();
        admin.close();
        mongo.close();
    }

    void append(List<DomainEvent> history) {
        for (DomainEvent e : history) {
            log.append(new Commit(0, UUID.randomUUID().toString(), e.aggregateType(), e.aggregateId(), List.of(new StoredEvent(
                    e.eventId(), e.sequence(), e.payload().getClass().getName(), e.revision(), e.timestamp().toString(),
                    json(e.payload()), json(e.metadata())))));
        }
    }

    static String json(Object value) {
        try {
            return EventEnvelopes.COMMAND_SIDE.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    EventStreamConsumer consume(String group, Folding projection) {
        EventStreamConsumer consumer = new EventStreamConsumer(new StreamSettings(topic, 3, (short) 1, group, 50),
                Infrastructure.kafkaBootstrap(), List.of(projection), mongo.getDatabase(group), new SimpleMeterRegistry());
        consumer.start();
        consumers.add(consumer);
        return consumer;
    }

    void stop(EventStreamConsumer consumer) {
        consumer.stop();
        consumers.remove(consumer);
    }

    /** The group has read and committed the whole topic as it stands. */
    boolean readToTheEnd(String group) throws Exception {
        Set<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        for (var end : admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(10, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            if (end.getValue().offset() > 0 && (c == null || c.offset() < end.getValue().offset())) {
                return false;
            }
        }
        return true;
    }

    /** How many events the documents hold (each fold adds its event id). */
    static long applied(MongoCollection<Document> collection) {
        return collection.find().into(new ArrayList<>()).stream().mapToLong(d -> d.getList("events", String.class).size()).sum();
    }

    static Map<String, Document> documents(MongoCollection<Document> collection) {
        return collection.find().into(new ArrayList<>()).stream().collect(Collectors.toMap(d -> d.getString("_id"), d -> d));
    }

    @Test
    void after_the_topic_is_lost_a_republish_lets_projections_catch_up_and_applies_nothing_twice() throws Exception {
        List<DomainEvent> before = new ArrayList<>(MovementHistory.generated("PT-A", "Phong trào A", MovementKind.ANNUAL, 4, false));
        before.addAll(MovementHistory.generated("PT-B", "Phong trào B", MovementKind.THEMATIC, 3, true));
        append(before);
        String liveGroup = Infrastructure.uniqueName("live");
        MongoCollection<Document> liveDocuments = mongo.getDatabase(liveGroup).getCollection("movements");
        Folding live = new Folding(liveDocuments);
        EventStreamConsumer liveConsumer = consume(liveGroup, live);
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(liveDocuments) == before.size());
        Map<String, Document> folded = documents(liveDocuments);
        stop(liveConsumer);

        // the topic is lost
        admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains(topic));

        Republisher republisher = new Republisher(db, Infrastructure.kafkaBootstrap(), settings, Clock.systemUTC());
        Republisher.Outcome first = republisher.republish(1, Long.MAX_VALUE);
        assertThat(first.to()).isEqualTo(before.size());
        assertThat(first.events()).isEqualTo(before.size());

        // the projection that had applied everything reads the new topic: nothing is applied again
        liveConsumer = consume(liveGroup, live);
        await().atMost(Duration.ofSeconds(60)).until(() -> readToTheEnd(liveGroup));
        assertThat(documents(liveDocuments)).isEqualTo(folded);

        // one that starts from nothing catches up from the republished topic alone
        String freshGroup = Infrastructure.uniqueName("fresh");
        MongoCollection<Document> freshDocuments = mongo.getDatabase(freshGroup).getCollection("movements");
        Folding fresh = new Folding(freshDocuments);
        consume(freshGroup, fresh);
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(freshDocuments) == before.size());
        assertThat(documents(freshDocuments)).isEqualTo(folded);

        // republished twice: still nothing applied twice
        Republisher.Outcome second = republisher.republish(1, Long.MAX_VALUE);
        assertThat(second.events()).isEqualTo(before.size());
        await().atMost(Duration.ofSeconds(60)).until(() -> readToTheEnd(liveGroup) && readToTheEnd(freshGroup));
        assertThat(documents(liveDocuments)).isEqualTo(folded);
        assertThat(documents(freshDocuments)).isEqualTo(folded);

        // the live publisher took the lease back and publishes what came after
        List<DomainEvent> after = MovementHistory.generated("PT-C", "Phong trào C", MovementKind.ANNUAL, 2, false);
        append(after);
        int total = before.size() + after.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(liveDocuments) == total && applied(freshDocuments) == total);
        assertThat(documents(freshDocuments)).isEqualTo(documents(liveDocuments)).hasSize(3);
        assertThat(documents(liveDocuments).get("PT-C").getList("events", String.class))
                .containsExactlyElementsOf(after.stream().map(DomainEvent::eventId).toList());
        assertThat(publisher.isLeader()).isTrue();
    }
}
