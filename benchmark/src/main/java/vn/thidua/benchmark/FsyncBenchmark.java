package vn.thidua.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

/**
 * The cost of the embedded store's {@code --fsync} ({@code ./bench.sh fsync}, ADR 0013): the MongoDB-wire server as its
 * own process (from the local-stack jar, as {@code ./run.sh} starts it) on a fresh directory, and N closed-loop clients
 * each inserting one event-sized document per command (the event store's commit of a single-event command: one
 * acknowledged insert under a unique index on stream and sequence), with and without {@code --fsync}. The sides
 * alternate (off, on, off, on, …) so that a change of the machine's load hits both alike; each run prints commits/s,
 * latency p50/p99 and, from the store's own counters (logged when it stops), the inserts per group commit and the
 * fsyncs per insert. The summary gives the median and the range of each side.
 */
public final class FsyncBenchmark {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Pattern READY = Pattern.compile("MongoDB-wire server ready at (mongodb://\\S+)");
    private static final Pattern STATS = Pattern.compile("since start: (\\d+) writes in (\\d+) group commits, (\\d+) fsyncs");
    private static final String PAYLOAD = "x".repeat(400);

    static final String USAGE = """
            usage: ./bench.sh fsync [options]
              --clients LIST   concurrent closed-loop clients, one series per value (default 1,16)
              --rounds N       runs of each side per series, alternating off/on (default 3)
              --warmup S       seconds of inserts before each measurement, not measured (default 3)
              --duration S     seconds of each measurement (default 10)
              --stack-jar JAR  the local-stack jar (default local-stack/target/local-stack-0.1.0-SNAPSHOT.jar)
              --dir DIR        where the store's data directories are made (default the temporary directory;
                               it is the disk measured)""";

    record Run(boolean fsync, int clients, int round, long commits, double seconds, double p50, double p99,
               long writes, long groupCommits, long fsyncs) {

        double perSecond() {
            return commits / seconds;
        }

        String line() {
            return ("fsync %-3s clients %2d round %d: %7.1f commits/s, p50 %6.2f ms, p99 %6.2f ms; store: %d inserts in %d group "
                    + "commits (%.1f per commit), %d fsyncs (%.2f per insert)").formatted(fsync ? "on" : "off", clients, round,
                    perSecond(), p50, p99, writes, groupCommits, writes / (double) Math.max(1, groupCommits), fsyncs,
                    fsyncs / (double) Math.max(1, writes));
        }
    }

    private FsyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> clients = List.of(1, 16);
        int rounds = 3;
        Duration warmup = Duration.ofSeconds(3);
        Duration duration = Duration.ofSeconds(10);
        Path stackJar = Path.of("local-stack/target/local-stack-0.1.0-SNAPSHOT.jar");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::parseInt).toList();
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Duration.ofSeconds(Integer.parseInt(args[++i]));
                case "--duration" -> duration = Duration.ofSeconds(Integer.parseInt(args[++i]));
                case "--stack-jar" -> stackJar = Path.of(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        }
        Path jars = copyOfJars(stackJar.toAbsolutePath());
        log("store data in %s: %s".formatted(dir.toAbsolutePath(), fileSystemOf(dir)));
        log("machine: %d cores; load average %s".formatted(Runtime.getRuntime().availableProcessors(), loadAverage()));
        List<Run> runs = new ArrayList<>();
        try {
            for (int c : clients) {
                for (int round = 1; round <= rounds; round++) {
                    for (boolean fsync : new boolean[] {false, true}) {
                        Run run = run(jars, dir, fsync, c, round, warmup, duration);
                        runs.add(run);
                        log(run.line());
                    }
                }
            }
        } finally {
            delete(jars);
        }
        log("load average at the end: " + loadAverage());
        System.out.println();
        System.out.println("median (range) of " + rounds + " runs per side:");
        for (int c : clients) {
            for (boolean fsync : new boolean[] {false, true}) {
                List<Run> side = runs.stream().filter(r -> r.clients() == c && r.fsync() == fsync).toList();
                System.out.printf("  clients %2d, fsync %-3s: %s commits/s, p50 %s ms, p99 %s ms, %s inserts per group commit%n",
                        c, fsync ? "on" : "off", summary(side, Run::perSecond, "%.0f"), summary(side, Run::p50, "%.2f"),
                        summary(side, Run::p99, "%.2f"), summary(side, r -> r.writes() / (double) Math.max(1, r.groupCommits()), "%.1f"));
            }
        }
    }

    private static Run run(Path jars, Path dir, boolean fsync, int clients, int round, Duration warmup, Duration duration)
            throws Exception {
        Path data = Files.createTempDirectory(dir, "thidua-fsync-");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseParallelGC", "-cp", jars.resolve("local-stack.jar").toString(),
                "vn.thidua.embeddedmongo.EmbeddedMongoMain", "--data-dir", data.toString(), "--port", "0", "--host", "127.0.0.1"));
        if (fsync) {
            command.add("--fsync");
        }
        Process store = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(store.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        ready.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("the store exited: " + String.join("\n", output)));
        }, "store-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String uri = ready.get(120, TimeUnit.SECONDS);
            long[] measured;
            double seconds;
            try (MongoClient client = MongoClients.create(uri)) {
                MongoCollection<Document> events = client.getDatabase("fsync_bench").getCollection("events");
                events.createIndex(Indexes.ascending("aggregateId", "sequence"), new IndexOptions().unique(true));
                insertFor(events, clients, warmup, "warm");
                long t0 = System.nanoTime();
                measured = insertFor(events, clients, duration, "run");
                seconds = (System.nanoTime() - t0) / 1e9;
            }
            // SIGTERM, the streams left open (Process.destroy closes them): the store commits, closes and logs its counters
            store.toHandle().destroy();
            store.waitFor(60, TimeUnit.SECONDS);
            reader.join(5_000);
            long[] stats = output.stream().map(STATS::matcher).filter(Matcher::find)
                    .map(m -> new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))})
                    .findFirst().orElse(null);
            if (stats == null) {
                log("the store did not log its counters; its last lines: " + output.subList(Math.max(0, output.size() - 5), output.size()));
                stats = new long[] {-1, -1, -1};
            }
            Arrays.sort(measured);
            return new Run(fsync, clients, round, measured.length, seconds, Stats.percentile(measured, 0.50) / 1e6,
                    Stats.percentile(measured, 0.99) / 1e6, stats[0], stats[1], stats[2]);
        } finally {
            if (store.isAlive()) {
                store.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            delete(data);
        }
    }

    /** Each client inserts one event-sized document at a time for {@code duration}; returns every latency (ns). */
    private static long[] insertFor(MongoCollection<Document> events, int clients, Duration duration, String tag)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long end = System.nanoTime() + duration.toNanos();
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String stream = tag + "-" + c + "-" + System.nanoTime();
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[1024];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        Document event = new Document("aggregateId", stream + "-" + (n / 100)).append("sequence", n % 100)
                                .append("type", "TaskResultRecorded").append("timestamp", new java.util.Date())
                                .append("payload", new Document("unitId", "U100001").append("note", PAYLOAD));
                        long t = System.nanoTime();
                        events.insertOne(event);
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = System.nanoTime() - t;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : futures) {
                all.add(f.get());
            }
            return all.stream().flatMapToLong(Arrays::stream).toArray();
        } finally {
            pool.shutdownNow();
        }
    }

    private static String summary(List<Run> side, java.util.function.ToDoubleFunction<Run> value, String format) {
        double[] v = side.stream().mapToDouble(value).sorted().toArray();
        if (v.length == 0) {
            return "-";
        }
        return (format + " (" + format + "–" + format + ")").formatted(v[v.length / 2], v[0], v[v.length - 1]);
    }

    /** A copy of the launcher jar and its lib/ (a build running meanwhile rewrites target/). */
    private static Path copyOfJars(Path stackJar) throws IOException {
        Path into = Files.createTempDirectory("thidua-fsync-jars-");
        Files.copy(stackJar, into.resolve("local-stack.jar"));
        Path lib = Files.createDirectories(into.resolve("lib"));
        try (Stream<Path> files = Files.list(stackJar.getParent().resolve("lib"))) {
            for (Path f : files.toList()) {
                Files.copy(f, lib.resolve(f.getFileName()));
            }
        }
        return into;
    }

    private static String fileSystemOf(Path dir) {
        try {
            java.nio.file.FileStore store = Files.getFileStore(dir);
            return "%s (%s)".formatted(store.name(), store.type());
        } catch (IOException e) {
            return "?";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void log(String message) {
        System.out.println("[" + LocalDateTime.now().format(TIME) + "] " + message);
        System.out.flush();
    }
}
