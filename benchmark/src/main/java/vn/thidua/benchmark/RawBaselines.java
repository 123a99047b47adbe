package vn.thidua.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static vn.thidua.benchmark.IngestBenchmark.fmt;
import static vn.thidua.benchmark.IngestBenchmark.log;

/**
 * The two baselines the rebuild is compared with, measured on the same stack in the same run: how fast the topic can
 * merely be read, and how fast the MongoDB-wire server can merely take the documents a rebuild writes. The rebuild
 * cannot be faster than the slower of the two ({@link RebuildReport}'s ratio rebuild / min(raw)).
 */
final class RawBaselines {

    private final EventTopic topic;
    private final String mongoUri;
    private final RebuildReport report;

    RawBaselines(EventTopic topic, String mongoUri, RebuildReport report) {
        this.topic = topic;
        this.mongoUri = mongoUri;
        this.report = report;
    }

    /** (a) The whole topic with a plain consumer: bytes only; returns records/s. */
    double kafkaConsume() {
        log("raw Kafka consume of the whole topic (plain KafkaConsumer, byte[] records, no processing)");
        try (KafkaConsumer<byte[], byte[]> consumer = topic.consumer(2000)) {
            List<TopicPartition> partitions = topic.partitions(consumer);
            Map<TopicPartition, Long> end = EventTopic.fromTheBeginning(consumer, partitions);
            long records = 0;
            long bytes = 0;
            long t0 = System.nanoTime();
            while (!EventTopic.reached(consumer, partitions, end)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    bytes += r.serializedValueSize() + Math.max(0, r.serializedKeySize());
                }
            }
            long t1 = System.nanoTime();
            double rate = records / ((t1 - t0) / 1e9);
            report.logAndAdd("raw Kafka consume: %,d records (%.0f MB, %d partitions) in %.1f s = %,.0f events/s (%.1f MB/s)"
                    .formatted(records, bytes / 1e6, partitions.size(), (t1 - t0) / 1e9, rate, bytes / 1e6 / ((t1 - t0) / 1e9)));
            return rate;
        }
    }

    /**
     * (b) The audit-log-like document of each event (the envelope as a document, keyed by position and index, its
     * timestamp a date), unordered insertMany of 1,000 into a scratch collection of the query database. The records
     * are read from the topic and converted between the writes; only the insertMany calls are timed. Returns
     * documents/s.
     */
    double mongoBulkWrite(long count) {
        log("raw MongoDB bulk write of %s audit-log-like documents (unordered insertMany of 1,000, scratch collection thidua_query.bench_raw_writes)"
                .formatted(fmt(count)));
        try (MongoClient client = MongoClients.create(mongoUri);
             KafkaConsumer<byte[], byte[]> consumer = topic.consumer(2000)) {
            MongoCollection<Document> scratch = client.getDatabase("thidua_query").getCollection("bench_raw_writes");
            scratch.drop();
            List<TopicPartition> partitions = topic.partitions(consumer);
            Map<TopicPartition, Long> end = EventTopic.fromTheBeginning(consumer, partitions);
            long written = 0;
            long bytes = 0;
            long writing = 0;
            long t0 = System.nanoTime();
            List<Document> batch = new ArrayList<>(1000);
            InsertManyOptions unordered = new InsertManyOptions().ordered(false);
            while (written < count && !EventTopic.reached(consumer, partitions, end)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (written + batch.size() >= count) {
                        break;
                    }
                    Document d = Document.parse(new String(r.value(), StandardCharsets.UTF_8));
                    d.put("_id", "%019d-%04d".formatted(d.get("position", Number.class).longValue(), d.get("index", Number.class).intValue()));
                    d.put("timestamp", Date.from(Instant.parse(d.getString("timestamp"))));
                    bytes += r.serializedValueSize();
                    batch.add(d);
                    if (batch.size() == 1000) {
                        long s = System.nanoTime();
                        scratch.insertMany(batch, unordered);
                        writing += System.nanoTime() - s;
                        written += batch.size();
                        batch = new ArrayList<>(1000);
                    }
                }
            }
            if (!batch.isEmpty()) {
                long s = System.nanoTime();
                scratch.insertMany(batch, unordered);
                writing += System.nanoTime() - s;
                written += batch.size();
            }
            long wall = System.nanoTime() - t0;
            double rate = written / (writing / 1e9);
            report.logAndAdd(("raw MongoDB bulk write: %,d documents (~%.0f bytes of JSON each) in %.1f s of insertMany = %,.0f events/s"
                    + " (%.1f s wall with reading and converting)").formatted(written, bytes / (double) Math.max(1, written),
                    writing / 1e9, rate, wall / 1e9));
            long s = System.nanoTime();
            scratch.drop();
            log("scratch collection dropped in %.1f s".formatted((System.nanoTime() - s) / 1e9));
            return rate;
        }
    }
}
