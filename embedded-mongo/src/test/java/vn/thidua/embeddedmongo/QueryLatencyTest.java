package vn.thidua.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

/**
 * Which lookups are point lookups on mongo-java-server's H2 backend, measured on 100,000 documents
 * (in-process {@link DurableMongoServer}): {@code $in} on a single-field unique index vs {@code _id $in} vs
 * single equality, with a full scan for reference.
 * <p>
 * Why {@code {field: {$in: [...]}}} on a unique single-field index is a point lookup: the collection asks each
 * index whether it {@code canHandle} the query ({@code AbstractMongoCollection.queryDocuments});
 * {@code AbstractUniqueIndex.canHandle} accepts a query whose key set is exactly the index's keys and whose
 * value is either a plain value or a document of {@code $in} only (compound indexes refuse documents), and
 * {@code getPositions} then looks up each {@code $in} value separately ({@code getPositionsForExpression}).
 * Any other field in the same query (e.g. {@code {code: {$in: ...}, type: "x"}}) makes the key set differ, and
 * the query becomes a full scan.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "benchmarks", matches = "true",
    disabledReason = "benchmark; run with -Dbenchmarks=true")
class QueryLatencyTest {

    static {
        QuietLogging.apply();
    }

    private static final int DOCUMENTS = 100_000;
    private static final int IN_VALUES = 20;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void inOnUniqueSecondaryFieldIsAPointLookup() {
        try (DurableMongoServer server = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> events = client.getDatabase("bench").getCollection("events");
            events.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            long loadStart = System.nanoTime();
            // 4 loaders: their insert commands (1,000 documents each) share group commits
            IntStream.range(0, 4).parallel().forEach(loader -> {
                List<Document> batch = new ArrayList<>();
                for (int i = loader; i < DOCUMENTS; i += 4) {
                    batch.add(new Document("_id", id(i)).append("code", code(i)).append("n", i)
                        .append("type", "T" + (i % 10)).append("payload", "payload of event " + i));
                    if (batch.size() == 1_000) {
                        events.insertMany(batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    events.insertMany(batch);
                }
            });
            System.out.printf("loaded %,d documents in %.1f s%n", DOCUMENTS, (System.nanoTime() - loadStart) / 1e9);
            assertThat(events.countDocuments()).isEqualTo(DOCUMENTS);

            Random random = new Random(42);
            IntFunction<List<String>> randomCodes = ignored -> pick(random, QueryLatencyTest::code);
            IntFunction<List<String>> randomIds = ignored -> pick(random, QueryLatencyTest::id);

            List<String> lines = new ArrayList<>();
            lines.add(measure(events, "find({code: {$in: [20]}})   unique secondary", 300, IN_VALUES,
                i -> Filters.in("code", randomCodes.apply(i))));
            lines.add(measure(events, "find({_id: {$in: [20]}})", 300, IN_VALUES,
                i -> Filters.in("_id", randomIds.apply(i))));
            lines.add(measure(events, "find({code: X})             unique secondary", 300, 1,
                i -> Filters.eq("code", code(random.nextInt(DOCUMENTS)))));
            lines.add(measure(events, "find({_id: X})", 300, 1,
                i -> Filters.eq("_id", id(random.nextInt(DOCUMENTS)))));
            lines.add(measure(events, "find({code: {$in: [20]}, type: T}) (scan)", 3, -1,
                i -> Filters.and(Filters.in("code", randomCodes.apply(i)), Filters.eq("type", "T1"))));
            lines.add(measure(events, "find({n: X})                not indexed (scan)", 3, 1,
                i -> Filters.eq("n", random.nextInt(DOCUMENTS))));

            System.out.println("---- query latency, " + DOCUMENTS + " documents, " + Runtime.getRuntime()
                .availableProcessors() + " cores ----");
            lines.forEach(System.out::println);
        }
    }

    private static String id(int i) {
        return String.format("event-%07d", i);
    }

    private static String code(int i) {
        return String.format("CODE-%06d", (i * 7919L) % DOCUMENTS); // unique, not in insertion order
    }

    private static List<String> pick(Random random, IntFunction<String> value) {
        List<String> values = new ArrayList<>();
        while (values.size() < IN_VALUES) {
            String candidate = value.apply(random.nextInt(DOCUMENTS));
            if (!values.contains(candidate)) {
                values.add(candidate);
            }
        }
        return values;
    }

    /** Runs the query {@code iterations} times (after a few warm-up runs) and reports median / p95 / max. */
    private static String measure(MongoCollection<Document> collection, String name, int iterations,
                                  int expectedResults, IntFunction<Bson> filter) {
        int warmUp = Math.min(iterations, 20);
        for (int i = 0; i < warmUp; i++) {
            collection.find(filter.apply(i)).into(new ArrayList<>());
        }
        double[] millis = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            Bson query = filter.apply(i);
            long start = System.nanoTime();
            List<Document> result = collection.find(query).into(new ArrayList<>());
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (expectedResults >= 0) {
                assertThat(result).hasSize(expectedResults);
            }
        }
        Arrays.sort(millis);
        return String.format("%-48s median %8.2f ms   p95 %8.2f ms   max %8.2f ms   (n=%d)", name,
            millis[iterations / 2], millis[Math.min(iterations - 1, (int) (iterations * 0.95))],
            millis[iterations - 1], iterations);
    }
}
