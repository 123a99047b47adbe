package vn.thidua.benchmark;

import java.util.List;
import java.util.Map;

import static vn.thidua.benchmark.IngestBenchmark.log;

/**
 * (c) The rebuild of every projection through query-service's API — {@code --projection all} (one replay feeding
 * every projection), {@code each} (the four one after another) or one projection — with the CPU of each process and
 * jstack samples taken while it runs.
 */
final class RebuildRun {

    static final List<String> PROJECTIONS = List.of("movement-catalogue", "audit-log", "support-board", "key-task-board");

    private final String projection;
    private final Stack stack;
    private final RebuildJobs jobs;
    private final RebuildReport report;

    RebuildRun(String projection, Stack stack, RebuildJobs jobs, RebuildReport report) {
        this.projection = projection;
        this.stack = stack;
        this.jobs = jobs;
        this.report = report;
    }

    /** Rebuilds; returns the events/s the comparison with the raw baselines uses. */
    double measure(long stored) throws Exception {
        Map<String, ProcessHandle> processes = stack.processes();
        CpuMeter cpu = CpuMeter.start(processes);
        JstackSampler jstacks = new JstackSampler(processes);
        long t0 = System.nanoTime();
        double result;
        if (!projection.equals("each")) {
            RebuildJobs.Finished job = jobs.run(projection, jstacks);
            if (job == null && projection.equals("all")) {
                log("projection=all is not offered by this query-service: rebuilding the four projections one after another");
                result = each(stored, jstacks);
            } else if (job == null) {
                throw new IllegalStateException("the rebuild of " + projection + " was refused");
            } else {
                result = job.done() / job.seconds();
                report.add(("rebuild (projection=%s, mode=REBUILD): %,d events in %.1f s (the job's own time) = %,.0f events/s;"
                        + " replay phase alone %,.0f events/s; %.1f s wall from the POST to COMPLETED").formatted(projection,
                        job.done(), job.seconds(), result, job.replayRate(), job.wallSeconds()));
                if (projection.equals("all")) {
                    report.add("  = %,.0f projection-events/s (events × %d projections / time)".formatted(
                            result * PROJECTIONS.size(), PROJECTIONS.size()));
                }
            }
        } else {
            result = each(stored, jstacks);
        }
        long elapsed = System.nanoTime() - t0;
        report.addAll(cpu.lines(elapsed));
        report.addAll(jstacks.summary());
        return result;
    }

    private double each(long stored, JstackSampler jstacks) throws Exception {
        double total = 0;
        for (String name : PROJECTIONS) {
            RebuildJobs.Finished job = jobs.run(name, jstacks);
            if (job == null) {
                throw new IllegalStateException("the rebuild of " + name + " was refused");
            }
            total += job.seconds();
            report.add("rebuild %-18s %,d events in %.1f s = %,.0f events/s (replay phase %,.0f events/s)".formatted(
                    name + ":", job.done(), job.seconds(), job.done() / job.seconds(), job.replayRate()));
        }
        report.add("rebuild of the four one after another: %.1f s in all = %,.0f events/s (events / total time), %,.0f projection-events/s (events × 4 / total time)"
                .formatted(total, stored / total, stored * 4 / total));
        return stored / total;
    }
}
