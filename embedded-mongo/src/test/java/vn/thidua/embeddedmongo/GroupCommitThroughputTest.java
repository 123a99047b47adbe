package vn.thidua.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Measures (and prints) single-document insert throughput with 16 concurrent clients plus one client doing
 * point reads, in-process, each variant on a fresh data file:
 * <ul>
 *   <li>{@code plain}: mongo-java-server's plain H2 backend (not durable: background commit every second);</li>
 *   <li>{@code group-commit}: {@link DurableMongoServer} (asynchronous replies, one writer, group commit);</li>
 *   <li>{@code blocking-128}: the same backend through the stock {@link MongoServer} with 128 netty worker
 *   threads that block until the commit;</li>
 *   <li>{@code blocking-def}: the same with netty's default number of workers (2 x cores): connections sharing
 *   an event loop wait for each other's commits.</li>
 * </ul>
 * Then 20,000 inserts with group commit, reporting the data-file size after the load, after idle compaction and
 * after close. Opt-in ({@code -Dbenchmarks=true}), about 60 s. Only sanity is asserted; the numbers depend on
 * the machine and on its other load.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "benchmarks", matches = "true",
    disabledReason = "benchmark; run with -Dbenchmarks=true")
class GroupCommitThroughputTest {

    static {
        QuietLogging.apply();
    }

    private static final int CLIENTS = 16;

    @TempDir
    Path tempDir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void insertThroughputWith16Clients() throws Exception {
        List<String> report = new ArrayList<>();

        // warm-up (discarded): the JIT matters a lot here (cold, every variant does ~1,500 inserts/s)
        run("plain", Duration.ofSeconds(3));
        run("group-commit", Duration.ofSeconds(3));

        // two rounds of 4 s per variant, interleaved, so that a noisy neighbour hurts all of them alike
        for (int round = 1; round <= 2; round++) {
            for (String variant : List.of("plain", "group-commit", "blocking-128", "blocking-def")) {
                report.add(String.format("round %d %-13s: %s", round, variant, run(variant, Duration.ofSeconds(4))));
            }
        }

        // group commit, 20,000 single-document inserts: size of the data file
        Path groupDir = tempDir.resolve("group-20k");
        DurableMongoServer server = DurableMongoServer.start(groupDir, "127.0.0.1", 0);
        Result group;
        try {
            group = insert(server.connectionString(), 20_000, Duration.ofSeconds(30));
            long sizeAfterLoad = Files.size(server.dataFile());
            // idle, the writer compacts harder, a round per housekeeping interval (500 ms): wait until the file has
            // shrunk and stopped shrinking from one interval to the next
            java.util.concurrent.atomic.AtomicLong previous = new java.util.concurrent.atomic.AtomicLong(sizeAfterLoad);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofMillis(600))
                .pollInterval(Duration.ofMillis(600)).until(() -> {
                    long now = Files.size(server.dataFile());
                    return now < sizeAfterLoad && now == previous.getAndSet(now);
                });
            long sizeAfterIdle = Files.size(server.dataFile());
            DurableH2Backend.Stats stats = server.backend().stats();
            report.add(String.format("20,000 inserts, group commit: %s; %d commits (%.1f inserts/commit); data file"
                    + " %.1f MB right after the load, %.1f MB after idle compaction", group, stats.commits(),
                (double) stats.writes() / stats.commits(), mb(sizeAfterLoad), mb(sizeAfterIdle)));
        } finally {
            server.close();
        }
        long sizeAfterClose = Files.size(groupDir.resolve(DurableMongoServer.DATA_FILE_NAME));
        report.add(String.format("20,000 inserts, group commit: data file %.1f MB after close", mb(sizeAfterClose)));
        assertThat(group.inserts()).isEqualTo(20_000);
        assertThat(sizeAfterClose).as("data file after 20,000 small documents").isLessThan(100L << 20);

        System.out.println("---- insert throughput, " + CLIENTS + " clients, " + Runtime.getRuntime()
            .availableProcessors() + " cores ----");
        report.forEach(System.out::println);
    }

    private int runs;

    /** One run of a variant on a fresh data file. */
    private Result run(String variant, Duration duration) throws Exception {
        Path dir = tempDir.resolve(variant + "-" + (++runs));
        Files.createDirectories(dir);
        Path file = dir.resolve(DurableMongoServer.DATA_FILE_NAME);
        switch (variant) {
            case "plain":
                return runStock(new H2Backend(file.toString()), 0, duration);
            case "blocking-128":
                return runStock(DurableH2Backend.open(file), 128, duration);
            case "blocking-def":
                return runStock(DurableH2Backend.open(file), 0, duration);
            case "group-commit":
                try (DurableMongoServer server = DurableMongoServer.start(dir, "127.0.0.1", 0)) {
                    return insert(server.connectionString(), Integer.MAX_VALUE, duration);
                }
            default:
                throw new IllegalArgumentException(variant);
        }
    }

    private static Result runStock(de.bwaldvogel.mongo.MongoBackend backend, int workers, Duration duration)
        throws Exception {
        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", 0), 0, workers);
        try {
            return insert(server.getConnectionString(), Integer.MAX_VALUE, duration);
        } finally {
            server.shutdownNow();
        }
    }

    record Result(int inserts, double seconds, double readMedianMillis, double readP99Millis) {
        @Override
        public String toString() {
            return String.format("%,d inserts in %.1f s = %,.0f inserts/s; concurrent find-by-_id median %.1f ms,"
                + " p99 %.1f ms", inserts, seconds, inserts / seconds, readMedianMillis, readP99Millis);
        }
    }

    /** CLIENTS threads insert single small documents until maxInserts or maxDuration is reached. */
    static Result insert(String connectionString, int maxInserts, Duration maxDuration) throws Exception {
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(connectionString))
            .applyToConnectionPoolSettings(b -> b.maxSize(CLIENTS + 4))
            .build())) {
            MongoCollection<Document> events = client.getDatabase("bench").getCollection("events");
            events.insertOne(new Document("_id", "warm-up"));
            AtomicInteger next = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            long start = System.nanoTime();
            long deadline = start + maxDuration.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            List<Double> readMillis = new ArrayList<>();
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    futures.add(pool.submit(() -> {
                        int n;
                        while ((n = next.incrementAndGet()) <= maxInserts && System.nanoTime() < deadline) {
                            events.insertOne(new Document("_id", n).append("aggregateId", "agg-" + (n % 100))
                                .append("seq", n).append("type", "SomethingHappened").append("payload", "event " + n));
                            done.incrementAndGet();
                        }
                        return null;
                    }));
                }
                // one reader: how long does a point read take while the writers keep the server busy?
                Future<?> reader = pool.submit(() -> {
                    java.util.Random random = new java.util.Random(1);
                    while (next.get() <= maxInserts && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        events.find(new Document("_id", 1 + random.nextInt(Math.max(1, done.get())))).first();
                        readMillis.add((System.nanoTime() - t0) / 1e6);
                        Thread.sleep(2); // pacing: the reader samples, it must not compete with the writers
                    }
                    return null;
                });
                for (Future<?> future : futures) {
                    future.get();
                }
                reader.get();
            } finally {
                pool.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(events.countDocuments()).isEqualTo(done.get() + 1L);
            readMillis.sort(null);
            double median = readMillis.isEmpty() ? Double.NaN : readMillis.get(readMillis.size() / 2);
            double p99 = readMillis.isEmpty() ? Double.NaN
                : readMillis.get(Math.min(readMillis.size() - 1, (int) (readMillis.size() * 0.99)));
            return new Result(done.get(), seconds, median, p99);
        }
    }

    private static double mb(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
