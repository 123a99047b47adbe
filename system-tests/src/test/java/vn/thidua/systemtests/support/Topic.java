package vn.thidua.systemtests.support;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import vn.thidua.eventlog.envelope.EnvelopeCodec;
import vn.thidua.eventlog.envelope.EventEnvelope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The event topic as a plain downstream consumer sees it, read from the beginning. */
public final class Topic {

    /** One record: where it is and which event it carries. */
    public record Record(int partition, long offset, String key, String aggregateId, long sequence, long position) {
        public String eventKey() {
            return aggregateId + "#" + sequence;
        }
    }

    private Topic() {
    }

    /** Every record on the topic up to the end offsets at the time of the call. */
    public static List<Record> readAll(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<Record> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(10)) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read topic " + topic + " to its end " + end + " within 30 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    try {
                        EventEnvelope e = EnvelopeCodec.decode(r.value());
                        records.add(new Record(r.partition(), r.offset(), r.key(), e.aggregateId(), e.sequence(),
                                e.position()));
                    } catch (IOException ex) {
                        throw new UncheckedIOException("Unreadable record " + r.partition() + "@" + r.offset(), ex);
                    }
                }
            }
            return records;
        }
    }

    /** The distinct events ({@code aggregateId#sequence}) among the records. */
    public static Set<String> distinctEvents(List<Record> records) {
        return records.stream().map(Record::eventKey).collect(Collectors.toCollection(HashSet::new));
    }

    /** Events that appear more than once, with their number of copies. */
    public static Map<String, Long> duplicates(List<Record> records) {
        return records.stream().collect(Collectors.groupingBy(Record::eventKey, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
