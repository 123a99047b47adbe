package vn.thidua.eventlog.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import vn.thidua.eventlog.envelope.EnvelopeCodec;
import vn.thidua.eventlog.envelope.EventEnvelope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads everything on a topic from the beginning, as a consumer downstream would see it. */
public final class TopicReader implements AutoCloseable {

    /** One record as read: where it is on the topic, and the envelope it carries. */
    public record Published(int partition, long offset, EventEnvelope envelope) {

        public String aggregateId() {
            return envelope.aggregateId();
        }

        public long position() {
            return envelope.position();
        }

        public String eventId() {
            return envelope.eventId();
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Published> seen = new ArrayList<>();
    private final String topic;

    public TopicReader(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Everything published so far (keeps polling where it stopped). */
    public synchronized List<Published> all() {
        if (consumer.assignment().isEmpty()) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (partitions == null || partitions.isEmpty()) {
                return List.copyOf(seen);
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
            try {
                seen.add(new Published(r.partition(), r.offset(), EnvelopeCodec.decode(r.value())));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
