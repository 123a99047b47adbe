package vn.thidua.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static vn.thidua.benchmark.IngestBenchmark.log;

/**
 * The compare command ({@code ./bench.sh compare}): the peer and this stack measured back to back on this machine, and
 * the seven verdicts of the speed targets (docs/benchmarks.md) from that one run. In order:
 * <ol>
 *   <li><b>peer</b> ({@link Peer}): built from {@code --peer-dir}, warmed up, preloaded to {@code --stored} events;
 *       one measurement (wrk, 16 connections, with its freshness probe and the CPU of its whole stack), one replay of
 *       its store;</li>
 *   <li><b>ingest</b> ({@link IngestBenchmark}): our stack, 16 closed-loop clients at 10k and at {@code --stored}
 *       stored events (the store grown directly in between, as the peer's), then a steady open loop of 100 commands/s;
 *       CPU per process, database round trips per command and per projection and batch, freshness;</li>
 *   <li><b>rebuild</b> ({@link RebuildBenchmark}): {@code --rebuild-events} stored, every projection rebuilt, then a raw
 *       bulk write of exactly the documents the rebuild wrote;</li>
 *   <li><b>startup</b> ({@link StartupBenchmark}): the stack to READY on a warm build, then SIGKILL of every process
 *       under load and READY again, with every acknowledged write checked;</li>
 *   <li><b>boards</b> ({@link BoardPages}): the board-query benchmark (national scale; a tenth with {@code --short}).</li>
 * </ol>
 * Each part says how busy the machine was; the verdicts are printed at the end, whatever failed or was skipped
 * ({@code NOT MEASURED}).
 */
public final class CompareBenchmark {

    private CompareBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        CompareOptions o;
        try {
            o = CompareOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench compare: " + e.getMessage());
            System.err.println(CompareOptions.USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.println(CompareOptions.USAGE);
            return;
        }
        log("Thi đua against the peer — stored %,d, measurements of %d s, rebuild of %,d events%s; peer %s".formatted(
                o.stored, o.duration.toSeconds(), o.rebuildEvents, o.quick ? " (--short: a smoke check, not a result)" : "",
                o.peerDir));
        log("machine: %d cores; java %s".formatted(Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        List<String> notes = new ArrayList<>();
        Peer.Ingest peerIngest = null;
        Peer.Replay peerReplay = null;
        IngestBenchmark.Result ours = null;
        long heapMax = -1;
        RebuildBenchmark.Result rebuild = null;
        StartupBenchmark.Result startup = null;
        BoardPages.Result boards = null;

        if (o.runs("peer")) {
            log("==== 1/5 the peer: %s ====".formatted(o.peerDir));
            try (Peer peer = Peer.start(o.peerDir)) {
                peer.warmUp(o.peerWarmupSeconds);
                long stored = peer.storedEvents();
                if (stored < o.stored) {
                    peer.preload(o.stored - stored);
                }
                peerIngest = peer.measure("peer-at-" + shortCount(o.stored), (int) o.duration.toSeconds());
                peerReplay = peer.replay();
                notes.add("peer: %.0f cmd/s at %,d stored; machine busy %.0f%%, CPU of the peer's processes %s".formatted(
                        peerIngest.commandsPerSecond(), peerIngest.storedBefore(), peerIngest.machineBusy(),
                        Peer.percentages(peerIngest.cpuPercent())));
            } catch (Peer.Unavailable e) {
                log("the peer is not measured: " + e.getMessage());
                notes.add("peer NOT measured: " + e.getMessage());
            } catch (Exception e) {
                log("the peer failed: " + e);
                notes.add("peer FAILED: " + e);
            }
        }
        if (o.runs("ingest")) {
            log("==== 2/5 ours: throughput, CPU, round trips, freshness ====");
            BenchOptions b = o.ingest();
            log("ingest benchmark — " + b.describe());
            try (Stack stack = Stack.start(b); StackProbe probe = new StackProbe(stack, stack.tokens.operator("bench-compare-heap"))) {
                HeapSampler heap = new HeapSampler(stack, probe);
                heap.start();
                ours = IngestBenchmark.measure(b, stack);
                heapMax = Math.max(heap.maxMb("command-service"), heap.maxMb("query-service"));
                for (IngestBenchmark.Phase p : List.of(ours.low(), ours.high(), ours.openLoop())) {
                    notes.add("ours %s: other processes %.0f%% of one core, machine busy %.0f%%".formatted(p.name(),
                            p.othersPercent(), p.machineBusy()));
                }
            } catch (Exception e) {
                log("the ingest part failed: " + e);
                notes.add("ingest FAILED: " + e);
            }
        }
        if (o.runs("rebuild")) {
            log("==== 3/5 ours: rebuild of %,d events ====".formatted(o.rebuildEvents));
            try {
                rebuild = RebuildBenchmark.measure(o.rebuild());
                heapMax = Math.max(heapMax, Math.max(rebuild.heapCommandMb(), rebuild.heapQueryMb()));
            } catch (Exception e) {
                log("the rebuild part failed: " + e);
                notes.add("rebuild FAILED: " + e);
            }
        }
        if (o.runs("startup")) {
            log("==== 4/5 ours: start-up, and back after SIGKILL of every process ====");
            try {
                startup = StartupBenchmark.measure(o.stackJar, o.restartEvents);
            } catch (Exception e) {
                log("the start-up part failed: " + e);
                notes.add("start-up FAILED: " + e);
            }
        }
        if (o.runs("boards")) {
            log("==== 5/5 ours: board pages (./bench.sh boards%s) ====".formatted(o.quick ? ", a tenth of national scale" : ""));
            try {
                boards = BoardPages.measure(Path.of("."), o.quick);
            } catch (Exception e) {
                log("the board part failed: " + e);
                notes.add("boards FAILED: " + e);
            }
        }

        Verdicts.Figures figures = figures(ours, peerIngest, peerReplay, rebuild, startup, boards, heapMax);
        StringBuilder sb = new StringBuilder();
        sb.append("%n==== COMPARE — ours against the peer (Axon + JDBC + PostgreSQL, one app), same machine, same run%s ====%n"
                .formatted(o.quick ? " — --short: a smoke check, not a result" : ""));
        if (peerIngest != null) {
            sb.append("peer:  %.1f cmd/s at %,d stored events, p50 %.1f ms, p99 %.1f ms, %d failed; freshness p99 %.1f ms;"
                    .formatted(peerIngest.commandsPerSecond(), peerIngest.storedBefore(), peerIngest.p50Millis(),
                            peerIngest.p99Millis(), peerIngest.failures(), peerIngest.freshP99Millis()))
                    .append(" CPU %.2f ms per command %s%n".formatted(peerIngest.cpuMillisPerCommand(),
                            Peer.percentages(peerIngest.cpuPercent())));
        }
        if (peerReplay != null) {
            sb.append("peer:  replay of %,d events in %.1f s = %,.0f events/s%n".formatted(peerReplay.events(),
                    peerReplay.seconds(), peerReplay.eventsPerSecond()));
        }
        if (ours != null) {
            IngestBenchmark.Phase h = ours.high();
            sb.append("ours:  %.1f cmd/s at %,d stored events, p50 %.1f ms, p99 %.1f ms; freshness p99 %.1f ms; CPU per command:"
                    .formatted(h.okPerSecond(), h.storedBefore(), h.requests().percentileMillis(0.5),
                            h.requests().percentileMillis(0.99), h.freshnessMillis(0.99)))
                    .append(" command-service + query-service %.2f ms, all processes %.2f ms%n".formatted(
                            h.cpuMillisPerCommand("command-service", "query-service"),
                            h.cpuMillisPerCommand(h.cpuPercent().keySet().toArray(String[]::new))));
            if (h.roundTrips() != null) {
                sb.append(h.roundTrips().describe(h.requests().ok()));
            }
        }
        if (rebuild != null) {
            sb.append("ours:  rebuild of %,d events %,.0f events/s; raw write of the rebuilt documents %,.0f events/s; raw Kafka read %,.0f events/s%n"
                    .formatted(rebuild.events(), rebuild.rebuildRate(), rebuild.rawRate(), rebuild.kafkaRate()));
        }
        if (startup != null) {
            sb.append("ours:  start-up %.1f s (%s); after SIGKILL of every process %.1f s (%s); %d acknowledged writes, %d lost%s%n"
                    .formatted(startup.startSeconds(), String.join(", ", startup.startMilestones()), startup.restartSeconds(),
                            String.join(", ", startup.restartMilestones()), startup.acknowledged(), startup.lost(),
                            startup.caughtUp() ? "" : "; the query side did NOT catch up"));
        }
        if (boards != null) {
            sb.append("ours:  board pages: %s%n".formatted(boards.summary()));
        }
        sb.append("how busy the machine was:\n");
        notes.forEach(n -> sb.append("  ").append(n).append('\n'));
        sb.append("durability is also covered by tests this command does not run: AcknowledgedWritesSurviveKillTest"
                + " (embedded-mongo) and the system tests' crash tests (./mvnw verify)\n");
        sb.append("\nverdicts:\n").append(Verdicts.print(Verdicts.of(figures)));
        System.out.print(sb);
        System.out.flush();
        System.exit(0);
    }

    static Verdicts.Figures figures(IngestBenchmark.Result ours, Peer.Ingest peer, Peer.Replay replay,
                                    RebuildBenchmark.Result rebuild, StartupBenchmark.Result startup,
                                    BoardPages.Result boards, long heapMax) {
        IngestBenchmark.Phase high = ours == null ? null : ours.high();
        IngestBenchmark.Phase open = ours == null ? null : ours.openLoop();
        RoundTripCounts trips = high == null ? null : high.roundTrips();
        Double scale = null;
        String scaleLabel = "at 1M / at 10k";
        if (ours != null) {
            double ratio = ours.high().okPerSecond() / ours.low().okPerSecond();
            if (ours.high().storedBefore() >= 1_000_000) {
                scale = ratio;
            } else {
                scaleLabel = "at 1M / at 10k (at %s: %.2f)".formatted(shortCount(ours.high().storedBefore()), ratio);
            }
        }
        return new Verdicts.Figures(
                high == null ? null : high.okPerSecond(),
                high == null ? null : high.requests().percentileMillis(0.99),
                high == null ? null : high.requests().non2xx() + high.requests().ioErrors(),
                peer == null ? null : peer.commandsPerSecond(),
                peer == null ? null : peer.p99Millis(),
                high == null ? null : high.cpuMillisPerCommand("command-service", "query-service"),
                peer == null ? null : peer.cpuMillisPerCommand(),
                trips == null ? null : trips.perCommand(RoundTripCounts.REQUEST, high.requests().ok()),
                trips == null ? null : trips.worstPerBatch(),
                trips == null ? null : trips.worstProjection(),
                open == null || open.fresh().timedOut.get() > 0 ? null : open.freshnessMillis(0.99),
                high == null ? null : high.freshnessMillis(0.99),
                peer == null ? null : peer.freshP99Millis(),
                rebuild == null ? null : rebuild.rebuildRate(),
                replay == null ? null : replay.eventsPerSecond(),
                rebuild == null ? null : rebuild.rawRate(),
                startup == null ? null : startup.startSeconds(),
                startup == null || !startup.caughtUp() ? null : startup.restartSeconds(),
                boards == null ? null : boards.worstPageP99(),
                heapMax < 0 ? null : heapMax,
                startup == null ? null : startup.lost(),
                scale, scaleLabel);
    }

    static String shortCount(long n) {
        return n >= 1000 ? (n / 1000) + "k" : String.valueOf(n);
    }
}
