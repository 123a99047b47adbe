package vn.thidua.benchmark;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The ingest benchmark (run it with {@code ./bench.sh}; {@code --help} lists the options).
 * <ol>
 *   <li>starts the whole stack with the local-stack launcher on a fresh data directory and free ports (rate limit
 *       per caller raised out of the way), and mints the bearer tokens of the load with its local key
 *       ({@link BenchTokens});</li>
 *   <li>setup, through the API and not measured: every client registers its share of the movements; for the results
 *       load (the default) it also defines their key tasks and enrols their units ({@link ResultLoad});</li>
 *   <li>warm-up, not measured;</li>
 *   <li>loads until {@code --low} (10k) events are stored, lets the query side catch up, then measures for
 *       {@code --duration} (30 s): commands/s, latency p50/p99/max, non-2xx and I/O errors, freshness;</li>
 *   <li>bulk-loads the same commands until {@code --high} (200k) events are stored (progress lines), lets the
 *       query side catch up, and measures again the same way;</li>
 *   <li>prints a summary with the ratio of the two throughputs, the targets, CPU and memory per process;
 *       stops the stack and deletes its data.</li>
 * </ol>
 * Closed loop: each of the {@code --clients} (16) clients sends its next command when the previous one was
 * answered. The command is a {@code RecordTaskResult} of a new result (one new aggregate, one stored event) sent as
 * the unit's reporter, or with {@code --load enrol} an {@code EnrollUnit} of a new unit (the load of the runs before
 * RecordTaskResult existed). The headline rate counts only 2xx answers; every request — failed or not — is in the
 * latency percentiles, and failures are counted and printed by status.
 */
public final class IngestBenchmark {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final BenchOptions options;
    private final Stack stack;
    private final StackProbe probe;
    private final FreshnessProbe freshness;
    private final List<LoadClient> clients = new ArrayList<>();
    /** The results load's plan, once the setup made it (null with --load enrol). */
    private ResultLoad results;
    private final ExecutorService pool;
    private static volatile boolean shuttingDown;
    private long storedAtStart;
    private long appliedAtStart;
    private long publishedAtStart;
    /** (nanoTime, stored events) once a second while bulk-loading towards --high: the warm rate as the store grows. */
    private final List<long[]> loadCurve = new ArrayList<>();

    private IngestBenchmark(BenchOptions options, Stack stack) {
        this.options = options;
        this.stack = stack;
        this.probe = new StackProbe(stack, stack.tokens.operator("bench-metrics-probe"));
        this.freshness = new FreshnessProbe(stack.queryUrl, stack.tokens.analyst(), options.sampleMillis, options.pollMillis);
        this.pool = Executors.newFixedThreadPool(options.clients, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < options.clients; i++) {
            clients.add(new LoadClient(stack.commandUrl, stack.tokens.admin("bench-client-" + i)));
        }
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shuttingDown = true, "bench-shutdown-flag"));
        log("Thi đua ingest benchmark — " + options.describe());
        log("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + memTotal()
                + "; java " + System.getProperty("java.version"));
        try (Stack stack = options.externalStack() ? Stack.external(options) : Stack.start(options)) {
            measure(options, stack);
        }
        System.exit(0);
    }

    /** What a run measured: the closed-loop measurements at --low and --high, and the open-loop one (or null). */
    record Result(Phase low, Phase high, Phase openLoop) {
    }

    /** Runs the benchmark on a started stack and prints its summary (also the compare command's ingest part). */
    static Result measure(BenchOptions options, Stack stack) throws Exception {
        IngestBenchmark bench = new IngestBenchmark(options, stack);
        try {
            return bench.run();
        } catch (Exception | Error e) {
            stack.keepData();
            throw e;
        } finally {
            bench.freshness.close();
            bench.probe.close();
            bench.pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------------ phases

    private Result run() throws Exception {
        storedAtStart = probe.storedEvents();
        appliedAtStart = Math.max(0, probe.applied());
        publishedAtStart = Math.max(0, probe.published());
        log("stack: command " + stack.commandUrl + ", query " + stack.queryUrl + ", mongo " + stack.mongoUri
                + "; stored events at start: " + fmt(storedAtStart));

        setup();

        log("warm-up: %d s, not measured".formatted(options.warmup.toSeconds()));
        Phase warm = runFor("warm-up", options.warmup, false);
        log("warm-up done: " + warm.oneLine());

        List<Phase> measured = new ArrayList<>();
        for (long target : new long[] {options.low, options.high}) {
            if (options.fill == BenchOptions.Fill.DIRECT && target == options.high) {
                storeDirectly(target);
            } else {
                fillTo(target);
            }
            awaitQuerySide();
            String name = "at " + shortCount(target);
            log("measuring %s stored events: %d s, %d clients".formatted(shortCount(target),
                    options.duration.toSeconds(), options.clients));
            Phase p = runFor(name, options.duration, true);
            p.print();
            measured.add(p);
        }
        Phase openLoop = null;
        if (options.openLoopRate > 0) {
            awaitQuerySide();
            String name = "open %d/s".formatted(options.openLoopRate);
            log("measuring a steady open loop of %d commands/s at %s stored events: %d s".formatted(options.openLoopRate,
                    fmt(probe.storedEvents()), options.duration.toSeconds()));
            openLoop = runOpenLoop(name, options.openLoopRate, options.duration);
            openLoop.print();
        }
        awaitQuerySide();
        summary(measured.get(0), measured.get(1), openLoop);
        return new Result(measured.get(0), measured.get(1), openLoop);
    }

    /**
     * Grows the store to {@code target} events without the HTTP load: the rebuild benchmark's domain mix appended with
     * command-service's own commit log ({@link EventWriters}), as the peer's benchmark preloads its store with one SQL
     * statement. The stack's publisher and query side apply them as they would any command's events.
     */
    private void storeDirectly(long target) throws Exception {
        long stored = probe.storedEvents();
        if (stored >= target) {
            log("stored events: %s (already ≥ %s)".formatted(fmt(stored), fmt(target)));
            return;
        }
        RebuildOptions writers = new RebuildOptions();
        writers.events = target - stored;
        new EventWriters(writers, stack, probe, new RebuildReport()).store();
        // the command side hands out log positions from its own counter: its next appends find the positions the
        // writers took and move past them, window by window — once, not in a measurement
        awaitQuerySide();
        Phase again = runFor("warm-up after the direct fill", options.warmup, false);
        log("warm-up after the direct fill, not measured: " + again.oneLine());
    }

    /**
     * Each client registers its share of the movements; for the results load it also defines each movement's key tasks
     * and enrols its units, movement after movement (one client per movement: no two clients wait for the same
     * aggregate). A setup command that fails is sent again (at most 3 attempts); the results load uses only the
     * movements whose setup completed.
     */
    private void setup() throws Exception {
        String tag = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36).toUpperCase(Locale.ROOT);
        boolean resultsLoad = options.load == BenchOptions.Load.RESULTS;
        log(resultsLoad
                ? ("setup: registering %d movements (codes B%s-0000 …), each with %d key tasks and %d enrolled units"
                + " (U100001 …): %,d commands").formatted(options.movements, tag, options.tasks, options.units,
                (long) options.movements * (1 + options.tasks + options.units))
                : "setup: registering %d movements (codes B%s-0000 …), %d per client".formatted(options.movements, tag,
                options.movements / options.clients));
        long t0 = System.nanoTime();
        List<Recorder> recorders = new ArrayList<>();
        List<Future<List<String>>> done = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            int client = i;
            Recorder r = new Recorder();
            recorders.add(r);
            done.add(pool.submit(() -> {
                LoadClient c = clients.get(client);
                List<String> complete = new ArrayList<>();
                for (int m = client; m < options.movements; m += clients.size()) {
                    String id = "B%s-%04d".formatted(tag, m);
                    boolean ok = attempts(() -> c.register(id, r));
                    for (int task = 1; ok && resultsLoad && task <= options.tasks; task++) {
                        int taskNo = task;
                        ok = attempts(() -> c.defineTask(id, taskNo, r));
                    }
                    for (int u = 0; ok && resultsLoad && u < options.units; u++) {
                        String unit = ResultLoad.unitId(u);
                        ok = attempts(() -> c.enrol(id, unit, r));
                    }
                    if (ok) {
                        complete.add(id);
                    }
                }
                return complete;
            }));
        }
        List<String> complete = new ArrayList<>();
        for (Future<List<String>> f : done) {
            complete.addAll(f.get());
        }
        complete.sort(null);
        Recorder.Merged m = Recorder.merge(recorders);
        long elapsed = System.nanoTime() - t0;
        if (!resultsLoad) {
            int registered = clients.stream().mapToInt(LoadClient::movementCount).sum();
            log("setup done: %d of %d movements registered in %.1f s (%s); %s".formatted(registered, options.movements,
                    elapsed / 1e9, rate(m.ok(), elapsed), failures(m)));
            if (clients.stream().anyMatch(c -> c.movementCount() == 0)) {
                throw new IllegalStateException("a client has no movement to write to; last failure: " + m.lastFailure());
            }
            return;
        }
        log("setup done: %d of %d movements registered with their %d key tasks and %d enrolled units: %,d commands accepted in %.1f s (%s); %s"
                .formatted(complete.size(), options.movements, options.tasks, options.units, m.ok(), elapsed / 1e9,
                        rate(m.ok(), elapsed), failures(m)));
        if (complete.isEmpty()) {
            throw new IllegalStateException("no movement was set up; last failure: " + m.lastFailure());
        }
        if (m.lastFailure() != null) {
            log("  last setup failure: " + m.lastFailure());
        }
        results = new ResultLoad(complete, options.tasks, options.units, stack.tokens, options.idempotencyKey);
        log(("results load: %,d results to record (%d movements × %d key tasks × %d units × %d periods %s … %s), each"
                + " once, as the unit's UNIT_REPORTER%s; %,d needed at most (what the load stores + 2,000/s through each measurement)")
                .formatted(results.capacity(), complete.size(), options.tasks, options.units, ResultLoad.PERIODS.size(),
                        ResultLoad.PERIODS.get(0), ResultLoad.PERIODS.get(ResultLoad.PERIODS.size() - 1),
                        options.idempotencyKey ? ", with an Idempotency-Key" : "", options.resultsNeeded()));
        if (results.capacity() < (options.fill == BenchOptions.Fill.DIRECT ? options.low : options.high)) {
            log("WARNING: fewer results than --high: the load will run out before the second measurement (raise --movements or --units)");
        }
    }

    /** Up to 3 attempts, 200 ms apart. */
    private static boolean attempts(BooleanSupplier attempt) {
        for (int i = 1; i <= 3; i++) {
            if (attempt.getAsBoolean()) {
                return true;
            }
            if (i < 3) {
                sleep(200);
            }
        }
        return false;
    }

    /** Load until the store holds {@code target} events, with a progress line every 5 s. */
    private void fillTo(long target) throws Exception {
        long stored = probe.storedEvents();
        if (stored >= target) {
            log("stored events: %s (already ≥ %s)".formatted(fmt(stored), fmt(target)));
            return;
        }
        log("loading until %s events are stored (now %s), as fast as the %d clients go".formatted(fmt(target),
                fmt(stored), options.clients));
        long t0 = System.nanoTime();
        long[] last = {t0, stored};
        long[] nextReport = {t0 + TimeUnit.SECONDS.toNanos(5)};
        AtomicBoolean abort = new AtomicBoolean();
        boolean curve = target == options.high;
        Phase p = run("load to " + shortCount(target), () -> {
            long now = System.nanoTime();
            long s = probe.storedEvents();
            if (curve) {
                loadCurve.add(new long[] {now, s});
            }
            if (now >= nextReport[0]) {
                long published = probe.published();
                long applied = probe.applied();
                log("  progress: stored %s (%s in the last %.0f s), published %s, applied by the query side %s"
                        .formatted(fmt(s), rate(s - last[1], now - last[0]), (now - last[0]) / 1e9,
                                published < 0 ? "?" : fmt(published), applied < 0 ? "?" : fmt(applied)));
                last[0] = now;
                last[1] = s;
                nextReport[0] = now + TimeUnit.SECONDS.toNanos(5);
            }
            if (now - t0 > options.maxLoad.toNanos()) {
                abort.set(true);
                return true;
            }
            return s >= target;
        }, 1000, false);
        log("load done: %s; stored events now %s".formatted(p.oneLine(), fmt(probe.storedEvents())));
        if (abort.get()) {
            log("WARNING: gave up loading after " + options.maxLoad.toMinutes() + " min (--max-load-minutes); measuring at the size reached");
        }
    }

    /**
     * Waits until the query side has applied every stored event, so a measurement does not start with a backlog:
     * the publisher has nothing left ({@code thidua.publication.lag} = 0) and the query side applied all it
     * published. (Stored events are not compared directly: a position the publisher sealed as a gap is a
     * document of the log but no event.)
     */
    private void awaitQuerySide() {
        long t0 = System.nanoTime();
        long deadline = t0 + options.drainTimeout.toNanos();
        String state = "";
        while (System.nanoTime() < deadline && !shuttingDown) {
            long stored = probe.storedEvents() - storedAtStart;
            long lag = probe.publicationLag();
            long published = probe.published() - publishedAtStart;
            long applied = probe.applied() - appliedAtStart;
            boolean drained = lag < 0 || published < 0 ? applied >= stored : lag == 0 && applied >= published;
            if (drained) {
                log("query side up to date (%s events applied) after %.1f s".formatted(fmt(applied + appliedAtStart),
                        (System.nanoTime() - t0) / 1e9));
                return;
            }
            state = "stored %s, publisher lag %d, published %s, applied %s (since the start)".formatted(fmt(stored), lag,
                    fmt(published), fmt(applied));
            sleep(250);
        }
        if (shuttingDown) {
            return;
        }
        log("WARNING: the query side has not caught up after %d s (%s); measuring anyway"
                .formatted(options.drainTimeout.toSeconds(), state));
    }

    private Phase runFor(String name, Duration duration, boolean measured) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        return run(name, () -> System.nanoTime() >= end, 20, measured);
    }

    /** What one client does next in a phase; false when it has nothing left to send. */
    private interface ClientStep {
        boolean next(LoadClient client, Recorder recorder, FreshnessProbe probe) throws InterruptedException;
    }

    private Phase run(String name, BooleanSupplier stop, long checkMillis, boolean measured) throws Exception {
        return run(name, stop, checkMillis, measured, (client, r, probe) -> {
            if (results == null) {
                client.enrolOne(r, probe);
                return true;
            }
            return client.recordOne(results, r, probe, System.nanoTime());
        }, () -> { });
    }

    /**
     * A steady open loop: commands are due at {@code rate} per second whatever the answers; a free client sends the
     * next due one, and its latency counts from when it was due (so a stall shows as the waiting it causes, not as
     * fewer requests).
     */
    private Phase runOpenLoop(String name, int rate, Duration duration) throws Exception {
        long intervalNanos = 1_000_000_000L / rate;
        java.util.concurrent.BlockingQueue<Long> due = new java.util.concurrent.LinkedBlockingQueue<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicBoolean scheduling = new AtomicBoolean(true);
        Thread scheduler = new Thread(() -> {
            for (long i = 0; scheduling.get(); i++) {
                long at = start + i * intervalNanos;
                if (at >= end) {
                    break;
                }
                long wait = at - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                due.add(at);
            }
            for (int c = 0; c < clients.size(); c++) {
                due.add(-1L); // one end marker per client
            }
        }, "bench-open-loop");
        Phase p = run(name, () -> !scheduler.isAlive() && due.isEmpty(), 20, true, (client, r, probe) -> {
            long at = due.take();
            return at >= 0 && client.recordOne(results, r, probe, at);
        }, scheduler::start);
        scheduling.set(false);
        return p;
    }

    /**
     * Runs every client in a closed loop until {@code stop} says so (checked every {@code checkMillis} on this
     * thread), then waits for the requests in flight.
     */
    private Phase run(String name, BooleanSupplier stop, long checkMillis, boolean measured, ClientStep step,
                      Runnable started) throws Exception {
        if (shuttingDown) {
            throw new IllegalStateException("interrupted: the benchmark is shutting down");
        }
        FreshnessProbe.Collector fresh = measured ? new FreshnessProbe.Collector() : null;
        Map<String, ProcessHandle> processes = stack.processes();
        Map<String, Long> cpuBefore = cpu(processes);
        Map<String, long[]> jitGcBefore = jitGc(processes);
        long[] machineBefore = StackProbe.machineTicks();
        long storedBefore = probe.storedEvents();
        RoundTripCounts tripsBefore = measured ? RoundTripCounts.of(probe, stack) : null;
        AtomicBoolean stopping = new AtomicBoolean();
        List<Recorder> recorders = new ArrayList<>();
        List<Future<Object>> done = new ArrayList<>();
        freshness.sampleInto(fresh);
        long t0 = System.nanoTime();
        for (LoadClient client : clients) {
            Recorder r = new Recorder();
            recorders.add(r);
            done.add(pool.submit(() -> {
                while (!stopping.get()) {
                    if (!step.next(client, r, measured ? freshness : null)) {
                        return null; // nothing left to send (the plan ran out, or the open loop ended)
                    }
                }
                return null;
            }));
        }
        started.run();
        while (!shuttingDown && !stop.getAsBoolean() && (results == null || !results.exhausted())) {
            sleep(checkMillis);
        }
        stopping.set(true);
        for (Future<Object> f : done) {
            f.get();
        }
        long elapsed = System.nanoTime() - t0;
        RoundTripCounts trips = measured ? RoundTripCounts.of(probe, stack).minus(tripsBefore) : null;
        freshness.sampleInto(null);
        if (results != null && results.exhausted() && !shuttingDown) {
            throw new IllegalStateException(("the results load ran out during '%s': all %,d results of the plan are"
                    + " recorded (each can be recorded once); raise --movements or --units").formatted(name, results.capacity()));
        }
        Map<String, Long> cpuAfter = cpu(processes);
        Map<String, long[]> jitGcAfter = jitGc(processes);
        long[] machineAfter = StackProbe.machineTicks();
        long storedAfter = probe.storedEvents();
        if (fresh != null) {
            FreshnessProbe.await(fresh);
        }
        Map<String, Double> cpuPercent = new LinkedHashMap<>();
        cpuBefore.forEach((proc, before) -> {
            Long after = cpuAfter.get(proc);
            if (before >= 0 && after != null && after >= 0) {
                cpuPercent.put(proc, (after - before) * 100.0 / (elapsed / 1e6));
            }
        });
        Map<String, double[]> jitGcPercent = new LinkedHashMap<>();
        jitGcBefore.forEach((proc, before) -> {
            long[] after = jitGcAfter.get(proc);
            if (before[0] >= 0 && after != null && after[0] >= 0) {
                jitGcPercent.put(proc, new double[] {(after[0] - before[0]) * 100.0 / (elapsed / 1e6),
                        (after[1] - before[1]) * 100.0 / (elapsed / 1e6)});
            }
        });
        double machineBusy = machineBefore == null || machineAfter == null ? Double.NaN
                : 100.0 * (machineAfter[0] - machineBefore[0]) / Math.max(1, machineAfter[1] - machineBefore[1]);
        Map<String, Long> rss = new LinkedHashMap<>();
        processes.forEach((proc, h) -> rss.put(proc, StackProbe.rssMb(h)));
        String heap = "command-service %d/%d MB, query-service %d/%d MB".formatted(
                probe.heapUsedMb(stack.commandUrl), probe.heapMaxMb(stack.commandUrl),
                probe.heapUsedMb(stack.queryUrl), probe.heapMaxMb(stack.queryUrl));
        return new Phase(name, elapsed, Recorder.merge(recorders), fresh, storedBefore, storedAfter, cpuPercent,
                jitGcPercent, machineBusy, rss, heap, trips);
    }

    private static Map<String, long[]> jitGc(Map<String, ProcessHandle> processes) {
        Map<String, long[]> m = new LinkedHashMap<>();
        processes.forEach((name, h) -> m.put(name, StackProbe.jitAndGcMillis(h)));
        return m;
    }

    private static Map<String, Long> cpu(Map<String, ProcessHandle> processes) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        processes.forEach((name, h) -> cpu.put(name, StackProbe.cpuMillis(h)));
        return cpu;
    }

    // ------------------------------------------------------------------------------------------------ results

    /** The outcome of one phase ({@code roundTrips} null when not measured). */
    record Phase(String name, long elapsedNanos, Recorder.Merged requests, FreshnessProbe.Collector fresh,
                 long storedBefore, long storedAfter, Map<String, Double> cpuPercent,
                 Map<String, double[]> jitGcPercent, double machineBusy,
                 Map<String, Long> rssMb, String heap, RoundTripCounts roundTrips) {

        /** CPU milliseconds per accepted command of the named processes (NaN if none was accepted or one is unknown). */
        double cpuMillisPerCommand(String... processes) {
            double total = 0;
            for (String proc : processes) {
                Double pct = cpuPercent.get(proc);
                if (pct == null || requests.ok() == 0) {
                    return Double.NaN;
                }
                total += pct / 100.0 * (elapsedNanos / 1e6) / requests.ok();
            }
            return total;
        }

        double okPerSecond() {
            return requests.ok() / (elapsedNanos / 1e9);
        }

        double requestsPerSecond() {
            return requests.requests() / (elapsedNanos / 1e9);
        }

        String oneLine() {
            return "%s requests in %.1f s = %.1f cmd/s (2xx), p50 %.1f ms, p99 %.1f ms; %s".formatted(
                    fmt(requests.requests()), elapsedNanos / 1e9, okPerSecond(), requests.percentileMillis(0.50),
                    requests.percentileMillis(0.99), failures(requests));
        }

        void print() {
            Recorder.Merged r = requests;
            long[] f = fresh.sorted();
            double secs = elapsedNanos / 1e9;
            StringBuilder sb = new StringBuilder();
            sb.append("---- %s: %.1f s, stored events %s → %s ----%n".formatted(name, secs, fmt(storedBefore), fmt(storedAfter)));
            sb.append("  throughput: %.1f cmd/s accepted (2xx: %s); %.1f requests/s (all %s)%n".formatted(
                    okPerSecond(), fmt(r.ok()), requestsPerSecond(), fmt(r.requests())));
            sb.append("  failures:   %s%n".formatted(failures(r)));
            if (r.lastFailure() != null) {
                sb.append("              last failure: %s%n".formatted(r.lastFailure()));
            }
            sb.append("  latency (all requests): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n".formatted(
                    r.percentileMillis(0.50), r.percentileMillis(0.90), r.percentileMillis(0.99),
                    r.percentileMillis(0.999), r.percentileMillis(1.0)));
            sb.append("  freshness (201 → visible in the query API): p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d samples, %d timed out (> %d s), %d skipped; %s probe GETs (%.0f/s)%n"
                    .formatted(Stats.percentile(f, 0.50) / 1e6, Stats.percentile(f, 0.99) / 1e6,
                            Stats.percentile(f, 1.0) / 1e6, f.length, fresh.timedOut.get(),
                            TimeUnit.NANOSECONDS.toSeconds(FreshnessProbe.TIMEOUT_NANOS), fresh.skipped.get(),
                            fmt(fresh.gets.get()), fresh.gets.get() / secs));
            sb.append("  CPU (%% of one core; %d cores = %d%%): ".formatted(Runtime.getRuntime().availableProcessors(),
                    100 * Runtime.getRuntime().availableProcessors()));
            cpuPercent.forEach((proc, pct) -> sb.append("%s %.0f%%, ".formatted(proc, pct)));
            sb.append("machine busy %.0f%% of all cores%n".formatted(machineBusy));
            sb.append("    of which JIT compiler / GC threads: ");
            jitGcPercent.forEach((proc, v) -> {
                if (v[0] + v[1] >= 0.5) {
                    sb.append("%s %.0f%% / %.0f%%, ".formatted(proc, v[0], v[1]));
                }
            });
            sb.setLength(sb.length() - 2);
            sb.append("%n".formatted());
            if (requests.ok() > 0) {
                double total = 0;
                sb.append("  CPU time per accepted command: ");
                for (Map.Entry<String, Double> e : cpuPercent.entrySet()) {
                    double ms = e.getValue() / 100.0 * (elapsedNanos / 1e6) / requests.ok();
                    total += ms;
                    sb.append("%s %.2f ms, ".formatted(e.getKey(), ms));
                }
                int cores = Runtime.getRuntime().availableProcessors();
                sb.append("total %.2f ms (a CPU-bound ceiling of ~%.0f cmd/s on %d cores)%n".formatted(total,
                        cores * 1000.0 / total, cores));
            }
            if (roundTrips != null) {
                sb.append(roundTrips.describe(requests.ok()));
            }
            sb.append("  other processes on the machine (not the stack, not the benchmark): %.0f%% of one core%s%n"
                    .formatted(othersPercent(), othersPercent() > 20 ? "  <-- WARNING: the machine was not quiet, figures are depressed" : ""));
            sb.append("  RSS: ");
            rssMb.forEach((proc, mb) -> sb.append("%s %d MB, ".formatted(proc, mb)));
            sb.setLength(sb.length() - 2);
            sb.append("%n  heap used/max: %s".formatted(heap));
            System.out.println(sb);
            System.out.flush();
        }

        /** CPU used by processes other than the stack and the benchmark during the phase, % of one core. */
        double othersPercent() {
            double ours = cpuPercent.values().stream().mapToDouble(Double::doubleValue).sum();
            return Math.max(0, machineBusy * Runtime.getRuntime().availableProcessors() - ours);
        }

        double freshnessMillis(double p) {
            return Stats.percentile(fresh.sorted(), p) / 1e6;
        }
    }

    private void summary(Phase low, Phase high, Phase openLoop) {
        double ratio = high.okPerSecond() / low.okPerSecond();
        StringBuilder sb = new StringBuilder();
        String load = results != null
                ? "RecordTaskResult (%d movements × %d key tasks × %d units × %d periods%s)".formatted(
                results.movements.size(), results.tasks, results.units, ResultLoad.PERIODS.size(),
                options.idempotencyKey ? ", Idempotency-Key" : "")
                : "EnrollUnit (%d movements)".formatted(options.movements);
        sb.append("%n==== SUMMARY — %s, %d clients, %d s per measurement%s ====%n".formatted(load, options.clients,
                options.duration.toSeconds(), options.quick ? " (--quick: smoke run, not a result)" : ""));
        String head = "| %-10s | %-19s | %8s | %7s | %7s | %8s | %7s | %6s | %9s | %9s | %-7s |%n";
        sb.append(head.formatted("phase", "stored events", "cmd/s", "p50 ms", "p99 ms", "max ms", "non-2xx", "io-err",
                "fresh p50", "fresh p99", "samples"));
        sb.append(head.formatted("---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---"));
        List<Phase> phases = new ArrayList<>(List.of(low, high));
        if (openLoop != null) {
            phases.add(openLoop);
        }
        for (Phase p : phases) {
            sb.append(head.formatted(p.name, fmt(p.storedBefore) + " → " + fmt(p.storedAfter),
                    "%.1f".formatted(p.okPerSecond()), "%.1f".formatted(p.requests.percentileMillis(0.5)),
                    "%.1f".formatted(p.requests.percentileMillis(0.99)), "%.1f".formatted(p.requests.percentileMillis(1.0)),
                    fmt(p.requests.non2xx()), fmt(p.requests.ioErrors()),
                    "%.1f".formatted(p.freshnessMillis(0.5)), "%.1f".formatted(p.freshnessMillis(0.99)),
                    p.fresh.sorted().length + (p.fresh.timedOut.get() > 0 ? " +" + p.fresh.timedOut.get() + " t/o" : "")
                            + (p.fresh.skipped.get() > 0 ? " +" + p.fresh.skipped.get() + " skipped" : "")));
        }
        sb.append("throughput at %s / at %s: %.2f%n".formatted(shortCount(options.high), shortCount(options.low), ratio));
        sb.append("targets that need no peer (the ratios to the peer: ./bench.sh compare):\n");
        RoundTripCounts trips = high.roundTrips;
        if (trips != null) {
            double perCommand = trips.perCommand(RoundTripCounts.REQUEST, high.requests.ok());
            sb.append("  round trips per command on the write path ≤ 3:          %s (%.2f)%n".formatted(
                    verdict(perCommand <= 3), perCommand));
            double perBatch = trips.worstPerBatch();
            sb.append("  round trips per projection per consumed batch ≤ 2:      %s (%.2f, %s)%n".formatted(
                    verdict(perBatch <= 2), perBatch, trips.worstProjection()));
        }
        if (openLoop != null) {
            sb.append("  freshness p99 ≤ 150 ms at a steady %d commands/s:       %s (%.1f ms%s)%n".formatted(
                    options.openLoopRate, verdict(openLoop.freshnessMillis(0.99) <= 150 && openLoop.fresh.timedOut.get() == 0),
                    openLoop.freshnessMillis(0.99), openLoop.fresh.timedOut.get() > 0 ? ", timeouts" : ""));
        }
        for (Phase p : phases) {
            sb.append("  %-10s no failed request: %s%n".formatted(p.name,
                    verdict(p.requests.non2xx() + p.requests.ioErrors() == 0)));
        }
        boolean noisy = phases.stream().anyMatch(p -> p.othersPercent() > 20);
        sb.append("  throughput at %s within 20%% of %s: %s (%+.0f%%)%s%n".formatted(shortCount(options.high),
                shortCount(options.low), verdict(ratio >= 0.8), (ratio - 1) * 100,
                noisy ? " — NOT A VALID COMPARISON: a measurement ran on a busy machine (see below)" : ""));
        for (Phase p : phases) {
            if (p.othersPercent() > 20) {
                sb.append("WARNING: during '%s' other processes used %.0f%% of one core: the machine was not quiet%n"
                        .formatted(p.name, p.othersPercent()));
            }
        }
        sb.append(loadCurve());
        System.out.print(sb);
        System.out.flush();
    }

    /**
     * The bulk-load rate in four equal slices of the way to --high: the JVMs are warm there and no freshness probe
     * runs, so it shows how throughput changes as the store grows better than the first measurement, which runs
     * while the JIT compilers are still busy (their share is printed with each measurement).
     */
    private String loadCurve() {
        if (loadCurve.size() < 8) {
            return "";
        }
        long from = loadCurve.get(0)[1];
        long to = loadCurve.get(loadCurve.size() - 1)[1];
        StringBuilder sb = new StringBuilder("bulk-load rate as the store grew (warm JVMs, no probe):");
        double first = Double.NaN;
        double last = Double.NaN;
        for (int q = 0; q < 4; q++) {
            long lo = from + (to - from) * q / 4;
            long hi = from + (to - from) * (q + 1) / 4;
            long[] a = null;
            long[] b = null;
            for (long[] point : loadCurve) {
                if (a == null && point[1] >= lo) {
                    a = point;
                }
                if (point[1] <= hi) {
                    b = point;
                }
            }
            if (a == null || b == null || b[0] <= a[0]) {
                continue;
            }
            double rate = (b[1] - a[1]) / ((b[0] - a[0]) / 1e9);
            first = Double.isNaN(first) ? rate : first;
            last = rate;
            sb.append(" %s–%s: %.0f cmd/s;".formatted(shortCount(round(lo)), shortCount(round(hi)), rate));
        }
        sb.setLength(sb.length() - 1);
        return sb.append("%n  last slice / first slice: %.2f%n".formatted(last / first)).toString();
    }

    private static long round(long n) {
        return n >= 10_000 ? Math.round(n / 1000.0) * 1000 : n;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String verdict(boolean ok) {
        return ok ? "PASS" : "FAIL";
    }

    private static String failures(Recorder.Merged m) {
        return "non-2xx %s%s, I/O errors/timeouts %s".formatted(fmt(m.non2xx()),
                m.failedStatuses().isEmpty() ? "" : " " + m.failedStatuses(), fmt(m.ioErrors()));
    }

    private static String rate(long count, long nanos) {
        return "%.1f/s".formatted(count / Math.max(1e-9, nanos / 1e9));
    }

    static String fmt(long n) {
        return "%,d".formatted(n);
    }

    private static String shortCount(long n) {
        return n % 1000 == 0 ? (n / 1000) + "k" : fmt(n);
    }

    private static String memTotal() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return (Long.parseLong(line.replaceAll("[^0-9]", "")) >> 20) + " GB RAM";
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "? RAM";
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void log(String message) {
        System.out.println("[" + LocalDateTime.now().format(TIME) + "] " + message);
        System.out.flush();
    }
}
