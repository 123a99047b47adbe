package vn.thidua.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/**
 * The seven verdicts of the compare command (docs/benchmarks.md, "Targets"), from the figures of one run. A figure that
 * was not measured is {@code null}; a verdict with such a figure and no failing one is {@link Outcome#NOT_MEASURED}, so
 * a missing peer or a skipped part never reads as a pass.
 */
final class Verdicts {

    enum Outcome { PASS, FAIL, NOT_MEASURED }

    /** One target: its outcome and the figures it was decided on, in one line. */
    record Verdict(int number, String target, Outcome outcome, String figures) {
        @Override
        public String toString() {
            return "%d. %-12s %-12s %s".formatted(number, target, outcome.name().replace('_', ' '), figures);
        }
    }

    /**
     * Everything the verdicts are decided on; {@code null} = not measured.
     *
     * @param ourCommandsPerSecond  ours, 16 closed-loop clients, at ≥ 200k stored events
     * @param ourServicesCpuMillis  CPU of command-service + query-service per accepted command, same measurement
     * @param peerStackCpuMillis    CPU of the peer's app + PostgreSQL + load driver per command
     * @param writeRoundTrips       database round trips per command on the write path (an HTTP request's)
     * @param projectionRoundTrips  the most round trips a projection made per consumed batch
     * @param openLoopFreshP99      freshness p99 (ms) at a steady open-loop 100 commands/s
     * @param ourFreshP99           freshness p99 (ms) at saturation (the throughput measurement)
     * @param rebuildRate           events/s of the rebuild of every projection
     * @param peerReplayRate        events/s of the peer's replay of its store
     * @param rawWriteRate          events/s of a raw bulk write of the documents the rebuild wrote
     * @param startSeconds          launcher start → READY on a warm build
     * @param restartSeconds        launcher start → READY after SIGKILL of every process
     * @param boardsWorstP99        the slowest board page's p99 (ms), national scale
     * @param heapMaxMb             the most heap either service used
     * @param lostWrites            acknowledged writes missing after SIGKILL of every process
     * @param scaleRatio            throughput at the largest store measured / at 10k (1M: within 20 %)
     */
    record Figures(Double ourCommandsPerSecond, Double ourP99Millis, Long ourFailures, Double peerCommandsPerSecond,
                   Double peerP99Millis, Double ourServicesCpuMillis, Double peerStackCpuMillis, Double writeRoundTrips,
                   Double projectionRoundTrips, String worstProjection, Double openLoopFreshP99, Double ourFreshP99,
                   Double peerFreshP99, Double rebuildRate, Double peerReplayRate, Double rawWriteRate,
                   Double startSeconds, Double restartSeconds, Double boardsWorstP99, Long heapMaxMb, Long lostWrites,
                   Double scaleRatio, String scaleLabel) {
    }

    private Verdicts() {
    }

    static List<Verdict> of(Figures f) {
        List<Verdict> v = new ArrayList<>();
        Double throughput = ratio(f.ourCommandsPerSecond(), f.peerCommandsPerSecond());
        Double p99 = ratio(f.ourP99Millis(), f.peerP99Millis());
        v.add(verdict(1, "throughput",
                check("cmd/s %s = %s× the peer's %s (≥ 0.5×)".formatted(num(f.ourCommandsPerSecond()), dec(throughput),
                        num(f.peerCommandsPerSecond())), throughput, r -> r >= 0.5),
                check("p99 %s ms = %s× the peer's %s ms (≤ 2×)".formatted(num(f.ourP99Millis()), dec(p99),
                        num(f.peerP99Millis())), p99, r -> r <= 2),
                check("failed requests %s (0)".formatted(f.ourFailures() == null ? "?" : f.ourFailures()),
                        f.ourFailures() == null ? null : f.ourFailures().doubleValue(), n -> n == 0)));
        Double cpu = ratio(f.ourServicesCpuMillis(), f.peerStackCpuMillis());
        v.add(verdict(2, "CPU",
                check("our two services %s ms per command = %s× the peer's whole stack %s ms (≤ 1×)".formatted(
                        dec(f.ourServicesCpuMillis()), dec(cpu), dec(f.peerStackCpuMillis())), cpu, r -> r <= 1)));
        v.add(verdict(3, "round trips",
                check("write path %s per command (≤ 3)".formatted(dec(f.writeRoundTrips())), f.writeRoundTrips(), n -> n <= 3),
                check("query side %s per projection per batch (≤ 2; the most: %s)".formatted(dec(f.projectionRoundTrips()),
                        f.worstProjection() == null ? "?" : f.worstProjection()), f.projectionRoundTrips(), n -> n <= 2)));
        Double fresh = ratio(f.ourFreshP99(), f.peerFreshP99());
        v.add(verdict(4, "freshness",
                check("p99 at 100 cmd/s %s ms (≤ 150 ms)".formatted(num(f.openLoopFreshP99())), f.openLoopFreshP99(),
                        n -> n <= 150),
                check("p99 at saturation %s ms = %s× the peer's %s ms (≤ 1×)".formatted(num(f.ourFreshP99()), dec(fresh),
                        num(f.peerFreshP99())), fresh, r -> r <= 1)));
        Double replay = ratio(f.rebuildRate(), f.peerReplayRate());
        Double raw = ratio(f.rebuildRate(), f.rawWriteRate());
        v.add(verdict(5, "rebuild",
                check("%s events/s = %s× the peer's replay %s (≥ 2×)".formatted(num(f.rebuildRate()), dec(replay),
                        num(f.peerReplayRate())), replay, r -> r >= 2),
                check("%s× a raw write of the same documents (%s events/s; ≥ 0.5×)".formatted(dec(raw),
                        num(f.rawWriteRate())), raw, r -> r >= 0.5)));
        v.add(verdict(6, "start-up",
                check("READY in %s s (≤ 15 s)".formatted(dec(f.startSeconds())), f.startSeconds(), s -> s <= 15),
                check("after SIGKILL of every process %s s (≤ 20 s)".formatted(dec(f.restartSeconds())), f.restartSeconds(),
                        s -> s <= 20)));
        v.add(verdict(7, "keep",
                check("board pages p99 %s ms (≤ 50 ms)".formatted(num(f.boardsWorstP99())), f.boardsWorstP99(), n -> n <= 50),
                check("heap %s MB (≤ 512 MB)".formatted(f.heapMaxMb() == null ? "?" : f.heapMaxMb()),
                        f.heapMaxMb() == null ? null : f.heapMaxMb().doubleValue(), n -> n <= 512),
                check("acknowledged writes lost after kill -9: %s (0)".formatted(f.lostWrites() == null ? "?" : f.lostWrites()),
                        f.lostWrites() == null ? null : f.lostWrites().doubleValue(), n -> n == 0),
                check("throughput %s %s (≥ 0.8)".formatted(f.scaleLabel() == null ? "at 1M / at 10k" : f.scaleLabel(),
                        dec(f.scaleRatio())), f.scaleRatio(), r -> r >= 0.8)));
        return v;
    }

    /** The verdicts as the compare command prints them. */
    static String print(List<Verdict> verdicts) {
        StringBuilder sb = new StringBuilder();
        verdicts.forEach(v -> sb.append(v).append('\n'));
        long pass = verdicts.stream().filter(v -> v.outcome() == Outcome.PASS).count();
        long fail = verdicts.stream().filter(v -> v.outcome() == Outcome.FAIL).count();
        return sb.append("%d PASS, %d FAIL, %d NOT MEASURED%n".formatted(pass, fail, verdicts.size() - pass - fail)).toString();
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** One measured figure against its bound; {@code value} null = not measured. */
    private record Check(String text, Double value, boolean pass) {
    }

    private static Check check(String text, Double value, DoublePredicate bound) {
        boolean measured = value != null && !value.isNaN();
        return new Check(text, measured ? value : null, measured && bound.test(value));
    }

    private static Verdict verdict(int number, String target, Check... checks) {
        boolean failed = false;
        boolean missing = false;
        List<String> texts = new ArrayList<>();
        for (Check c : checks) {
            if (c.value() == null) {
                missing = true;
                texts.add(c.text() + " [not measured]");
            } else {
                failed |= !c.pass();
                texts.add(c.text() + (c.pass() ? "" : " [FAIL]"));
            }
        }
        Outcome outcome = failed ? Outcome.FAIL : missing ? Outcome.NOT_MEASURED : Outcome.PASS;
        return new Verdict(number, target, outcome, String.join("; ", texts));
    }

    private static Double ratio(Double a, Double b) {
        return a == null || b == null || b == 0 || a.isNaN() || b.isNaN() ? null : a / b;
    }

    private static String num(Double d) {
        return d == null || d.isNaN() ? "?" : String.format(Locale.ROOT, "%,.0f", d);
    }

    private static String dec(Double d) {
        return d == null || d.isNaN() ? "?" : String.format(Locale.ROOT, "%.2f", d);
    }
}
