package vn.thidua.benchmark;

import java.nio.file.Path;
import java.time.Duration;

/** Command-line options of {@link IngestBenchmark} (read with {@link CommandLine}); {@code --help} prints {@link #USAGE}. */
final class BenchOptions {

    static final String USAGE = """
            usage: ./bench.sh [options]
              --quick               smoke run to validate the harness: 3 s warm-up, 5 s measurements,
                                    first measurement at ~2,000 stored events, second at ~20,000
              --load L              what each measured command is (default results):
                                      results  RecordTaskResult (POST /api/v1/movements/{id}/key-tasks/{n}/results)
                                               of a new (unit, task, period), as the unit's UNIT_REPORTER
                                      enrol    EnrollUnit (POST /api/v1/movements/{id}/enrolments) of a new unit,
                                               as a PROVINCE_ADMIN: the load of the runs before RecordTaskResult existed
              --clients N           concurrent closed-loop HTTP clients (default 16)
              --movements N         movements the load is spread over (results: default just enough for --high plus
                                    the measurements; enrol: default 2000, each client owns N/clients)
              --units N             results: units enrolled in every movement (default 50; at most 5000)
              --tasks N             results: key tasks of every movement, 2-3 indicators each (default 8)
              --no-idempotency-key  results: send the commands without an Idempotency-Key header
              --warmup S            warm-up seconds, not measured (default 10)
              --duration S          seconds of each measurement (default 30)
              --low N               stored events before the first measurement (default 10000)
              --high N              stored events before the second measurement (default 200000)
              --fill F              how the store grows from --low to --high (default http):
                                      http    the measured load itself, as fast as the clients go (prints the
                                              bulk-load rate as the store grew)
                                      direct  the rebuild benchmark's domain mix appended with the command side's
                                              commit log (minutes instead of tens of minutes; as the peer preloads)
              --open-loop R         after the second measurement, a steady open loop of R commands/s for --duration
                                    (latency from when each command was due; freshness sampled as in the others)
              --sample-ms N         freshness: sample the next accepted command every N ms (default 100)
              --poll-ms N           freshness: shortest poll interval of the query endpoint per sample (default 5)
              --max-load-minutes M  give up bulk-loading after M minutes and measure at the size reached (default 90)
              --drain-timeout S     before a measurement, wait at most S s for the query side to catch up (default 300)
              --data-dir DIR        stack data directory (default: a fresh temporary directory, deleted at the end)
              --keep-data           keep the data directory at the end
              --stack-jar JAR       the launcher (default local-stack/target/local-stack-0.1.0-SNAPSHOT.jar)
              --ports BASE          ports BASE..BASE+3 for mongo, kafka, command, query (default: free ports)
              --command-url URL --query-url URL --mongo-uri URI
                                    use a running stack instead of starting one (all three needed); its tokens are
                                    minted with its local key (--key-dir), or given with --admin-token/--analyst-token
              --key-dir DIR         the running stack's signing key (default $THIDUA_DATA_DIR/keys, else data/keys)
              --admin-token T       a PROVINCE_ADMIN token for the setup and the enrol load (instead of minted ones;
                                    the results load still mints a UNIT_REPORTER token per unit with --key-dir)
              --analyst-token T     an ANALYST token for the freshness probe (instead of a minted one)
              -h, --help            this text""";

    /** How the store grows from --low to --high. */
    enum Fill { HTTP, DIRECT }

    /** The measured command. */
    enum Load {
        RESULTS("RecordTaskResult"), ENROL("EnrollUnit");

        final String command;

        Load(String command) {
            this.command = command;
        }
    }

    boolean quick;
    Load load = Load.RESULTS;
    int clients = 16;
    /** 0: the default of the load ({@link #movementsFor}). */
    int movements;
    int units = 50;
    int tasks = 8;
    boolean idempotencyKey = true;
    Duration warmup = Duration.ofSeconds(10);
    Duration duration = Duration.ofSeconds(30);
    long low = 10_000;
    long high = 200_000;
    Fill fill = Fill.HTTP;
    int openLoopRate;
    int sampleMillis = 100;
    int pollMillis = 5;
    Duration drainTimeout = Duration.ofSeconds(300);
    Duration maxLoad = Duration.ofMinutes(90);
    Path dataDir;
    boolean keepData;
    Path stackJar = Path.of("local-stack/target/local-stack-0.1.0-SNAPSHOT.jar");
    int basePort;
    String commandUrl;
    String queryUrl;
    String mongoUri;
    Path keyDir = defaultKeyDir();
    String adminToken;
    String analystToken;
    boolean help;

    boolean externalStack() {
        return commandUrl != null;
    }

    static BenchOptions parse(String[] args) {
        BenchOptions o = new BenchOptions();
        CommandLine line = new CommandLine(args);
        // --quick first, so that explicit options given with it win
        if (line.contains("--quick")) {
            o.quick = true;
            o.warmup = Duration.ofSeconds(3);
            o.duration = Duration.ofSeconds(5);
            o.low = 2_000;
            o.high = 20_000;
        }
        while (line.hasNext()) {
            String a = line.next();
            switch (a) {
                case "--quick" -> { }
                case "-h", "--help" -> o.help = true;
                case "--load" -> o.load = load(line.value(a));
                case "--clients" -> o.clients = line.positiveInt(a);
                case "--movements" -> o.movements = line.positiveInt(a);
                case "--units" -> o.units = line.positiveInt(a);
                case "--tasks" -> o.tasks = line.positiveInt(a);
                case "--no-idempotency-key" -> o.idempotencyKey = false;
                case "--warmup" -> o.warmup = Duration.ofSeconds(line.nonNegativeInt(a));
                case "--duration" -> o.duration = Duration.ofSeconds(line.positiveInt(a));
                case "--low" -> o.low = line.nonNegativeInt(a);
                case "--high" -> o.high = line.nonNegativeInt(a);
                case "--fill" -> o.fill = fill(line.value(a));
                case "--open-loop" -> o.openLoopRate = line.positiveInt(a);
                case "--sample-ms" -> o.sampleMillis = line.positiveInt(a);
                case "--poll-ms" -> o.pollMillis = line.positiveInt(a);
                case "--max-load-minutes" -> o.maxLoad = Duration.ofMinutes(line.positiveInt(a));
                case "--drain-timeout" -> o.drainTimeout = Duration.ofSeconds(line.nonNegativeInt(a));
                case "--data-dir" -> o.dataDir = Path.of(line.value(a));
                case "--keep-data" -> o.keepData = true;
                case "--stack-jar" -> o.stackJar = Path.of(line.value(a));
                case "--ports" -> o.basePort = line.positiveInt(a);
                case "--command-url" -> o.commandUrl = stripSlash(line.value(a));
                case "--query-url" -> o.queryUrl = stripSlash(line.value(a));
                case "--mongo-uri" -> o.mongoUri = line.value(a);
                case "--key-dir" -> o.keyDir = Path.of(line.value(a));
                case "--admin-token" -> o.adminToken = line.value(a);
                case "--analyst-token" -> o.analystToken = line.value(a);
                default -> throw CommandLine.unknown(a);
            }
        }
        if ((o.commandUrl == null) != (o.queryUrl == null) || (o.commandUrl == null) != (o.mongoUri == null)) {
            throw new IllegalArgumentException("--command-url, --query-url and --mongo-uri go together");
        }
        if (o.movements == 0) {
            o.movements = o.movementsFor();
        }
        if (o.load == Load.ENROL && o.movements < o.clients) {
            throw new IllegalArgumentException("--movements must be at least --clients");
        }
        if (o.units > Stack.SYNTHETIC_UNITS) {
            throw new IllegalArgumentException("--units: the stack knows " + Stack.SYNTHETIC_UNITS + " units");
        }
        if (o.tasks > 99) {
            throw new IllegalArgumentException("--tasks: a movement has at most 99 key tasks");
        }
        if (o.high < o.low) {
            throw new IllegalArgumentException("--high must be at least --low");
        }
        return o;
    }

    private static Fill fill(String name) {
        return switch (name) {
            case "http" -> Fill.HTTP;
            case "direct" -> Fill.DIRECT;
            default -> throw new IllegalArgumentException("--fill is http or direct, not " + name);
        };
    }

    private static Load load(String name) {
        return switch (name) {
            case "results", "result", "record" -> Load.RESULTS;
            case "enrol", "enroll", "enrolments" -> Load.ENROL;
            default -> throw new IllegalArgumentException("--load is results or enrol, not " + name);
        };
    }

    /**
     * Results a measured run may record beyond --high: the warm-up and the first measurement come before --high is
     * reached, the second measurement after it; 2,000 commands/s through it leaves a wide margin on this stack.
     */
    long resultsNeeded() {
        long measuring = 2_000L * (duration.toSeconds() * (openLoopRate > 0 ? 3 : 2) + warmup.toSeconds());
        return (fill == Fill.DIRECT ? low : high) + measuring;
    }

    /**
     * The default number of movements: results — just enough movements of {@code units × tasks ×}
     * {@link ResultLoad#PERIODS} results each for {@link #resultsNeeded()} (a result can be recorded once); enrol — 2000.
     */
    int movementsFor() {
        if (load == Load.ENROL) {
            return 2000;
        }
        long perMovement = (long) units * tasks * ResultLoad.PERIODS.size();
        return (int) Math.max(1, (resultsNeeded() + perMovement - 1) / perMovement);
    }

    /** Where {@code ./run.sh} keeps the local signing key. */
    private static Path defaultKeyDir() {
        String data = System.getenv("THIDUA_DATA_DIR");
        return Path.of(data == null || data.isBlank() ? "data" : data).resolve("keys");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    String describe() {
        String shape = load == Load.RESULTS
                ? "load=results (RecordTaskResult) movements=%d units=%d tasks=%d periods=%d idempotency-key=%s"
                .formatted(movements, units, tasks, ResultLoad.PERIODS.size(), idempotencyKey ? "yes" : "no")
                : "load=enrol (EnrollUnit) movements=%d".formatted(movements);
        return "%s clients=%d warmup=%ds duration=%ds low=%,d high=%,d fill=%s%s sample-every=%dms poll=%dms%s"
                .formatted(shape, clients, warmup.toSeconds(), duration.toSeconds(), low, high,
                        fill.name().toLowerCase(java.util.Locale.ROOT),
                        openLoopRate > 0 ? " open-loop=" + openLoopRate + "/s" : "", sampleMillis,
                        pollMillis, quick ? " (--quick)" : "");
    }
}
