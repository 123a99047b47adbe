package vn.thidua.benchmark;

import vn.thidua.eventlog.store.MongoCommitLog;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;

import static vn.thidua.benchmark.IngestBenchmark.log;

/**
 * The rebuild benchmark (run it with {@code ./bench.sh rebuild}, {@code --help} lists the
 * {@link RebuildOptions}). Its phases, in order, each in a class of its own:
 * <ol>
 *   <li>starts the whole stack ({@link Stack}: embedded MongoDB-wire server, Kafka, both services with
 *       {@code -Xmx512m}) on a fresh data directory and free ports;</li>
 *   <li>stores {@code --events} events of a realistic domain mix ({@link DomainLoad}) with command-service's own
 *       {@link MongoCommitLog#append} from {@code --writers} threads — positions claimed by insert, hash chain — which
 *       the running command-service's publisher publishes to Kafka and the live query side applies
 *       ({@link EventWriters});</li>
 *   <li>waits until everything is published (sum of the topic's end offsets = events stored) and applied by the
 *       live query side ({@code thidua.projection.events}; {@link LivePipeline});</li>
 *   <li>measures, in the same run: (a) a raw consume of the whole topic with a plain KafkaConsumer (bytes, no
 *       processing); (b) the rebuild of every projection through the API ({@code projection=all}, else each in turn;
 *       {@link RebuildRun}, {@link RebuildJobs}); (c) a raw MongoDB bulk write of exactly the documents the rebuild
 *       wrote (the new generation's, into scratch collections with the same indexes, same server; only the insertMany
 *       calls are timed) — {@link RawBaselines};</li>
 *   <li>times a board as of an instant ({@code asOf=}, {@link AsOfTiming}): the movement with the most events, as of
 *       the middle of its history and as of a second after its last event, each requested twice;</li>
 *   <li>prints events/s of each, the ratio of the rebuild to the raw write, the targets ({@link RebuildReport}), the heap of each
 *       service sampled every second throughout ({@link HeapSampler}), the CPU of each process during the rebuild
 *       ({@link CpuMeter}), the hot frames of jstack samples of the query-service and the MongoDB-wire server taken
 *       during the rebuild ({@link JstackSampler}), and the as-of latencies.</li>
 * </ol>
 */
public final class RebuildBenchmark {

    private final RebuildOptions options;
    private final Stack stack;
    private final StackProbe probe;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final RebuildReport report = new RebuildReport();

    private RebuildBenchmark(RebuildOptions options, Stack stack, StackProbe probe, String adminToken) {
        this.options = options;
        this.stack = stack;
        this.probe = probe;
        this.adminToken = adminToken;
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        RebuildOptions options;
        try {
            options = RebuildOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench rebuild: " + e.getMessage());
            System.err.println(RebuildOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(RebuildOptions.USAGE);
            return;
        }
        log("Thi đua rebuild benchmark — events=%,d writers=%d window=%d projection=%s".formatted(options.events,
                options.writers, options.window, options.projection));
        log("machine: " + Runtime.getRuntime().availableProcessors() + " cores; java " + System.getProperty("java.version"));
        measure(options);
        System.exit(0);
    }

    /**
     * What a run measured.
     *
     * @param rebuildRate events/s of the rebuild (the job's own time)
     * @param rawRate     events/s the raw bulk write of the rebuilt documents corresponds to (events / its seconds)
     */
    record Result(long events, double kafkaRate, double rawRate, double rebuildRate, long heapCommandMb,
                  long heapQueryMb) {
    }

    /** Starts a stack, runs the benchmark on it, prints its report (also the compare command's rebuild part). */
    static Result measure(RebuildOptions options) throws Exception {
        try (Stack stack = Stack.start(options.stack())) {
            String adminToken = stack.tokens.admin("bench-rebuild");
            StackProbe probe = new StackProbe(stack, stack.tokens.operator("bench-rebuild-probe"));
            try {
                return new RebuildBenchmark(options, stack, probe, adminToken).run();
            } catch (Exception | Error e) {
                stack.keepData();
                throw e;
            } finally {
                probe.close();
            }
        }
    }

    private Result run() throws Exception {
        log("stack: command %s, query %s, mongo %s, kafka %s".formatted(stack.commandUrl, stack.queryUrl, stack.mongoUri,
                stack.kafkaBootstrap));
        HeapSampler heap = new HeapSampler(stack, probe);
        heap.start();
        report.add("heap limit (jvm.memory.max, area heap): command-service %d MB, query-service %d MB".formatted(
                probe.heapMaxMb(stack.commandUrl), probe.heapMaxMb(stack.queryUrl)));
        EventTopic topic = new EventTopic(stack.kafkaBootstrap, options.topic);

        heap.phase("store");
        EventWriters.Stored stored = new EventWriters(options, stack, probe, report).store();
        heap.phase("drain");
        new LivePipeline(topic, probe, options.drainTimeout, report).awaitCaughtUp(stored.events(), stored.storedAt());
        RawBaselines raw = new RawBaselines(topic, stack.mongoUri, report);
        heap.phase("raw Kafka");
        double kafka = raw.kafkaConsume();
        heap.phase("rebuild");
        RebuildJobs jobs = new RebuildJobs(http, stack, adminToken, options);
        double rebuild = new RebuildRun(options.projection, stack, jobs, report).measure(stored.events());
        heap.phase("raw MongoDB");
        RawBaselines.Written written = raw.rebuiltDocuments();
        double mongo = stored.events() / written.seconds();
        if (options.asOf) {
            heap.phase("as-of");
            new AsOfTiming(http, stack, adminToken, report).measure(stored);
        }
        heap.phase("end");
        report.print(stored.events(), kafka, mongo, rebuild, heap);
        return new Result(stored.events(), kafka, mongo, rebuild, heap.maxMb("command-service"), heap.maxMb("query-service"));
    }
}
