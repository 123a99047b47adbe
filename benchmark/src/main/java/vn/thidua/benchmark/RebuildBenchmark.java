package vn.thidua.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.store.MongoCommitLog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static vn.thidua.benchmark.IngestBenchmark.fmt;
import static vn.thidua.benchmark.IngestBenchmark.log;
import static vn.thidua.benchmark.IngestBenchmark.sleep;

/**
 * The rebuild benchmark (issue #5; run it with {@code ./bench.sh rebuild}, {@code --help} lists the options).
 * <ol>
 *   <li>starts the whole stack ({@link Stack}: embedded MongoDB-wire server, Kafka, both services with
 *       {@code -Xmx512m}) on a fresh data directory and free ports;</li>
 *   <li>stores {@code --events} events of a realistic domain mix ({@link DomainLoad}) with command-service's own
 *       {@link MongoCommitLog#append} from {@code --writers} threads — positions claimed by insert, hash chain — which
 *       the running command-service's publisher publishes to Kafka and the live query side applies;</li>
 *   <li>waits until everything is published (sum of the topic's end offsets = events stored) and applied by the
 *       live query side ({@code thidua.projection.events});</li>
 *   <li>measures, in the same run: (a) a raw consume of the whole topic with a plain KafkaConsumer (bytes, no
 *       processing); (b) a raw MongoDB bulk write of the audit-log-like document of every event (unordered
 *       insertMany of 1,000 into a scratch collection of the query database, same server; only the insertMany calls
 *       are timed); (c) the rebuild of every projection through the API ({@code projection=all}, else each in
 *       turn);</li>
 *   <li>times a board as of an instant ({@code asOf=}, {@link #asOf}): the movement with the most events, as of the middle
 *       of its history and as of a second after its last event, each requested twice;</li>
 *   <li>prints events/s of each, the ratio rebuild / min(raw), the targets, the heap of each service sampled every
 *       second throughout, the CPU of each process during the rebuild, the hot frames of jstack samples of the
 *       query-service and the MongoDB-wire server taken during the rebuild, and the as-of latencies.</li>
 * </ol>
 */
public final class RebuildBenchmark {

    static final String USAGE = """
            usage: ./bench.sh rebuild [options]
              --events N            events to store (default 1000000)
              --writers N           threads appending through MongoCommitLog (default 2)
              --batch N             commit documents per insertMany (default 1000; 1 = MongoCommitLog's own insertOne)
              --window N            aggregates each writer interleaves (default 64)
              --raw-mongo-events N  documents of the raw MongoDB bulk write (default: all the events)
              --projection P        all (one replay feeding every projection; default), each (the four one after
                                    another), or one projection's name
              --jstack N            jstack samples of the query-service and the mongo server during the rebuild (default 12)
              --jstack-every S      seconds between two samples (default 30)
              --drain-timeout S     wait at most S s for the publisher and the live query side (default 3600)
              --rebuild-timeout S   wait at most S s for a rebuild job (default 3600)
              --topic T             the event topic (default thidua.events)
              --no-as-of            skip the board requests as of an instant at the end
              --stack-jar JAR       the launcher (default local-stack/target/local-stack-0.1.0-SNAPSHOT.jar; the services'
                                    jars are taken from the project around it: ../../<service>/target)
              --keep-data           keep the stack's data directory at the end
              -h, --help            this text""";

    static final List<String> PROJECTIONS = List.of("movement-catalogue", "audit-log", "support-board", "key-task-board");
    private static final ObjectMapper JSON = new ObjectMapper();

    // options
    private long events = 1_000_000;
    private int writers = 2;
    private int batch = 1000;
    private int window = 64;
    private long rawMongoEvents = -1;
    private String projection = "all";
    private int jstackSamples = 12;
    private int jstackEvery = 30;
    private Duration drainTimeout = Duration.ofSeconds(3600);
    private Duration rebuildTimeout = Duration.ofSeconds(3600);
    private String topic = "thidua.events";
    private boolean keepData;
    private boolean asOf = true;
    private Path stackJar;

    private Stack stack;
    private StackProbe probe;
    private String adminToken;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Heap in use sampled every second: phase → service → max MB. */
    private final Map<String, Map<String, Long>> heapMax = new ConcurrentHashMap<>();
    private final AtomicReference<String> phase = new AtomicReference<>("start");
    private final List<String> report = new ArrayList<>();
    /** The domain mix stored (null until stored). */
    private DomainLoad load;
    /** Per movement, the recording time of each of its events (its own and its results' or communes' streams). */
    private final Map<String, Timeline> histories = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        RebuildBenchmark bench = new RebuildBenchmark();
        try {
            if (bench.parse(args)) {
                System.out.println(USAGE);
                return;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bench rebuild: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        log("Thi đua rebuild benchmark — events=%,d writers=%d window=%d projection=%s".formatted(bench.events,
                bench.writers, bench.window, bench.projection));
        log("machine: " + Runtime.getRuntime().availableProcessors() + " cores; java " + System.getProperty("java.version"));
        BenchOptions stackOptions = new BenchOptions();
        stackOptions.keepData = bench.keepData;
        if (bench.stackJar != null) {
            stackOptions.stackJar = bench.stackJar;
        }
        try (Stack stack = Stack.start(stackOptions)) {
            bench.stack = stack;
            bench.adminToken = stack.tokens.admin("bench-rebuild");
            bench.probe = new StackProbe(stack, stack.tokens.operator("bench-rebuild-probe"));
            try {
                bench.run();
            } catch (Exception | Error e) {
                stack.keepData();
                throw e;
            } finally {
                bench.probe.close();
            }
        }
        System.exit(0);
    }

    private boolean parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return true;
                }
                case "--events" -> events = number(args, ++i, a);
                case "--writers" -> writers = (int) number(args, ++i, a);
                case "--batch" -> batch = (int) number(args, ++i, a);
                case "--window" -> window = (int) number(args, ++i, a);
                case "--raw-mongo-events" -> rawMongoEvents = number(args, ++i, a);
                case "--projection" -> projection = value(args, ++i, a);
                case "--jstack" -> jstackSamples = (int) number(args, ++i, a);
                case "--jstack-every" -> jstackEvery = (int) number(args, ++i, a);
                case "--drain-timeout" -> drainTimeout = Duration.ofSeconds(number(args, ++i, a));
                case "--rebuild-timeout" -> rebuildTimeout = Duration.ofSeconds(number(args, ++i, a));
                case "--topic" -> topic = value(args, ++i, a);
                case "--keep-data" -> keepData = true;
                case "--no-as-of" -> asOf = false;
                case "--stack-jar" -> stackJar = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (events <= 0 || writers <= 0 || window <= 0 || batch <= 0) {
            throw new IllegalArgumentException("--events, --writers, --batch and --window must be positive");
        }
        return false;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long number(String[] args, int i, String option) {
        try {
            long v = Long.parseLong(value(args, i, option).replace("_", "").replace(",", ""));
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a non-negative whole number");
        }
    }

    // ------------------------------------------------------------------------------------------------ phases

    private void run() throws Exception {
        log("stack: command %s, query %s, mongo %s, kafka %s".formatted(stack.commandUrl, stack.queryUrl, stack.mongoUri,
                stack.kafkaBootstrap));
        Thread sampler = new Thread(this::sampleHeap, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        report.add("heap limit (jvm.memory.max, area heap): command-service %d MB, query-service %d MB".formatted(
                probe.heapMaxMb(stack.commandUrl), probe.heapMaxMb(stack.queryUrl)));

        phase.set("store");
        long[] stored = store();
        phase.set("drain");
        long drainedNanos = awaitPipeline(stored[0], stored[1]);
        phase.set("raw Kafka");
        double kafka = rawKafka();
        phase.set("raw MongoDB");
        double mongo = rawMongo(rawMongoEvents < 0 ? stored[0] : Math.min(rawMongoEvents, stored[0]));
        phase.set("rebuild");
        double rebuild = rebuild(stored[0]);
        if (asOf) {
            phase.set("as-of");
            asOf();
        }
        phase.set("end");
        summary(stored[0], kafka, mongo, rebuild);
    }

    /**
     * Appends the events with MongoCommitLog: first the movements, then results and support interleaved; each
     * aggregate is written by one writer, in sequence order.
     *
     * @return {events stored, nanoTime when the last was stored}
     */
    private long[] store() throws Exception {
        load = DomainLoad.forEvents(events);
        List<DomainLoad.Script> movements = load.movements();
        long movementEvents = DomainLoad.eventsOf(movements);
        if (movementEvents > events) {
            throw new IllegalArgumentException("--events must be at least " + movementEvents);
        }
        log(("storing %,d events with MongoCommitLog.append (%d writers, one event per commit): %d annual movements "
                + "(%d key tasks, %d units each), %d multi-year movements, then task results and the support of %d "
                + "communes, interleaved").formatted(events, writers, load.annualMovements(), DomainLoad.TASKS,
                DomainLoad.UNITS, DomainLoad.MULTI_YEAR, load.communes()));
        AtomicLong appended = new AtomicLong();
        try (MongoClient client = MongoClients.create(stack.mongoUri)) {
            MongoCommitLog commitLog = batch > 1
                    ? new BatchingCommitLog(client.getDatabase("thidua_events"), 100_000, batch)
                    : new MongoCommitLog(client.getDatabase("thidua_events"), 100_000);
            long t0 = System.nanoTime();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread progress = progressThread(appended, t0);
            // 1. the movements, each by one writer
            runWriters(i -> {
                List<DomainLoad.Script> mine = new ArrayList<>();
                for (int k = i; k < movements.size(); k += writers) {
                    mine.add(movements.get(k));
                }
                return mine.iterator();
            }, commitLog, appended, failure);
            // 2. the rest, from one shared sequence of scripts
            Iterator<DomainLoad.Script> rest = load.rest(events - movementEvents);
            runWriters(i -> rest, commitLog, appended, failure);
            if (commitLog instanceof BatchingCommitLog batching) {
                batching.close();
            }
            long t1 = System.nanoTime();
            progress.interrupt();
            if (failure.get() != null) {
                throw new IllegalStateException("a writer failed: " + failure.get(), failure.get());
            }
            long inLog = client.getDatabase("thidua_events").getCollection(MongoCommitLog.COLLECTION).estimatedDocumentCount();
            double rate = appended.get() / ((t1 - t0) / 1e9);
            String how = batch > 1
                    ? "MongoCommitLog.append — positions, document format, hash chain — with its insertOne replaced by unordered insertMany of %,d commits (BatchingCommitLog)".formatted(batch)
                    : "MongoCommitLog.append, one insertOne per commit";
            String line = "stored %,d events (%,d commit documents in the log) in %.1f s = %,.0f events/s; %d writers, one event per commit, %s; the live publisher and query side ran meanwhile"
                    .formatted(appended.get(), inLog, (t1 - t0) / 1e9, rate, writers, how);
            log(line);
            report.add(line);
            if (inLog != appended.get()) {
                report.add("WARNING: the log holds %,d documents for %,d appended events (sealed gaps?)".formatted(inLog, appended.get()));
            }
            return new long[] {appended.get(), t1};
        }
    }

    private interface Scripts {
        Iterator<DomainLoad.Script> of(int writer);
    }

    /** Each writer keeps up to --window scripts open and appends the next event of each in turn. */
    private void runWriters(Scripts scripts, MongoCommitLog commitLog, AtomicLong appended,
                            AtomicReference<Throwable> failure) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Iterator<DomainLoad.Script> source = scripts.of(w);
            Thread t = new Thread(() -> {
                List<DomainLoad.Script> open = new ArrayList<>();
                try {
                    while (failure.get() == null) {
                        while (open.size() < window) {
                            DomainLoad.Script next;
                            synchronized (source) {
                                next = source.hasNext() ? source.next() : null;
                            }
                            if (next == null) {
                                break;
                            }
                            open.add(next);
                        }
                        if (open.isEmpty()) {
                            return;
                        }
                        for (Iterator<DomainLoad.Script> it = open.iterator(); it.hasNext(); ) {
                            DomainLoad.Script s = it.next();
                            Commit commit = s.nextCommit();
                            commitLog.append(commit);
                            appended.incrementAndGet();
                            histories.computeIfAbsent(s.movementId(), k -> new Timeline())
                                    .add(Instant.parse(commit.events().get(0).timestamp()).toEpochMilli());
                            if (s.done()) {
                                it.remove();
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-writer-" + w);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private Thread progressThread(AtomicLong appended, long t0) {
        Thread t = new Thread(() -> {
            long last = 0;
            long lastAt = t0;
            try {
                while (true) {
                    Thread.sleep(10_000);
                    long now = System.nanoTime();
                    long n = appended.get();
                    log("  stored %s (%,.0f/s in the last %.0f s), published %s, applied by the live query side %s".formatted(
                            fmt(n), (n - last) / ((now - lastAt) / 1e9), (now - lastAt) / 1e9, fmt(probe.published()),
                            fmt(probe.applied())));
                    last = n;
                    lastAt = now;
                }
            } catch (InterruptedException e) {
                // done
            }
        }, "bench-store-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until the topic holds every stored event and the live query side applied them all. */
    private long awaitPipeline(long stored, long storedAt) {
        log("waiting until the publisher has published all %s events and the live query side has applied them".formatted(fmt(stored)));
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        long lastLog = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(500)) {
            List<TopicPartition> partitions = partitions(consumer);
            while (System.nanoTime() < deadline) {
                long inTopic = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
                long applied = probe.applied();
                if (inTopic >= stored && applied >= inTopic) {
                    long now = System.nanoTime();
                    String line = "live pipeline: all %s events published (topic end offsets) and applied by the live query side %.1f s after the last was stored"
                            .formatted(fmt(inTopic), (now - storedAt) / 1e9);
                    log(line);
                    report.add(line);
                    return now;
                }
                if (System.nanoTime() - lastLog > 10_000_000_000L) {
                    lastLog = System.nanoTime();
                    log("  in the topic %s, applied by the live query side %s, publisher lag %s".formatted(fmt(inTopic),
                            fmt(applied), fmt(probe.publicationLag())));
                }
                sleep(500);
            }
        }
        throw new IllegalStateException("the pipeline did not catch up within " + drainTimeout.toSeconds() + " s");
    }

    /** (a) The whole topic with a plain consumer: bytes only. */
    private double rawKafka() {
        log("raw Kafka consume of the whole topic (plain KafkaConsumer, byte[] records, no processing)");
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(2000)) {
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> end = fromTheBeginning(consumer, partitions);
            long records = 0;
            long bytes = 0;
            long t0 = System.nanoTime();
            while (!reached(consumer, partitions, end)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    bytes += r.serializedValueSize() + Math.max(0, r.serializedKeySize());
                }
            }
            long t1 = System.nanoTime();
            double rate = records / ((t1 - t0) / 1e9);
            String line = "raw Kafka consume: %,d records (%.0f MB, %d partitions) in %.1f s = %,.0f events/s (%.1f MB/s)"
                    .formatted(records, bytes / 1e6, partitions.size(), (t1 - t0) / 1e9, rate, bytes / 1e6 / ((t1 - t0) / 1e9));
            log(line);
            report.add(line);
            return rate;
        }
    }

    /** Assigns every partition, rewinds to the beginning; the end offsets to read up to. */
    private static Map<TopicPartition, Long> fromTheBeginning(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return end;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition p : partitions) {
            if (consumer.position(p) < end.get(p)) {
                return false;
            }
        }
        return true;
    }

    /**
     * (b) The audit-log-like document of each event (the envelope as a document, keyed by position and index, its
     * timestamp a date), unordered insertMany of 1,000 into a scratch collection of the query database. The records
     * are read from the topic and converted between the writes; only the insertMany calls are timed.
     */
    private double rawMongo(long count) {
        log("raw MongoDB bulk write of %s audit-log-like documents (unordered insertMany of 1,000, scratch collection thidua_query.bench_raw_writes)"
                .formatted(fmt(count)));
        try (MongoClient client = MongoClients.create(stack.mongoUri);
             KafkaConsumer<byte[], byte[]> consumer = consumer(2000)) {
            MongoCollection<Document> scratch = client.getDatabase("thidua_query").getCollection("bench_raw_writes");
            scratch.drop();
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> end = fromTheBeginning(consumer, partitions);
            long written = 0;
            long bytes = 0;
            long writing = 0;
            long t0 = System.nanoTime();
            List<Document> batch = new ArrayList<>(1000);
            InsertManyOptions unordered = new InsertManyOptions().ordered(false);
            while (written < count && !reached(consumer, partitions, end)) {
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
            String line = ("raw MongoDB bulk write: %,d documents (~%.0f bytes of JSON each) in %.1f s of insertMany = %,.0f events/s"
                    + " (%.1f s wall with reading and converting)").formatted(written, bytes / (double) Math.max(1, written),
                    writing / 1e9, rate, wall / 1e9);
            log(line);
            report.add(line);
            long s = System.nanoTime();
            scratch.drop();
            log("scratch collection dropped in %.1f s".formatted((System.nanoTime() - s) / 1e9));
            return rate;
        }
    }

    // ------------------------------------------------------------------------------------------------ rebuild

    /** (c) Rebuilds through the API; returns the events/s the comparison uses. */
    private double rebuild(long stored) throws Exception {
        Map<String, ProcessHandle> processes = stack.processes();
        Map<String, Long> cpuBefore = new LinkedHashMap<>();
        Map<String, long[]> jitGcBefore = new LinkedHashMap<>();
        processes.forEach((name, p) -> {
            cpuBefore.put(name, StackProbe.cpuMillis(p));
            jitGcBefore.put(name, StackProbe.jitAndGcMillis(p));
        });
        long[] machineBefore = StackProbe.machineTicks();
        Sampler jstacks = new Sampler(processes);
        long t0 = System.nanoTime();
        double result;
        if (!projection.equals("each")) {
            Job job = runJob(projection, jstacks);
            if (job == null && projection.equals("all")) {
                log("projection=all is not offered by this query-service: rebuilding the four projections one after another");
                result = each(stored, jstacks);
            } else if (job == null) {
                throw new IllegalStateException("the rebuild of " + projection + " was refused");
            } else {
                result = job.done / job.seconds;
                report.add(("rebuild (projection=%s, mode=REBUILD): %,d events in %.1f s (the job's own time) = %,.0f events/s;"
                        + " replay phase alone %,.0f events/s; %.1f s wall from the POST to COMPLETED").formatted(projection,
                        job.done, job.seconds, result, job.replayRate(), job.wallSeconds));
                if (projection.equals("all")) {
                    report.add("  = %,.0f projection-events/s (events × %d projections / time)".formatted(
                            result * PROJECTIONS.size(), PROJECTIONS.size()));
                }
            }
        } else {
            result = each(stored, jstacks);
        }
        long elapsed = System.nanoTime() - t0;
        long[] machineAfter = StackProbe.machineTicks();
        StringBuilder cpu = new StringBuilder("CPU during the rebuild (% of one core; 2 cores = 200%):");
        StringBuilder jitGc = new StringBuilder("  of which JIT compiler / GC threads:");
        processes.forEach((name, p) -> {
            long before = cpuBefore.get(name);
            long after = StackProbe.cpuMillis(p);
            if (before >= 0 && after >= 0) {
                cpu.append(" %s %.0f%%,".formatted(name, (after - before) * 100.0 / (elapsed / 1e6)));
            }
            long[] b = jitGcBefore.get(name);
            long[] a = StackProbe.jitAndGcMillis(p);
            if (b[0] >= 0 && a[0] >= 0) {
                jitGc.append(" %s %.0f%% / %.0f%%,".formatted(name, (a[0] - b[0]) * 100.0 / (elapsed / 1e6),
                        (a[1] - b[1]) * 100.0 / (elapsed / 1e6)));
            }
        });
        cpu.setLength(cpu.length() - 1);
        jitGc.setLength(jitGc.length() - 1);
        if (machineBefore != null && machineAfter != null) {
            cpu.append("; machine busy %.0f%% of all cores".formatted(
                    100.0 * (machineAfter[0] - machineBefore[0]) / Math.max(1, machineAfter[1] - machineBefore[1])));
        }
        report.add(cpu.toString());
        report.add(jitGc.toString());
        report.addAll(jstacks.summary());
        return result;
    }

    private double each(long stored, Sampler jstacks) throws Exception {
        double total = 0;
        for (String name : PROJECTIONS) {
            Job job = runJob(name, jstacks);
            if (job == null) {
                throw new IllegalStateException("the rebuild of " + name + " was refused");
            }
            total += job.seconds;
            report.add("rebuild %-18s %,d events in %.1f s = %,.0f events/s (replay phase %,.0f events/s)".formatted(
                    name + ":", job.done, job.seconds, job.done / job.seconds, job.replayRate()));
        }
        report.add("rebuild of the four one after another: %.1f s in all = %,.0f events/s (events / total time), %,.0f projection-events/s (events × 4 / total time)"
                .formatted(total, stored / total, stored * 4 / total));
        return stored / total;
    }

    /** A finished job as the API reported it. */
    private static final class Job {
        long done;
        double seconds;
        double wallSeconds;
        long replayDone;
        double replaySeconds;

        double replayRate() {
            return replaySeconds <= 0 ? Double.NaN : replayDone / replaySeconds;
        }
    }

    /** Starts one job and follows it; null if the API refused it (400/404: no such projection). */
    private Job runJob(String name, Sampler jstacks) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(stack.queryUrl
                        + "/api/v1/rebuilds?projection=" + name + "&mode=REBUILD"))
                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() == 400 || started.statusCode() == 404) {
            log("POST rebuild %s: HTTP %d %s".formatted(name, started.statusCode(), started.body()));
            return null;
        }
        if (started.statusCode() != 202) {
            throw new IllegalStateException("POST rebuild %s: HTTP %d %s".formatted(name, started.statusCode(), started.body()));
        }
        String location = started.headers().firstValue("Location").orElseThrow();
        log("rebuild of %s started: %s".formatted(name, location));
        URI uri = URI.create(stack.queryUrl).resolve(location);
        long deadline = t0 + rebuildTimeout.toNanos();
        long lastLog = System.nanoTime();
        long replayEndDone = -1;
        long replayEndAt = 0;
        long replayStartAt = 0;
        long nextJstack = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + adminToken)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET %s: HTTP %d %s".formatted(uri, r.statusCode(), r.body()));
            }
            JsonNode job = JSON.readTree(r.body());
            String state = job.path("state").asText();
            String jobPhase = job.path("phase").asText();
            JsonNode progress = job.path("progress");
            long now = System.nanoTime();
            if (replayStartAt == 0 && jobPhase.equals("REPLAYING")) {
                replayStartAt = now;
            }
            if (replayEndDone < 0 && replayStartAt > 0 && !jobPhase.equals("REPLAYING") && !jobPhase.equals("STARTING")) {
                replayEndDone = progress.path("done").asLong();
                replayEndAt = now;
            }
            if (state.equals("COMPLETED")) {
                Job done = new Job();
                done.done = progress.path("done").asLong();
                done.seconds = job.path("seconds").asDouble();
                done.wallSeconds = (now - t0) / 1e9;
                done.replayDone = replayEndDone;
                done.replaySeconds = replayEndDone < 0 ? 0 : (replayEndAt - replayStartAt) / 1e9;
                log("rebuild of %s COMPLETED: %s".formatted(name, r.body().length() > 600 ? r.body().substring(0, 600) + "…" : r.body()));
                return done;
            }
            if (!state.equals("RUNNING")) {
                throw new IllegalStateException("rebuild of %s ended %s: %s".formatted(name, state, r.body()));
            }
            if (now - lastLog > 10_000_000_000L) {
                lastLog = now;
                log("  %s: %s, %s of %s events, %s events/s".formatted(name, jobPhase, fmt(progress.path("done").asLong()),
                        fmt(progress.path("total").asLong()), fmt(progress.path("eventsPerSecond").asLong())));
            }
            if (jobPhase.equals("REPLAYING") && now >= nextJstack && jstacks.taken < jstackSamples) {
                jstacks.take();
                nextJstack = System.nanoTime() + TimeUnit.SECONDS.toNanos(jstackEvery);
            }
            sleep(500);
        }
        throw new IllegalStateException("the rebuild of " + name + " did not finish within " + rebuildTimeout.toSeconds() + " s");
    }

    /** jstack samples of the query-service and the mongo server: the frames their busy threads are in. */
    private static final class Sampler {
        private final Map<String, ProcessHandle> targets = new LinkedHashMap<>();
        private final Map<String, Map<String, Integer>> topFrames = new LinkedHashMap<>();
        private final Map<String, Map<String, Integer>> ourFrames = new LinkedHashMap<>();
        private final Map<String, Integer> busyThreads = new HashMap<>();
        private final Map<String, Integer> rebuildTop = new HashMap<>();
        private final Map<String, Integer> rebuildOurs = new HashMap<>();
        private Path dir;
        int taken;

        Sampler(Map<String, ProcessHandle> processes) {
            for (String name : List.of("query-service", "mongo")) {
                if (processes.containsKey(name)) {
                    targets.put(name, processes.get(name));
                }
            }
        }

        void take() {
            taken++;
            try {
                if (dir == null) {
                    dir = Files.createTempDirectory("thidua-bench-jstack-");
                }
                for (Map.Entry<String, ProcessHandle> t : targets.entrySet()) {
                    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                            String.valueOf(t.getValue().pid())).redirectErrorStream(true).start();
                    String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    p.waitFor(30, TimeUnit.SECONDS);
                    Files.writeString(dir.resolve(t.getKey() + "-" + taken + ".txt"), dump);
                    analyse(t.getKey(), dump);
                }
            } catch (IOException e) {
                log("jstack failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Idle-looking frames of RUNNABLE threads (waiting on a socket or a selector), not work. */
        private static boolean idle(String frame) {
            return frame.contains("EPoll.wait") || frame.contains("Net.poll") || frame.contains("Net.accept")
                    || frame.contains("SocketDispatcher.read0") || frame.contains("NioSocketImpl.accept")
                    || frame.contains("KQueue") || frame.contains("socketAccept") || frame.contains("Thread.sleep")
                    || frame.contains("FileDispatcherImpl.read0") || frame.contains("Net.connect")
                    || frame.contains("waitForReferencePendingList");
        }

        private void analyse(String process, String dump) {
            for (String block : dump.split("\n\n")) {
                if (!block.startsWith("\"")) {
                    continue;
                }
                List<String> frames = block.lines().map(String::trim).filter(l -> l.startsWith("at "))
                        .map(l -> l.substring(3)).toList();
                if (frames.stream().anyMatch(f -> f.startsWith("vn.thidua.query.rebuild"))) {
                    // the rebuild's own thread, whatever its state (waiting for mongo's answer is where it spends time)
                    String state = block.contains("State: RUNNABLE") ? "" : " [" + block.replaceAll("(?s).*State: (\\w+).*", "$1") + "]";
                    rebuildTop.merge(strip(frames.get(0)) + state, 1, Integer::sum);
                    frames.stream().filter(f -> f.startsWith("vn.thidua")).findFirst()
                            .ifPresent(f -> rebuildOurs.merge(strip(f), 1, Integer::sum));
                    continue;
                }
                if (!block.contains("java.lang.Thread.State: RUNNABLE") || frames.isEmpty() || idle(frames.get(0))) {
                    continue;
                }
                busyThreads.merge(process, 1, Integer::sum);
                topFrames.computeIfAbsent(process, k -> new HashMap<>()).merge(strip(frames.get(0)), 1, Integer::sum);
                frames.stream().filter(f -> f.startsWith("vn.thidua") || f.startsWith("de.bwaldvogel") || f.startsWith("org.h2"))
                        .findFirst().ifPresent(f -> ourFrames.computeIfAbsent(process, k -> new HashMap<>())
                                .merge(strip(f), 1, Integer::sum));
            }
        }

        private static String strip(String frame) {
            return frame.replaceAll("\\(.*\\)$", "").replaceAll("^[a-zA-Z0-9.]*/", "");
        }

        List<String> summary() {
            List<String> out = new ArrayList<>();
            if (taken == 0) {
                return out;
            }
            out.add("jstack during the rebuild: %d samples of %s; busy (RUNNABLE, not waiting on a socket) threads per sample: %s"
                    .formatted(taken, String.join(", ", targets.keySet()), busyThreads.entrySet().stream()
                            .map(e -> "%s %.1f".formatted(e.getKey(), e.getValue() / (double) taken))
                            .collect(Collectors.joining(", "))));
            out.add("  query-service, the rebuild thread's top frame: " + top(rebuildTop));
            out.add("  query-service, the rebuild thread's innermost vn.thidua frame: " + top(rebuildOurs));
            for (String process : targets.keySet()) {
                out.add("  %s, top frames of busy threads: %s".formatted(process, top(topFrames.get(process))));
                out.add("  %s, first vn.thidua / mongo-java-server / H2 frame: %s".formatted(process, top(ourFrames.get(process))));
            }
            out.add("  dumps kept in " + dir);
            return out;
        }

        private static String top(Map<String, Integer> counts) {
            if (counts == null || counts.isEmpty()) {
                return "—";
            }
            return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                    .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining("; "));
        }
    }

    // ------------------------------------------------------------------------------------------------ as of

    /** The recording times (epoch ms) of one movement's events, appended by the writers. */
    private static final class Timeline {
        private long[] millis = new long[1024];
        private int size;

        synchronized void add(long t) {
            if (size == millis.length) {
                millis = Arrays.copyOf(millis, size * 2);
            }
            millis[size++] = t;
        }

        synchronized int size() {
            return size;
        }

        synchronized long[] sorted() {
            long[] a = Arrays.copyOf(millis, size);
            Arrays.sort(a);
            return a;
        }
    }

    /**
     * A board as of an instant ({@code asOf=}, query-service's {@code AsOfReports}): the movement with the most events
     * — its key-task board for its first period if it is an annual movement, else its support board (first page, the
     * defaults) — as of (1) the recording time of the middle event of its history and (2) one second after its last
     * event; each asked twice in a row, timed from sending the request to having read the whole answer. The service
     * folds the movement's events up to the instant from the audit log into a throw-away space (one fold at a time; more
     * than {@code thidua.as-of.max-events}, default 300,000, is refused with 422 {@code as-of-too-large}) and keeps the
     * space of an instant older than 5 minutes for the next request of the same report.
     */
    private void asOf() throws Exception {
        Map.Entry<String, Timeline> most = histories.entrySet().stream()
                .max(Map.Entry.comparingByValue(java.util.Comparator.comparingInt(Timeline::size))).orElse(null);
        if (most == null) {
            return;
        }
        String movement = most.getKey();
        long[] times = most.getValue().sorted();
        String board = null;
        for (int m = 0; m < load.annualMovements(); m++) {
            if (DomainLoad.annualId(m).equals(movement)) {
                board = "/api/v1/reports/key-tasks?movementId=" + movement + "&period=" + DomainLoad.period(m, 0);
            }
        }
        String what = board != null ? "key-task board, period " + board.substring(board.lastIndexOf('=') + 1)
                : "support board";
        if (board == null) {
            board = "/api/v1/reports/communes?movementId=" + movement;
        }
        String head = "board as of an instant: %s has the most events (%,d of %,d, recorded %s … %s); GET %s (%s) &asOf=…"
                .formatted(movement, times.length, histories.values().stream().mapToInt(Timeline::size).sum(),
                        Instant.ofEpochMilli(times[0]), Instant.ofEpochMilli(times[times.length - 1]), board, what);
        log(head);
        report.add(head);
        Instant middle = Instant.ofEpochMilli(times[(times.length - 1) / 2]);
        Instant after = Instant.ofEpochMilli(times[times.length - 1] + 1000);
        for (Instant at : List.of(middle, after)) {
            int upTo = upTo(times, at.toEpochMilli());
            boolean settled = at.isBefore(Instant.now().minus(Duration.ofMinutes(5)));
            StringBuilder line = new StringBuilder("  asOf %s (%s: %,d of its %,d events up to it; %s):".formatted(at,
                    at == middle ? "the middle of its history" : "a second after its last event", upTo, times.length,
                    settled ? "more than 5 min ago, so the service keeps the fold for the 2nd call"
                            : "less than 5 min ago, so every call folds afresh"));
            for (int call = 1; call <= 2; call++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.queryUrl + board + "&asOf=" + at))
                        .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofMinutes(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                double seconds = (System.nanoTime() - t0) / 1e9;
                line.append(" %s call %s in %s;".formatted(call == 1 ? "1st" : "2nd", outcome(r), seconds < 10
                        ? "%.0f ms".formatted(seconds * 1000) : "%.1f s".formatted(seconds)));
            }
            line.setLength(line.length() - 1);
            log(line.toString());
            report.add(line.toString());
        }
    }

    /** Events recorded at or before {@code millis} (the audit log keeps milliseconds). */
    private static int upTo(long[] sorted, long millis) {
        int i = Arrays.binarySearch(sorted, millis);
        if (i < 0) {
            return -i - 1;
        }
        while (i + 1 < sorted.length && sorted[i + 1] == millis) {
            i++;
        }
        return i + 1;
    }

    /** "HTTP 200 (currentTo …, N rows)", "HTTP 422 as-of-too-large", or the status and the start of the answer. */
    private static String outcome(HttpResponse<String> r) {
        if (r.statusCode() == 200) {
            try {
                JsonNode answer = JSON.readTree(r.body());
                return "HTTP 200 (currentTo %s, %s rows)".formatted(answer.path("currentTo").asText("—"),
                        answer.path("totalItems").asText("?"));
            } catch (IOException e) {
                return "HTTP 200";
            }
        }
        if (r.statusCode() == 422 && r.body().contains("as-of-too-large")) {
            return "HTTP 422 as-of-too-large";
        }
        String body = r.body().replaceAll("\\s+", " ");
        return "HTTP %d %s".formatted(r.statusCode(), body.length() > 200 ? body.substring(0, 200) + "…" : body);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private KafkaConsumer<byte[], byte[]> consumer(int maxPollRecords) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private void sampleHeap() {
        while (true) {
            String current = phase.get();
            for (String service : List.of("command-service", "query-service")) {
                long used = probe.heapUsedMb(service.equals("command-service") ? stack.commandUrl : stack.queryUrl);
                if (used >= 0) {
                    heapMax.computeIfAbsent(current, k -> new ConcurrentHashMap<>()).merge(service, used, Math::max);
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void summary(long stored, double kafka, double mongo, double rebuild) {
        double floor = Math.min(kafka, mongo);
        double ratio = rebuild / floor;
        long heapCommand = heapMax.values().stream().mapToLong(m -> m.getOrDefault("command-service", -1L)).max().orElse(-1);
        long heapQuery = heapMax.values().stream().mapToLong(m -> m.getOrDefault("query-service", -1L)).max().orElse(-1);
        StringBuilder sb = new StringBuilder();
        sb.append("%n==== REBUILD BENCHMARK — %s events, %d cores ====%n".formatted(fmt(stored), Runtime.getRuntime().availableProcessors()));
        report.forEach(l -> sb.append(l).append('\n'));
        sb.append("heap in use, max of the 1-s samples, per phase:");
        for (String ph : List.of("store", "drain", "raw Kafka", "raw MongoDB", "rebuild", "as-of")) {
            Map<String, Long> m = heapMax.getOrDefault(ph, Map.of());
            sb.append(" %s: command-service %s / query-service %s MB;".formatted(ph, m.getOrDefault("command-service", -1L),
                    m.getOrDefault("query-service", -1L)));
        }
        sb.setLength(sb.length() - 1);
        sb.append('\n');
        sb.append("events/s: raw Kafka consume %,.0f | raw MongoDB bulk write %,.0f | rebuild %,.0f%n".formatted(kafka, mongo, rebuild));
        sb.append("ratio rebuild / min(raw) = %,.0f / %,.0f = %.3f%n".formatted(rebuild, floor, ratio));
        sb.append("targets:\n");
        sb.append("  ratio ≥ 0.5:                     %s (%.3f)%n".formatted(verdict(ratio >= 0.5), ratio));
        sb.append("  rebuild ≥ 7,400 events/s:        %s (%,.0f)%n".formatted(verdict(rebuild >= 7400), rebuild));
        sb.append("  heap of each service ≤ 512 MB:   %s (max sampled: command-service %d MB, query-service %d MB; -Xmx512m)%n"
                .formatted(verdict(heapCommand >= 0 && heapCommand <= 512 && heapQuery >= 0 && heapQuery <= 512), heapCommand, heapQuery));
        System.out.print(sb);
        System.out.flush();
    }

    private static String verdict(boolean ok) {
        return ok ? "PASS" : "FAIL";
    }
}
