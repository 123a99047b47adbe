package vn.thidua.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static vn.thidua.benchmark.IngestBenchmark.log;

/**
 * Start-up of the whole local stack and its return after a crash of every process:
 * <ol>
 *   <li>starts the stack as {@code ./run.sh} would (the launcher, then the MongoDB-wire server, Kafka and both services)
 *       on an empty data directory, from the built jars: the seconds until the launcher prints READY;</li>
 *   <li>stores {@code events} events directly (the rebuild benchmark's mix) and lets the query side apply them, so the
 *       restart has data to recover;</li>
 *   <li>16 clients register movements through the API (at least 5 s, and until 100 were acknowledged or 60 s passed);
 *       while they do, every process of the stack gets SIGKILL at once;</li>
 *   <li>starts the stack again on the same data directory and ports: the seconds until READY; then checks that every
 *       movement whose registration was acknowledged (201) before the kill is in the event log, and that the
 *       query side catches up with the log.</li>
 * </ol>
 */
final class StartupBenchmark {

    /**
     * @param startSeconds     launcher start → READY on an empty data directory
     * @param restartSeconds   launcher start → READY after SIGKILL of every process
     * @param acknowledged     registrations answered 201 before the kill
     * @param lost             of those, missing from the log after the restart
     * @param caughtUp         the query side applied everything the log holds after the restart
     */
    record Result(double startSeconds, List<String> startMilestones, double restartSeconds,
                  List<String> restartMilestones, long acknowledged, long lost, boolean caughtUp) {

        boolean durable() {
            return lost == 0 && acknowledged > 0;
        }
    }

    private StartupBenchmark() {
    }

    static Result measure(Path stackJar, long events) throws Exception {
        Path data = Files.createTempDirectory("thidua-bench-startup-");
        int base = freePorts();
        BenchOptions options = new BenchOptions();
        options.dataDir = data;
        options.keepData = true;
        options.basePort = base;
        options.stackJar = stackJar;
        try {
            log("start-up: the whole stack on an empty data directory (%s), ports %d-%d".formatted(data, base, base + 3));
            Stack first = Stack.start(options);
            double start = first.readySeconds;
            List<String> startMilestones = List.copyOf(first.milestones);
            log("start-up: READY after %.1f s (%s)".formatted(start, String.join(", ", startMilestones)));
            List<String> acknowledged;
            try (StackProbe probe = new StackProbe(first, first.tokens.operator("bench-startup-probe"))) {
                if (events > 0) {
                    RebuildOptions writers = new RebuildOptions();
                    writers.events = events;
                    EventWriters.Stored stored = new EventWriters(writers, first, probe, new RebuildReport()).store();
                    new LivePipeline(new EventTopic(first.kafkaBootstrap, writers.topic), probe, Duration.ofMinutes(10),
                            new RebuildReport()).awaitCaughtUp(stored.events(), stored.storedAt());
                }
                acknowledged = registerUntilKilled(first);
            } finally {
                first.close(); // after the kill: nothing left to stop
            }
            log("start-up: %d registrations acknowledged before the kill; restarting on the same data".formatted(acknowledged.size()));
            Stack second = Stack.start(options);
            double restart = second.readySeconds;
            List<String> restartMilestones = List.copyOf(second.milestones);
            log("start-up after SIGKILL of every process: READY after %.1f s (%s)".formatted(restart,
                    String.join(", ", restartMilestones)));
            long lost;
            boolean caughtUp;
            try (StackProbe probe = new StackProbe(second, second.tokens.operator("bench-startup-probe"))) {
                lost = missingFromLog(second.mongoUri, acknowledged);
                caughtUp = awaitCaughtUp(probe, Duration.ofMinutes(5));
            } finally {
                second.close();
            }
            log("start-up: %d of %d acknowledged registrations missing from the log after the restart; query side %s"
                    .formatted(lost, acknowledged.size(), caughtUp ? "caught up" : "NOT caught up within 5 min"));
            return new Result(start, startMilestones, restart, restartMilestones, acknowledged.size(), lost, caughtUp);
        } finally {
            delete(data);
        }
    }

    /**
     * 16 clients register movements (one command, one new aggregate each) for a few seconds; then every process of the
     * stack is killed with SIGKILL while they still send. Returns the ids whose registration was answered 201.
     */
    private static List<String> registerUntilKilled(Stack stack) throws Exception {
        String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase(Locale.ROOT);
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int client = i;
            LoadClient c = new LoadClient(stack.commandUrl, stack.tokens.admin("bench-startup-" + i));
            Thread t = new Thread(() -> {
                Recorder r = new Recorder();
                for (int n = 0; !stop.get(); n++) {
                    String id = "K%s-%02d%05d".formatted(tag, client, n);
                    if (c.register(id, r)) {
                        acknowledged.add(id);
                    }
                }
            }, "bench-startup-client-" + i);
            t.setDaemon(true);
            t.start();
            clients.add(t);
        }
        // at least 5 s of load, and until some registrations were acknowledged (a cold stack on a busy machine answers
        // its first requests late): the check after the restart needs acknowledged writes to mean anything
        long deadline = System.nanoTime() + 60_000_000_000L;
        Thread.sleep(5_000);
        while (acknowledged.size() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        stack.killEverything();
        stop.set(true);
        for (Thread t : clients) {
            t.join(60_000);
        }
        synchronized (acknowledged) {
            return List.copyOf(acknowledged);
        }
    }

    /** How many of the movements have no commit at sequence 0 in the log. */
    private static long missingFromLog(String mongoUri, List<String> movements) {
        try (MongoClient client = MongoClients.create(mongoUri)) {
            MongoCollection<Document> events = client.getDatabase("thidua_events").getCollection("events");
            long missing = 0;
            for (String id : movements) {
                if (events.find(Filters.eq("stream", id + "#0")).first() == null) {
                    missing++;
                    log("  LOST: movement " + id + " was acknowledged but is not in the log");
                }
            }
            return missing;
        }
    }

    /** Waits until the publisher has nothing left and the query side applied all it published. */
    private static boolean awaitCaughtUp(StackProbe probe, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long lag = probe.publicationLag();
            long published = probe.published();
            long applied = probe.applied();
            if (lag == 0 && published >= 0 && applied >= published) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** A base port with it and the three after it free (the restart needs the same four ports). */
    private static int freePorts() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (free(base) && free(base + 1) && free(base + 2) && free(base + 3)) {
                return base;
            }
        }
        throw new IOException("no four free consecutive ports found");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log("could not delete " + dir + ": " + e);
        }
    }
}
