package vn.thidua.projection.rebuild;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the whole event topic from its beginning with a consumer of its own (no group: it commits nothing and takes
 * no partition away from the live consumers), up to a target of end offsets that can be moved forward.
 */
final class TopicReplay implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;

    TopicReplay(String bootstrapServers, String topic, int maxPollRecords) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // committed batches of the publisher only: a fenced former publisher's unfinished batch is never read
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** How many records the topic holds now, from its beginning. */
    long size(Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
    }

    Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(partitions);
    }

    /** Records not yet read up to the target. */
    long remaining(Map<TopicPartition, Long> target) {
        long left = 0;
        for (TopicPartition p : partitions) {
            left += Math.max(0, target.get(p) - consumer.position(p));
        }
        return left;
    }

    /** The next records, none at or beyond the target offsets; empty when the target is reached. */
    List<ConsumerRecord<String, byte[]>> next(Map<TopicPartition, Long> target) {
        if (remaining(target) == 0) {
            return List.of();
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        java.util.ArrayList<ConsumerRecord<String, byte[]>> within = new java.util.ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition p = new TopicPartition(r.topic(), r.partition());
            if (r.offset() < target.get(p)) {
                within.add(r);
            }
        }
        // what was fetched beyond the target is read again when the target moves
        for (TopicPartition p : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> got = records.records(p);
            long last = got.get(got.size() - 1).offset();
            if (last >= target.get(p)) {
                consumer.seek(p, target.get(p));
            }
        }
        return within;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
