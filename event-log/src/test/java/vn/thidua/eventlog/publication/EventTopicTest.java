package vn.thidua.eventlog.publication;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import vn.thidua.testing.Infrastructure;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The event topic, as whichever service starts first creates it. */
class EventTopicTest {

    /** The settings the topic was created with (not the broker's defaults). */
    static Map<String, String> ownSettings(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.entries().stream().filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                    .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
        }
    }

    static int partitions(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        }
    }

    @Test
    void a_missing_topic_is_created_to_keep_every_event_forever() throws Exception {
        String topic = "topic_" + UUID.randomUUID().toString().substring(0, 8);

        EventTopic.ensureExists(Infrastructure.kafkaBootstrap(), topic, 3, (short) 1);

        assertThat(ownSettings(topic)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "delete"));
        assertThat(partitions(topic)).isEqualTo(3);
    }

    @Test
    void an_existing_topic_is_left_as_it_is() throws Exception {
        String topic = "topic_" + UUID.randomUUID().toString().substring(0, 8);
        EventTopic.ensureExists(Infrastructure.kafkaBootstrap(), topic, 2, (short) 1);

        EventTopic.ensureExists(Infrastructure.kafkaBootstrap(), topic, 6, (short) 1);

        assertThat(partitions(topic)).isEqualTo(2);
    }
}
