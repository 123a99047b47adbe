package vn.thidua.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    Path tmp;

    @Test
    void recordsSurviveStopAndRestartOnTheSameDataDirAndPort() throws Exception {
        Path dataDir = tmp.resolve("kafka");
        String topic = "events";

        KafkaBroker broker = KafkaBroker.start(dataDir, 0);
        int port = broker.port();
        String clusterId = broker.clusterId();
        try {
            assertThat(port).isPositive();
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(Files.exists(dataDir.resolve("kraft/meta.properties"))).isTrue();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                        .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")))).all().get();
                assertThat(admin.listTopics().names().get()).contains(topic);
            }
            try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
                producer.send(new ProducerRecord<>(topic, "k1", "before-restart")).get();
            }
            assertThat(consumeAll(broker.bootstrapServers(), topic, 1)).containsExactly("before-restart");
        } finally {
            broker.stop();
        }
        broker.stop(); // idempotent

        KafkaBroker restarted = KafkaBroker.start(dataDir, port);
        try {
            assertThat(restarted.port()).isEqualTo(port);
            assertThat(restarted.clusterId()).isEqualTo(clusterId);
            try (KafkaProducer<String, String> producer = producer(restarted.bootstrapServers())) {
                producer.send(new ProducerRecord<>(topic, "k2", "after-restart")).get();
            }
            assertThat(consumeAll(restarted.bootstrapServers(), topic, 2)).containsExactly("before-restart", "after-restart");
            // auto.create.topics.enable=false: only the topic created explicitly exists (internal topics not listed)
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, restarted.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).isEqualTo(Set.of(topic));
            }
        } finally {
            restarted.stop();
        }
    }

    @Test
    void aProducerAndConsumerConnectedAcrossAStopAndRestartLoseNothing() throws Exception {
        Path dataDir = tmp.resolve("kafka-mid-stream");
        String topic = "mid-stream";
        KafkaBroker broker = KafkaBroker.start(dataDir, 0);
        int port = broker.port();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 100; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            producer.flush();
            long t0 = System.nanoTime();
            broker.stop();
            // sent while the broker is down: buffered by the producer, delivered after the restart
            for (int i = 100; i < 200; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            broker = KafkaBroker.start(dataDir, port);
            System.out.printf("Kafka stop + restart on the same dir and port: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            for (var ack : acks) {
                ack.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        try {
            List<String> values = consumeAll(broker.bootstrapServers(), topic, 200);
            assertThat(values).hasSize(200);
            assertThat(Set.copyOf(values)).hasSize(200);
        } finally {
            broker.stop();
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
    }

    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
