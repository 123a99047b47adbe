package vn.thidua.eventlog.integrity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The checkpoint topic (ADR 0014): one record per signed checkpoint, keyed by its {@code upTo}, value the JSON of a
 * {@link SignedCheckpoint}; one partition, kept forever, written in the publisher's transactions. {@link #read} goes
 * through it once, from the start to the end it had when opened, reading committed records only.
 */
public final class CheckpointTopic {

    /** The default name of the topic (setting {@code thidua.publication.checkpoint-topic}). */
    public static final String DEFAULT = "thidua.checkpoints";
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CheckpointTopic() {
    }

    /** One record of the topic: a signed checkpoint, or why it could not be read. */
    public record Entry(String coordinates, SignedCheckpoint checkpoint, String unreadable) {
    }

    /** The topic cannot be read (no broker, no topic, no access): the verification says so. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static byte[] encode(SignedCheckpoint checkpoint) {
        try {
            return JSON.writeValueAsBytes(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SignedCheckpoint decode(byte[] value) throws IOException {
        return JSON.readValue(value, SignedCheckpoint.class);
    }

    /** Opens the topic for one pass; {@link Unavailable} when it cannot be read. */
    public static Reader read(String bootstrapServers, String topic) {
        return new Reader(bootstrapServers, topic);
    }

    /** One pass over the topic, record by record (never the whole topic in memory). */
    public static final class Reader implements Iterator<Entry>, AutoCloseable {
        private static final Duration TIMEOUT = Duration.ofSeconds(15);
        private final String topic;
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<TopicPartition, Long> end;
        private final Deque<Entry> buffered = new ArrayDeque<>();

        private Reader(String bootstrapServers, String topic) {
            this.topic = topic;
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // a verifier never creates what it checks
            config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "thidua-checkpoint-verifier");
            KafkaConsumer<String, byte[]> created = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
            try {
                List<PartitionInfo> partitions = created.partitionsFor(topic, TIMEOUT);
                if (partitions == null || partitions.isEmpty()) {
                    throw new Unavailable("the checkpoint topic %s does not exist at %s".formatted(topic, bootstrapServers), null);
                }
                List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                created.assign(assigned);
                created.seekToBeginning(assigned);
                end = new HashMap<>(created.endOffsets(assigned, TIMEOUT));
            } catch (Unavailable e) {
                created.close(Duration.ZERO);
                throw e;
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw new Unavailable("cannot read the checkpoint topic %s at %s: %s".formatted(topic, bootstrapServers, e), e);
            }
            this.consumer = created;
        }

        @Override
        public boolean hasNext() {
            try {
                while (buffered.isEmpty() && !atEnd()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        String where = "%s-%d@%d".formatted(r.topic(), r.partition(), r.offset());
                        try {
                            buffered.add(new Entry(where, decode(r.value()), null));
                        } catch (IOException | RuntimeException e) {
                            buffered.add(new Entry(where, null, e.getMessage()));
                        }
                    }
                }
            } catch (RuntimeException e) {
                throw new Unavailable("the checkpoint topic %s could not be read to its end: %s".formatted(topic, e), e);
            }
            return !buffered.isEmpty();
        }

        /** Every partition read up to the end it had when opened (transaction markers count as read). */
        private boolean atEnd() {
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), TIMEOUT) >= e.getValue());
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffered.poll();
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
