package vn.thidua.projection.stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import vn.thidua.eventlog.publication.EventTopic;
import vn.thidua.testing.Infrastructure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** When the query-service starts first, it creates the event topic exactly as the command side would. */
class TopicCreationTest {

    /** The settings a topic was created with (not the broker's defaults); empty while it does not exist. */
    static Map<String, String> ownSettings(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap()))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return Map.of();
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.entries().stream().filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                    .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
        }
    }

    @Test
    void a_missing_topic_is_created_with_the_settings_the_command_side_creates_it_with() throws Exception {
        String byQuerySide = Infrastructure.uniqueName("created_by_query");
        String byCommandSide = Infrastructure.uniqueName("created_by_command");
        EventTopic.ensureExists(Infrastructure.kafkaBootstrap(), byCommandSide, 2, (short) 1);

        try (MongoClient mongo = MongoClients.create(Infrastructure.mongoUri())) {
            EventStreamConsumer consumer = new EventStreamConsumer(
                    new StreamSettings(byQuerySide, 2, (short) 1, Infrastructure.uniqueName("group"), 100),
                    Infrastructure.kafkaBootstrap(), List.of(), mongo.getDatabase(Infrastructure.uniqueName("topic")),
                    new SimpleMeterRegistry());
            consumer.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !ownSettings(byQuerySide).isEmpty());
            } finally {
                consumer.stop();
            }
        }

        assertThat(ownSettings(byQuerySide)).isEqualTo(ownSettings(byCommandSide)).containsEntry("cleanup.policy", "delete");
    }
}
