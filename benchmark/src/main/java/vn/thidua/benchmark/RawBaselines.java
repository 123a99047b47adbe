package vn.thidua.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.bson.RawBsonDocument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static vn.thidua.benchmark.IngestBenchmark.fmt;
import static vn.thidua.benchmark.IngestBenchmark.log;

/**
 * The two baselines the rebuild is compared with, measured on the same stack in the same run: how fast the topic can
 * merely be read, and how fast the MongoDB-wire server can merely take the documents the rebuild wrote
 * ({@link RebuildReport}'s ratio: the raw write's time over the rebuild's).
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
     * (b) Exactly the documents the rebuild wrote: every document of the generation it just built (each collection
     * {@code <name>__g<n>} of the highest {@code n}), written again into scratch collections of the same server that
     * have the same indexes ({@code bench_raw__<name>}), by unordered insertMany of at most 1,000 documents or 16 MB.
     * The documents are read between the writes; only the insertMany calls are timed. This is the least a rebuild has to
     * write — each read-model document once, at its final size — so its time is a fair limit for the rebuild's.
     *
     * @return seconds of writing, and what was written
     */
    Written rebuiltDocuments() {
        try (MongoClient client = MongoClients.create(mongoUri)) {
            MongoDatabase db = client.getDatabase("thidua_query");
            Map<String, String> newest = newestGeneration(db);
            log("raw MongoDB bulk write of the documents the rebuild wrote: " + newest.values());
            long documents = 0;
            long bytes = 0;
            long writing = 0;
            long t0 = System.nanoTime();
            InsertManyOptions unordered = new InsertManyOptions().ordered(false);
            Map<String, Long> perCollection = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : newest.entrySet()) {
                MongoCollection<RawBsonDocument> source = db.getCollection(e.getValue(), RawBsonDocument.class);
                MongoCollection<RawBsonDocument> scratch = db.getCollection("bench_raw__" + e.getKey(), RawBsonDocument.class);
                scratch.drop();
                for (Document index : source.listIndexes()) {
                    if (index.getString("name").equals("_id_")) {
                        continue;
                    }
                    IndexOptions options = new IndexOptions().name(index.getString("name"))
                            .unique(index.getBoolean("unique", false)).sparse(index.getBoolean("sparse", false));
                    scratch.createIndex(index.get("key", Document.class), options);
                }
                List<RawBsonDocument> batch = new ArrayList<>();
                long batchBytes = 0;
                long count = 0;
                for (RawBsonDocument d : source.find().batchSize(200)) {
                    batch.add(d);
                    batchBytes += d.getByteBuffer().remaining();
                    if (batch.size() == 1000 || batchBytes >= 16 << 20) {
                        long s = System.nanoTime();
                        scratch.insertMany(batch, unordered);
                        writing += System.nanoTime() - s;
                        count += batch.size();
                        bytes += batchBytes;
                        batch = new ArrayList<>();
                        batchBytes = 0;
                    }
                }
                if (!batch.isEmpty()) {
                    long s = System.nanoTime();
                    scratch.insertMany(batch, unordered);
                    writing += System.nanoTime() - s;
                    count += batch.size();
                    bytes += batchBytes;
                }
                documents += count;
                perCollection.put(e.getKey(), count);
            }
            long wall = System.nanoTime() - t0;
            Written written = new Written(documents, bytes, writing / 1e9);
            report.logAndAdd(("raw MongoDB bulk write of the rebuilt documents: %,d documents (%.0f MB of BSON; %s) in %.1f s"
                    + " of insertMany (%.1f s wall with reading them)").formatted(documents, bytes / 1e6,
                    perCollection.entrySet().stream().map(x -> x.getKey() + " " + fmt(x.getValue())).toList(),
                    written.seconds(), wall / 1e9));
            long s = System.nanoTime();
            newest.keySet().forEach(name -> db.getCollection("bench_raw__" + name).drop());
            log("scratch collections dropped in %.1f s".formatted((System.nanoTime() - s) / 1e9));
            return written;
        }
    }

    /** What the raw bulk write wrote, and its seconds of insertMany. */
    record Written(long documents, long bytes, double seconds) {
    }

    /** Logical name → the collection of its highest generation ({@code <name>__g<n>}). */
    static Map<String, String> newestGeneration(MongoDatabase db) {
        Map<String, Long> generation = new TreeMap<>();
        for (String name : db.listCollectionNames()) {
            Matcher m = GENERATION.matcher(name);
            if (m.matches()) {
                generation.merge(m.group(1), Long.parseLong(m.group(2)), Math::max);
            }
        }
        Map<String, String> newest = new LinkedHashMap<>();
        generation.forEach((name, n) -> newest.put(name, name + "__g" + n));
        if (newest.isEmpty()) {
            throw new IllegalStateException("no rebuilt generation (<name>__g<n>) in thidua_query");
        }
        return newest;
    }

    private static final Pattern GENERATION = Pattern.compile("(.+)__g(\\d+)");
}
