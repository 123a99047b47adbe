package vn.thidua.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;

/**
 * The guarantee of {@link DurableH2Backend}: every insert the server acknowledged is still there after the
 * server process was killed with SIGKILL while inserts were in flight, and after a restart on the same files.
 * Real child processes, two kill/restart rounds.
 */
class AcknowledgedWritesSurviveKillTest {

    static {
        QuietLogging.apply();
    }

    private static final int CLIENTS = 4;
    private static final Duration INSERT_TIME = Duration.ofMillis(2_500);
    private static final int MIN_ACKNOWLEDGED = 300;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyAcknowledgedInsertSurvivesKill9() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        for (int round = 1; round <= 2; round++) {
            try (MongoChildProcess server = MongoChildProcess.start(dataDir)) {
                RoundResult result = insertUntilKilled(server, "r" + round, acknowledged);
                System.out.printf("round %d: %d inserts acknowledged before SIGKILL, %d failed in flight%n",
                    round, result.acknowledged(), result.failed());
                assertThat(result.acknowledged()).as("inserts acknowledged before the kill").isGreaterThanOrEqualTo(50);
            }
            try (MongoChildProcess server = MongoChildProcess.start(dataDir)) {
                Set<String> stored = storedIds(server.connectionString());
                Set<String> missing = new HashSet<>(acknowledged);
                missing.removeAll(stored);
                System.out.printf("after restart %d: %d documents stored, %d acknowledged, %d missing%n",
                    round, stored.size(), acknowledged.size(), missing.size());
                assertThat(missing).as("acknowledged but lost after kill -9").isEmpty();
                // the store is usable after the crash recovery
                try (MongoClient client = client(server.connectionString())) {
                    collection(client).insertOne(new Document("_id", "after-restart-" + round));
                    acknowledged.add("after-restart-" + round);
                }
                if (round == 2) {
                    assertThat(server.stop()).as("exit code after SIGTERM").isIn(0, 143);
                }
            }
        }
    }

    /**
     * Informational: the same scenario against mongo-java-server's plain H2 backend (background commit about
     * once a second). It usually loses acknowledged inserts, but not always, so nothing is asserted.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void plainH2BackendForComparison() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (MongoChildProcess server = MongoChildProcess.start(dataDir, "--no-group-commit")) {
            insertUntilKilled(server, "plain", acknowledged);
        }
        try (MongoChildProcess server = MongoChildProcess.start(dataDir, "--no-group-commit")) {
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(storedIds(server.connectionString()));
            System.out.printf("plain H2 backend: %d acknowledged, %d lost by kill -9%n",
                acknowledged.size(), missing.size());
        }
    }

    record RoundResult(int acknowledged, int failed) {
    }

    /** CLIENTS threads insert single documents; after INSERT_TIME the server is killed mid-flight. */
    private static RoundResult insertUntilKilled(MongoChildProcess server, String prefix, Set<String> acknowledged)
        throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        try (MongoClient client = client(server.connectionString())) {
            MongoCollection<Document> collection = collection(client);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                String threadPrefix = prefix + "-t" + t + "-";
                Thread thread = new Thread(() -> {
                    try {
                        for (int n = 0; !stop.get(); n++) {
                            String id = threadPrefix + n;
                            try {
                                collection.insertOne(new Document("_id", id).append("n", n)
                                    .append("payload", "x".repeat(100)));
                                acknowledged.add(id);
                                acked.incrementAndGet();
                            } catch (RuntimeException e) {
                                // the server is gone (or going): this insert was not acknowledged
                                failed.incrementAndGet();
                                if (failed.get() > 1_000) {
                                    return;
                                }
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }, "inserter-" + t);
                threads.add(thread);
                thread.start();
            }
            // at least INSERT_TIME and MIN_ACKNOWLEDGED inserts (a loaded machine can be slow), at most 20 s
            org.awaitility.Awaitility.await().pollDelay(INSERT_TIME).atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50)).until(() -> acked.get() >= MIN_ACKNOWLEDGED);
            server.kill(); // SIGKILL while the inserters keep going
            // the inserters keep trying for a moment against the dead server: their failures are not acknowledgements
            org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(200)).until(() -> true);
            stop.set(true);
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }
        return new RoundResult(acked.get(), failed.get());
    }

    private static Set<String> storedIds(String connectionString) {
        Set<String> ids = new HashSet<>();
        try (MongoClient client = client(connectionString)) {
            for (Document document : collection(client).find().projection(Projections.include("_id"))) {
                ids.add(document.getString("_id"));
            }
        }
        return ids;
    }

    private static MongoClient client(String connectionString) {
        return MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(connectionString))
            .retryWrites(false)
            .applyToClusterSettings(b -> b.serverSelectionTimeout(2, TimeUnit.SECONDS))
            .applyToSocketSettings(b -> b.connectTimeout(1, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS))
            .build());
    }

    private static MongoCollection<Document> collection(MongoClient client) {
        return client.getDatabase("durability").getCollection("events");
    }
}
