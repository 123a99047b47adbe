package vn.thidua.localstack.mongo;

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
 * Measures (and prints) single-document insert throughput with 16 concurrent clients, in-process:
 * <ul>
 *   <li>{@code group-commit}: {@link DurableMongoServer} (asynchronous replies, one writer, group commit),
 *   20,000 inserts, with the data-file size at the end of the load and after the idle compaction;</li>
 *   <li>{@code blocking-128}: the same backend through the stock {@link MongoServer} with 128 netty worker
 *   threads that block until the commit;</li>
 *   <li>{@code blocking-4}: the same with netty's default number of workers (2 x cores) - connections sharing
 *   an event loop wait for each other's commits;</li>
 *   <li>{@code plain}: mongo-java-server's plain H2 backend (not durable: background commit every second).</li>
 * </ul>
 * Only sanity is asserted; the numbers depend on the machine.
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

        // warm-up (discarded): the JIT matters more than anything else here (cold: ~1,500 inserts/s for all
        // variants; warm: several thousand)
        Path warmUpDir = tempDir.resolve("warm-up");
        Files.createDirectories(warmUpDir);
        runStock(new H2Backend(warmUpDir.resolve("plain.mv").toString()), 0, Duration.ofSeconds(3));
        try (DurableMongoServer warmUp = DurableMongoServer.start(warmUpDir, "127.0.0.1", 0)) {
            insert(warmUp.connectionString(), Integer.MAX_VALUE, Duration.ofSeconds(3));
        }

        // plain H2 backend (not durable)
        Path plainDir = tempDir.resolve("plain");
        Files.createDirectories(plainDir);
        Path plainFile = plainDir.resolve(DurableMongoServer.DATA_FILE_NAME);
        Result plain = runStock(new H2Backend(plainFile.toString()), 0, Duration.ofSeconds(5));
        report.add(String.format("plain H2     : %s; file %.1f MB after close", plain, mb(Files.size(plainFile))));

        // group commit, 20,000 single-document inserts
        Path groupDir = tempDir.resolve("group");
        DurableMongoServer server = DurableMongoServer.start(groupDir, "127.0.0.1", 0);
        Result group;
        long sizeAfterLoad;
        long sizeAfterIdle;
        try {
            group = insert(server.connectionString(), 20_000, Duration.ofSeconds(30));
            sizeAfterLoad = Files.size(server.dataFile());
            Thread.sleep(3_000); // idle: the writer compacts harder
            sizeAfterIdle = Files.size(server.dataFile());
            DurableH2Backend.Stats stats = server.backend().stats();
            report.add(String.format("group-commit : %s; %d commits (%.1f inserts/commit); file %.1f MB after the"
                    + " load, %.1f MB after 3 s idle", group, stats.commits(),
                (double) stats.writes() / stats.commits(), mb(sizeAfterLoad), mb(sizeAfterIdle)));
        } finally {
            server.close();
        }
        long sizeAfterClose = Files.size(groupDir.resolve(DurableMongoServer.DATA_FILE_NAME));
        report.add(String.format("group-commit : file %.1f MB after close", mb(sizeAfterClose)));
        assertThat(group.inserts()).isEqualTo(20_000);
        assertThat(sizeAfterClose).as("data file after 20,000 small documents").isLessThan(100L << 20);

        // the same backend through the stock MongoServer, blocking worker threads
        for (int workers : new int[] {128, 0}) {
            Path dir = tempDir.resolve("blocking-" + workers);
            Files.createDirectories(dir);
            DurableH2Backend backend = DurableH2Backend.open(dir.resolve(DurableMongoServer.DATA_FILE_NAME));
            Result blocking = runStock(backend, workers, Duration.ofSeconds(5));
            report.add(String.format("blocking-%-3s : %s", workers == 0 ? "def" : workers, blocking));
        }

        System.out.println("---- insert throughput, " + CLIENTS + " clients, " + Runtime.getRuntime()
            .availableProcessors() + " cores ----");
        report.forEach(System.out::println);
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

    record Result(int inserts, double seconds) {
        @Override
        public String toString() {
            return String.format("%,d inserts in %.1f s = %,.0f inserts/s", inserts, seconds, inserts / seconds);
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
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
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
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(events.countDocuments()).isEqualTo(done.get() + 1L);
            return new Result(done.get(), seconds);
        }
    }

    private static double mb(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
