package vn.thidua.projection.stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.testing.EventEnvelopes;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A batch listener hears of each batch once every projection applied it and its offsets are committed. */
class BatchListenerTest {

    @Test
    void a_batch_is_told_after_the_projections_applied_it_and_its_offsets_were_committed() throws Exception {
        String topic = Infrastructure.uniqueName("listened");
        String group = Infrastructure.uniqueName("listened_group");
        EventEnvelopes.createTopic(Infrastructure.kafkaBootstrap(), topic, 1);
        List<DomainEvent> applied = new CopyOnWriteArrayList<>();
        List<DomainEvent> heard = new CopyOnWriteArrayList<>();
        List<String> wrong = new CopyOnWriteArrayList<>();
        Projection recording = new Projection() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public void apply(List<DomainEvent> events) {
                applied.addAll(events);
            }
        };
        List<DomainEvent> history = MovementHistory.generated("PT-NGHE", "Phong trào nghe", MovementKind.ANNUAL, 3, true);

        try (MongoClient mongo = MongoClients.create(Infrastructure.mongoUri());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap()));
             EventEnvelopes producer = new EventEnvelopes(Infrastructure.kafkaBootstrap(), topic)) {
            EventStreamConsumer consumer = new EventStreamConsumer(new StreamSettings(topic, 1, (short) 1, group, 4),
                    Infrastructure.kafkaBootstrap(), List.of(recording), mongo.getDatabase(Infrastructure.uniqueName("listened")),
                    new SimpleMeterRegistry());
            consumer.addBatchListener(events -> {
                heard.addAll(events);
                if (!applied.containsAll(events)) {
                    wrong.add("told of a batch before it was applied: " + events);
                }
                long committed = committed(admin, group, new TopicPartition(topic, 0));
                if (committed < heard.size()) {
                    wrong.add("told of %d events with %d committed".formatted(heard.size(), committed));
                }
            });
            consumer.start();
            try {
                producer.publish(history);
                await().atMost(Duration.ofSeconds(60)).until(() -> heard.size() >= history.size());
            } finally {
                consumer.stop();
            }
        }

        assertThat(heard).containsExactlyElementsOf(history);
        assertThat(wrong).isEmpty();
    }

    static long committed(Admin admin, String group, TopicPartition partition) {
        try {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(partition);
            return offset == null ? 0 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
