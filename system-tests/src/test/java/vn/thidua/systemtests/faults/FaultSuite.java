package vn.thidua.systemtests.faults;

import org.awaitility.core.ConditionTimeoutException;
import vn.thidua.systemtests.support.Api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * The fault suite ({@code ./faults.sh}): for each fault, on a running system under load — a generated scenario through
 * the public API, every command kind, concurrent clients, every {@code POST} keyed and retried with its key on any
 * error — it injects the fault at a random instant, repairs it as an operator would, measures the time until a new
 * command is accepted and shown on the boards again, lets the load finish, and checks the pass criteria
 * ({@link Verifier}, {@link Observations}): every 2xx once in the log and once in every projection, boards equal to
 * the independent fold, a retry gets the first answer, no 5xx but 503 with {@code Retry-After}.
 * <p>
 * Faults needing one instance of each service share one system; those needing two share another. Each fault's load is
 * new rounds of the scenario; the checks cover everything accepted on that system so far.
 */
final class FaultSuite {

    /** How a run is configured. */
    record Options(List<String> faults, Scenario.Size size, int clients, long seed, Duration maxInjectDelay,
                   Path report) {

        static Options full(long seed) {
            return new Options(Faults.all().stream().map(Fault::name).toList(), new Scenario.Size(19, 40), 8, seed,
                    Duration.ofSeconds(12), Path.of("target", "faults", "report.md"));
        }

        static Options shortVariant(long seed) {
            return new Options(Faults.shortVariant(), new Scenario.Size(6, 8), 4, seed, Duration.ofSeconds(4),
                    Path.of("target", "faults", "report-short.md"));
        }

        Options only(List<String> names) {
            return new Options(names, size, clients, seed, maxInjectDelay, report);
        }
    }

    /** The outcome of one fault. */
    record Verdict(String fault, String what, boolean passed, double recoveredAfterRepair, double recoveredAfterFault,
                   double converged, String tally, List<String> notes, List<String> problems, String how) {

        String line() {
            return "%-22s %s  recovered %s after the repair began (%s after the fault); checks converged in %.1f s%s"
                    .formatted(fault, passed ? "PASS" : "FAIL", seconds(recoveredAfterRepair), seconds(recoveredAfterFault),
                            converged, how == null ? "" : "; made with " + how);
        }

        private static String seconds(double s) {
            return s < 0 ? "never" : "%.1f s".formatted(s);
        }
    }

    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(300);
    private static final Duration LOAD_FINISH_LIMIT = Duration.ofSeconds(360);
    private static final Duration CONVERGENCE_LIMIT = Duration.ofSeconds(180);

    private final Options options;
    private final List<Verdict> verdicts = new ArrayList<>();

    FaultSuite(Options options) {
        this.options = options;
    }

    /** Runs every fault of the options; returns the verdicts (also printed, and written to the report). */
    List<Verdict> run() {
        long started = System.nanoTime();
        Map<Integer, List<Fault>> byTopology = new LinkedHashMap<>();
        for (Fault f : Faults.all()) {
            if (options.faults().contains(f.name())) {
                byTopology.computeIfAbsent(f.instances(), k -> new ArrayList<>()).add(f);
            }
        }
        for (var topology : byTopology.entrySet()) {
            runOn(topology.getKey(), topology.getValue());
        }
        say("%d faults in %.0f s: %d passed, %d failed", verdicts.size(), (System.nanoTime() - started) / 1e9,
                verdicts.stream().filter(Verdict::passed).count(), verdicts.stream().filter(v -> !v.passed()).count());
        verdicts.forEach(v -> say("%s", v.line()));
        writeReport((System.nanoTime() - started) / 1e9);
        return List.copyOf(verdicts);
    }

    private void runOn(int instances, List<Fault> faults) {
        say("starting MongoDB, Kafka, %d command-service and %d query-service instance(s)", instances, instances);
        long t0 = System.nanoTime();
        boolean smallDisk = faults.stream().anyMatch(f -> f.name().equals(Faults.DISK_FULL));
        try (Stack stack = Stack.start("faults-" + instances + "x", instances, instances, Map.of(), smallDisk)) {
            say("system up in %.1f s (%s)", (System.nanoTime() - t0) / 1e9, stack.dir());
            Fold fold = new Fold();
            Observations observations = new Observations(fold);
            Client client = new Client(stack::commandUrl, observations);
            Scenario scenario = new Scenario(options.seed() + instances, options.size());
            Verifier verifier = new Verifier(stack, fold, observations);
            Random random = new Random(options.seed() * 31 + instances);
            List<Scenario.Round> rounds = new ArrayList<>();
            int nextRound = 1;
            for (Fault fault : faults) {
                Load load = new Load(scenario, client, observations, options.clients(), nextRound, random.nextLong());
                Verdict verdict = runFault(fault, stack, client, observations, verifier, load, rounds, random);
                nextRound = load.nextRound();
                verdicts.add(verdict);
                say("%s", verdict.line());
                verdict.notes().forEach(n -> say("    note: %s", n));
                verdict.problems().forEach(p -> say("    PROBLEM: %s", p));
                say("    %s", verdict.tally());
            }
        }
    }

    private Verdict runFault(Fault fault, Stack stack, Client client, Observations observations, Verifier verifier,
                             Load load, List<Scenario.Round> rounds, Random random) {
        say("---- %s: %s", fault.name(), fault.what());
        observations.window();
        Fault.Timeline timeline = new Fault.Timeline();
        List<String> problems = new ArrayList<>();
        load.start();
        long delay = 1_000 + (long) (random.nextDouble() * Math.max(0, options.maxInjectDelay().toMillis() - 1_000));
        Processes.hold(Duration.ofMillis(delay));
        say("injecting at %.1f s into the load (%d commands sent)", delay / 1e3, load.sent());
        try {
            fault.action().run(stack, timeline);
        } catch (Exception | AssertionError e) {
            problems.add("the fault or its repair failed: " + e);
        }
        double[] recovery = recover(stack, client, timeline, problems);
        if (!load.stop(LOAD_FINISH_LIMIT)) {
            problems.add("the load did not finish within " + LOAD_FINISH_LIMIT + " of the repair");
            load.abandon();
        }
        rounds.addAll(load.rounds());
        Map.Entry<Observations.Tally, List<String>> window = observations.window();
        problems.addAll(window.getValue());
        if (!fault.inProgressAllowed() && window.getKey().inProgress() > 0) {
            problems.add(window.getKey().inProgress() + " answers were 409 submission-in-progress after a crash: a retry "
                    + "must get the first answer or a 503 with Retry-After");
        }
        problems.addAll(timeline.problems);
        long checksStarted = System.nanoTime();
        problems.addAll(check(verifier, rounds, timeline));
        double converged = (System.nanoTime() - checksStarted) / 1e9;
        return new Verdict(fault.name(), fault.what(), problems.isEmpty(), recovery[0], recovery[1], converged,
                window.getKey().toString(), List.copyOf(timeline.notes), problems, timeline.how);
    }

    /**
     * After the repair: a new command (a movement registered) accepted, then shown by the catalogue. Returns the
     * seconds from the start of the repair and from the fault, -1 when it did not happen within the limit.
     */
    private double[] recover(Stack stack, Client client, Fault.Timeline t, List<String> problems) {
        String code = "PROBE-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();
        Command probe = Scenario.probe(code);
        if (!client.send(probe, RECOVERY_LIMIT)) {
            problems.add("no command was accepted within " + RECOVERY_LIMIT + " of the repair");
            return new double[]{-1, -1};
        }
        try {
            await("the probe " + code + " on the catalogue").atMost(RECOVERY_LIMIT).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> Api.get(stack.queryUrl(0) + "/api/v1/reports/movements/" + code).status() == 200);
        } catch (ConditionTimeoutException e) {
            problems.add("the probe command was not shown within " + RECOVERY_LIMIT);
            return new double[]{-1, -1};
        }
        long now = System.nanoTime();
        return new double[]{(now - t.repairedAt) / 1e9, (now - t.faultAt) / 1e9};
    }

    /** The log at once; the topic, the projections and the integrity check once they caught up (bounded). */
    private List<String> check(Verifier verifier, List<Scenario.Round> rounds, Fault.Timeline t) {
        Verifier.LogContents log = verifier.readLog();
        List<String> problems = new ArrayList<>(verifier.logProblems(log));
        AtomicReference<List<String>> last = new AtomicReference<>(List.of());
        try {
            await("the topic and every projection equal to the log and the fold").atMost(CONVERGENCE_LIMIT)
                    .pollInterval(Duration.ofSeconds(2)).pollInSameThread().until(() -> {
                        List<String> found = new ArrayList<>();
                        try {
                            found.addAll(verifier.topicProblems(log));
                            found.addAll(verifier.projectionProblems(log, rounds));
                        } catch (RuntimeException e) {
                            found.add("checking failed: " + e);
                        }
                        last.set(found);
                        return found.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            problems.addAll(last.get());
        }
        problems.addAll(verifier.integrityProblems());
        t.note("log: %d commits, %d events, %d gaps sealed; topic: %d records", log.commits(), log.events().size(), log.gaps(),
                verifier.lastTopicRecords());
        return problems;
    }

    private void writeReport(double seconds) {
        StringBuilder md = new StringBuilder();
        md.append("| fault | what | verdict | recovered after the repair began | after the fault |\n|---|---|---|---|---|\n");
        for (Verdict v : verdicts) {
            md.append("| `%s` | %s | **%s** | %s | %s |\n".formatted(v.fault(), v.what() + (v.how() == null ? "" : "; made with " + v.how()),
                    v.passed() ? "PASS" : "FAIL",
                    v.recoveredAfterRepair() < 0 ? "never" : "%.1f s".formatted(v.recoveredAfterRepair()),
                    v.recoveredAfterFault() < 0 ? "never" : "%.1f s".formatted(v.recoveredAfterFault())));
        }
        md.append("\nDetails:\n\n");
        for (Verdict v : verdicts) {
            md.append("- `%s` — %s; checks converged in %.1f s\n".formatted(v.fault(), v.tally(), v.converged()));
            v.notes().forEach(n -> md.append("  - ").append(n).append('\n'));
            v.problems().forEach(p -> md.append("  - PROBLEM: ").append(p).append('\n'));
        }
        md.append("\n%d faults in %.0f s, seed %d, %s; %s.\n".formatted(verdicts.size(), seconds, options.seed(),
                options.size(), LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS)));
        try {
            Files.createDirectories(options.report().toAbsolutePath().getParent());
            Files.writeString(options.report(), md, StandardCharsets.UTF_8);
            say("report: %s", options.report().toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void say(String format, Object... args) {
        System.out.println("[faults " + java.time.LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + format.formatted(args));
        System.out.flush();
    }
}
