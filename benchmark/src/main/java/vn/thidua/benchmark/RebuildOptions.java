package vn.thidua.benchmark;

import java.nio.file.Path;
import java.time.Duration;

/** Command-line options of {@link RebuildBenchmark} (read with {@link CommandLine}); {@code --help} prints {@link #USAGE}. */
final class RebuildOptions {

    static final String USAGE = """
            usage: ./bench.sh rebuild [options]
              --events N            events to store (default 1000000)
              --writers N           threads appending through MongoCommitLog (default 2)
              --batch N             commit documents per insertMany (default 1000; 1 = MongoCommitLog's own insertOne)
              --window N            aggregates each writer interleaves (default 64)
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

    long events = 1_000_000;
    int writers = 2;
    int batch = 1000;
    int window = 64;
    String projection = "all";
    int jstackSamples = 12;
    int jstackEvery = 30;
    Duration drainTimeout = Duration.ofSeconds(3600);
    Duration rebuildTimeout = Duration.ofSeconds(3600);
    String topic = "thidua.events";
    boolean keepData;
    boolean asOf = true;
    /** null: {@link BenchOptions}'s default launcher. */
    Path stackJar;
    boolean help;

    /** The options; with {@code -h}/{@code --help} anywhere before a mistake, just {@link #help}. */
    static RebuildOptions parse(String[] args) {
        RebuildOptions o = new RebuildOptions();
        CommandLine line = new CommandLine(args);
        while (line.hasNext()) {
            String a = line.next();
            switch (a) {
                case "-h", "--help" -> {
                    o.help = true;
                    return o;
                }
                case "--events" -> o.events = line.nonNegativeLong(a);
                case "--writers" -> o.writers = line.nonNegativeInt(a);
                case "--batch" -> o.batch = line.nonNegativeInt(a);
                case "--window" -> o.window = line.nonNegativeInt(a);
                case "--projection" -> o.projection = line.value(a);
                case "--jstack" -> o.jstackSamples = line.nonNegativeInt(a);
                case "--jstack-every" -> o.jstackEvery = line.nonNegativeInt(a);
                case "--drain-timeout" -> o.drainTimeout = Duration.ofSeconds(line.nonNegativeLong(a));
                case "--rebuild-timeout" -> o.rebuildTimeout = Duration.ofSeconds(line.nonNegativeLong(a));
                case "--topic" -> o.topic = line.value(a);
                case "--keep-data" -> o.keepData = true;
                case "--no-as-of" -> o.asOf = false;
                case "--stack-jar" -> o.stackJar = Path.of(line.value(a));
                default -> throw CommandLine.unknown(a);
            }
        }
        if (o.events <= 0 || o.writers <= 0 || o.window <= 0 || o.batch <= 0) {
            throw new IllegalArgumentException("--events, --writers, --batch and --window must be positive");
        }
        return o;
    }

    /** How to start the stack: the ingest benchmark's defaults, with this launcher and --keep-data. */
    BenchOptions stack() {
        BenchOptions stack = new BenchOptions();
        stack.keepData = keepData;
        if (stackJar != null) {
            stack.stackJar = stackJar;
        }
        return stack;
    }
}
