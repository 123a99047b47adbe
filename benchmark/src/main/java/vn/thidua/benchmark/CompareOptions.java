package vn.thidua.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Command-line options of {@link CompareBenchmark} (read with {@link CommandLine}); {@code --help} prints {@link #USAGE}. */
final class CompareOptions {

    static final String USAGE = """
            usage: ./bench.sh compare [options]
              --short               a smoke check of the whole command: 5-s measurements at ~20,000 stored events,
                                    a rebuild of 20,000 events, the board benchmark at a tenth of national scale,
                                    a 10-s peer warm-up; not a result (~15 min)
              --peer-dir DIR        the peer's sources (default $PEER_DIR; they are not in this repository);
                                    copied to a temporary directory and built there (mvn), never into this repository
              --stored N            stored events before the throughput measurements, ours and the peer's
                                    (default 200000; 1000000 also decides "1M within 20 % of 10k")
              --duration S          seconds of each measurement (default 30)
              --rebuild-events N    events stored and rebuilt (default 1000000)
              --restart-events N    events stored before the kill -9 of every process (default 20000)
              --skip PARTS          leave parts out (comma-separated): peer, ingest, rebuild, startup, boards
              --stack-jar JAR       the launcher (default local-stack/target/local-stack-0.1.0-SNAPSHOT.jar)
              -h, --help            this text""";

    static final List<String> PARTS = List.of("peer", "ingest", "rebuild", "startup", "boards");

    boolean quick;
    Path peerDir;
    long stored = 200_000;
    Duration duration = Duration.ofSeconds(30);
    long rebuildEvents = 1_000_000;
    long restartEvents = 20_000;
    int peerWarmupSeconds = 40;
    final Set<String> skip = new LinkedHashSet<>();
    Path stackJar = Path.of("local-stack/target/local-stack-0.1.0-SNAPSHOT.jar");
    boolean help;

    static CompareOptions parse(String[] args) {
        CompareOptions o = new CompareOptions();
        CommandLine line = new CommandLine(args);
        if (line.contains("--short")) {
            o.quick = true;
            o.stored = 20_000;
            o.duration = Duration.ofSeconds(5);
            o.rebuildEvents = 20_000;
            o.restartEvents = 2_000;
            o.peerWarmupSeconds = 10;
        }
        while (line.hasNext()) {
            String a = line.next();
            switch (a) {
                case "--short" -> { }
                case "-h", "--help" -> {
                    o.help = true;
                    return o;
                }
                case "--peer-dir" -> o.peerDir = Path.of(line.value(a));
                case "--stored" -> o.stored = line.nonNegativeLong(a);
                case "--duration" -> o.duration = Duration.ofSeconds(line.positiveInt(a));
                case "--rebuild-events" -> o.rebuildEvents = line.nonNegativeLong(a);
                case "--restart-events" -> o.restartEvents = line.nonNegativeLong(a);
                case "--skip" -> {
                    for (String part : line.value(a).split(",")) {
                        if (!PARTS.contains(part.trim())) {
                            throw new IllegalArgumentException("--skip takes " + String.join(", ", PARTS) + ", not " + part);
                        }
                        o.skip.add(part.trim());
                    }
                }
                case "--stack-jar" -> o.stackJar = Path.of(line.value(a));
                default -> throw CommandLine.unknown(a);
            }
        }
        if (o.stored < 20_000) {
            throw new IllegalArgumentException("--stored must be at least 20000 (the first measurement is at 10000)");
        }
        if (o.rebuildEvents < 20_000) {
            throw new IllegalArgumentException("--rebuild-events must be at least 20000");
        }
        if (o.peerDir == null) {
            o.peerDir = defaultPeerDir(System.getenv("PEER_DIR"));
        }
        return o;
    }

    boolean runs(String part) {
        return !skip.contains(part);
    }

    /** $PEER_DIR; without it no peer (the compare says so and measures this stack alone). */
    static Path defaultPeerDir(String env) {
        return env == null || env.isBlank() ? Path.of("PEER_DIR-not-set") : Path.of(env);
    }

    /** The ingest benchmark's options for the throughput, CPU, round-trip and freshness measurements. */
    BenchOptions ingest() {
        BenchOptions b = BenchOptions.parse(new String[] {"--low", "10000", "--high", String.valueOf(stored),
                "--fill", "direct", "--open-loop", "100", "--duration", String.valueOf(duration.toSeconds()),
                "--warmup", quick ? "3" : "10", "--stack-jar", stackJar.toString()});
        return b;
    }

    /** The rebuild benchmark's options. */
    RebuildOptions rebuild() {
        RebuildOptions r = RebuildOptions.parse(new String[] {"--events", String.valueOf(rebuildEvents), "--no-as-of",
                "--jstack", "0", "--stack-jar", stackJar.toString()});
        return r;
    }
}
