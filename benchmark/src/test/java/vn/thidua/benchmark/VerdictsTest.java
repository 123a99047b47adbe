package vn.thidua.benchmark;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The compare command's seven verdicts, decided from the figures of one run. */
class VerdictsTest {

    /** Figures that meet every target. */
    static Verdicts.Figures passing() {
        return new Verdicts.Figures(600.0, 80.0, 0L, 1000.0, 50.0, 1.5, 1.7, 3.0, 2.0, "key-task-board", 120.0, 150.0,
                200.0, 16_000.0, 7_400.0, 30_000.0, 14.0, 19.0, 30.0, 400L, 0L, 0.85, "at 1M / at 10k");
    }

    static Verdicts.Outcome outcome(Verdicts.Figures f, int number) {
        return Verdicts.of(f).get(number - 1).outcome();
    }

    @Test
    void figures_on_every_bound_pass_all_seven() {
        List<Verdicts.Verdict> verdicts = Verdicts.of(passing());

        assertThat(verdicts).extracting(Verdicts.Verdict::number).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(verdicts).extracting(Verdicts.Verdict::outcome).containsOnly(Verdicts.Outcome.PASS);
        assertThat(Verdicts.print(verdicts)).endsWith("7 PASS, 0 FAIL, 0 NOT MEASURED\n");
    }

    @Test
    void throughput_is_judged_against_the_peer_in_the_same_run() {
        Verdicts.Figures f = passing();
        Verdicts.Figures slow = new Verdicts.Figures(499.0, f.ourP99Millis(), 0L, 1000.0, f.peerP99Millis(),
                f.ourServicesCpuMillis(), f.peerStackCpuMillis(), f.writeRoundTrips(), f.projectionRoundTrips(),
                f.worstProjection(), f.openLoopFreshP99(), f.ourFreshP99(), f.peerFreshP99(), f.rebuildRate(),
                f.peerReplayRate(), f.rawWriteRate(), f.startSeconds(), f.restartSeconds(), f.boardsWorstP99(),
                f.heapMaxMb(), f.lostWrites(), f.scaleRatio(), f.scaleLabel());
        Verdicts.Figures lagging = new Verdicts.Figures(f.ourCommandsPerSecond(), 100.1, 0L, f.peerCommandsPerSecond(),
                50.0, f.ourServicesCpuMillis(), f.peerStackCpuMillis(), f.writeRoundTrips(), f.projectionRoundTrips(),
                f.worstProjection(), f.openLoopFreshP99(), f.ourFreshP99(), f.peerFreshP99(), f.rebuildRate(),
                f.peerReplayRate(), f.rawWriteRate(), f.startSeconds(), f.restartSeconds(), f.boardsWorstP99(),
                f.heapMaxMb(), f.lostWrites(), f.scaleRatio(), f.scaleLabel());
        Verdicts.Figures failing = new Verdicts.Figures(f.ourCommandsPerSecond(), f.ourP99Millis(), 1L,
                f.peerCommandsPerSecond(), f.peerP99Millis(), f.ourServicesCpuMillis(), f.peerStackCpuMillis(),
                f.writeRoundTrips(), f.projectionRoundTrips(), f.worstProjection(), f.openLoopFreshP99(), f.ourFreshP99(),
                f.peerFreshP99(), f.rebuildRate(), f.peerReplayRate(), f.rawWriteRate(), f.startSeconds(),
                f.restartSeconds(), f.boardsWorstP99(), f.heapMaxMb(), f.lostWrites(), f.scaleRatio(), f.scaleLabel());

        assertThat(outcome(slow, 1)).isEqualTo(Verdicts.Outcome.FAIL);
        assertThat(Verdicts.of(slow).get(0).figures()).contains("0.50× the peer's 1,000").contains("[FAIL]");
        assertThat(outcome(lagging, 1)).isEqualTo(Verdicts.Outcome.FAIL);
        assertThat(outcome(failing, 1)).isEqualTo(Verdicts.Outcome.FAIL);
    }

    @Test
    void without_the_peer_its_ratios_are_not_measured_and_never_pass() {
        Verdicts.Figures f = passing();
        Verdicts.Figures noPeer = new Verdicts.Figures(f.ourCommandsPerSecond(), f.ourP99Millis(), 0L, null, null,
                f.ourServicesCpuMillis(), null, f.writeRoundTrips(), f.projectionRoundTrips(), f.worstProjection(),
                f.openLoopFreshP99(), f.ourFreshP99(), null, f.rebuildRate(), null, f.rawWriteRate(), f.startSeconds(),
                f.restartSeconds(), f.boardsWorstP99(), f.heapMaxMb(), f.lostWrites(), f.scaleRatio(), f.scaleLabel());

        assertThat(outcome(noPeer, 1)).isEqualTo(Verdicts.Outcome.NOT_MEASURED);
        assertThat(outcome(noPeer, 2)).isEqualTo(Verdicts.Outcome.NOT_MEASURED);
        assertThat(outcome(noPeer, 3)).isEqualTo(Verdicts.Outcome.PASS);
        assertThat(outcome(noPeer, 4)).isEqualTo(Verdicts.Outcome.NOT_MEASURED);
        assertThat(outcome(noPeer, 5)).isEqualTo(Verdicts.Outcome.NOT_MEASURED);
        assertThat(Verdicts.of(noPeer).get(1).figures()).contains("[not measured]");
    }

    @Test
    void a_failing_figure_fails_its_verdict_even_when_another_is_missing() {
        Verdicts.Figures f = passing();
        Verdicts.Figures mixed = new Verdicts.Figures(f.ourCommandsPerSecond(), f.ourP99Millis(), 0L,
                f.peerCommandsPerSecond(), f.peerP99Millis(), f.ourServicesCpuMillis(), f.peerStackCpuMillis(), 4.0, null,
                null, f.openLoopFreshP99(), f.ourFreshP99(), f.peerFreshP99(), f.rebuildRate(), f.peerReplayRate(),
                f.rawWriteRate(), 15.1, null, f.boardsWorstP99(), f.heapMaxMb(), f.lostWrites(), null, "at 1M / at 10k");

        assertThat(outcome(mixed, 3)).isEqualTo(Verdicts.Outcome.FAIL);
        assertThat(outcome(mixed, 6)).isEqualTo(Verdicts.Outcome.FAIL);
        assertThat(outcome(mixed, 7)).as("1M not measured, the rest passes").isEqualTo(Verdicts.Outcome.NOT_MEASURED);
    }

    @Test
    void a_lost_write_or_a_slow_board_page_fails_the_keep_targets() {
        Verdicts.Figures f = passing();
        Verdicts.Figures lost = new Verdicts.Figures(f.ourCommandsPerSecond(), f.ourP99Millis(), 0L,
                f.peerCommandsPerSecond(), f.peerP99Millis(), f.ourServicesCpuMillis(), f.peerStackCpuMillis(),
                f.writeRoundTrips(), f.projectionRoundTrips(), f.worstProjection(), f.openLoopFreshP99(), f.ourFreshP99(),
                f.peerFreshP99(), f.rebuildRate(), f.peerReplayRate(), f.rawWriteRate(), f.startSeconds(),
                f.restartSeconds(), 50.5, f.heapMaxMb(), 1L, f.scaleRatio(), f.scaleLabel());

        Verdicts.Verdict keep = Verdicts.of(lost).get(6);
        assertThat(keep.outcome()).isEqualTo(Verdicts.Outcome.FAIL);
        assertThat(keep.figures()).contains("board pages p99 51 ms (≤ 50 ms) [FAIL]").contains("kill -9: 1 (0) [FAIL]");
    }

    @Test
    void board_pages_are_read_from_the_benchmark_output_without_the_exports() {
        BoardPages.Result r = BoardPages.parse(List.of(
                "[boards] loaded 452,590 events through the projections in 70.8 s",
                "[boards] support board, page 1 of 50          n= 200  p50    15.9 ms  p99    60.8 ms  max    78.8 ms  (50,726 bytes)",
                "[boards] key-task board, one unit             n= 200  p50    13.4 ms  p99    40.9 ms  max    75.3 ms  (5,536 bytes)",
                "[boards] support board CSV (10,000 rows)      n=  20  p50   795.2 ms  p99  1042.0 ms  max  1042.0 ms  (1,487,663 bytes)"));

        assertThat(r.pageP99()).containsOnlyKeys("support board, page 1 of 50", "key-task board, one unit");
        assertThat(r.worstPageP99()).isEqualTo(60.8);
    }
}
