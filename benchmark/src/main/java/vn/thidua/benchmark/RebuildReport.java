package vn.thidua.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static vn.thidua.benchmark.IngestBenchmark.fmt;
import static vn.thidua.benchmark.IngestBenchmark.log;

/**
 * The rebuild benchmark's report: the lines each phase adds as it goes (in the order of the phases), then, at the end,
 * the summary printed with them — events/s of each measurement, the ratio rebuild / min(raw), the heap per phase and
 * the targets.
 */
final class RebuildReport {

    private final List<String> lines = new ArrayList<>();

    /** Keeps a line for the summary. */
    void add(String line) {
        lines.add(line);
    }

    void addAll(List<String> more) {
        lines.addAll(more);
    }

    /** Logs a line now and keeps it for the summary. */
    void logAndAdd(String line) {
        log(line);
        lines.add(line);
    }

    /**
     * Prints the summary: the kept lines, the heap per phase, the rates, the ratio and the targets.
     *
     * @param mongo events/s of the raw bulk write of the rebuilt documents (events / its seconds)
     */
    void print(long stored, double kafka, double mongo, double rebuild, HeapSampler heap) {
        double ratio = rebuild / mongo;
        long heapCommand = heap.maxMb("command-service");
        long heapQuery = heap.maxMb("query-service");
        StringBuilder sb = new StringBuilder();
        sb.append("%n==== REBUILD BENCHMARK — %s events, %d cores ====%n".formatted(fmt(stored), Runtime.getRuntime().availableProcessors()));
        lines.forEach(l -> sb.append(l).append('\n'));
        sb.append("heap in use, max of the 1-s samples, per phase:");
        for (String ph : List.of("store", "drain", "raw Kafka", "raw MongoDB", "rebuild", "as-of")) {
            Map<String, Long> m = heap.maxMbDuring(ph);
            sb.append(" %s: command-service %s / query-service %s MB;".formatted(ph, m.getOrDefault("command-service", -1L),
                    m.getOrDefault("query-service", -1L)));
        }
        sb.setLength(sb.length() - 1);
        sb.append('\n');
        sb.append("events/s: raw Kafka consume %,.0f | raw MongoDB bulk write of the rebuilt documents %,.0f | rebuild %,.0f%n"
                .formatted(kafka, mongo, rebuild));
        sb.append("ratio rebuild / raw write of the same documents = %,.0f / %,.0f = %.3f%n".formatted(rebuild, mongo, ratio));
        sb.append("targets (the ratio to the peer's replay: ./bench.sh compare):\n");
        sb.append("  rebuild / raw write ≥ 0.5:       %s (%.3f)%n".formatted(verdict(ratio >= 0.5), ratio));
        sb.append("  heap of each service ≤ 512 MB:   %s (max sampled: command-service %d MB, query-service %d MB; -Xmx512m)%n"
                .formatted(verdict(heapCommand >= 0 && heapCommand <= 512 && heapQuery >= 0 && heapQuery <= 512), heapCommand, heapQuery));
        System.out.print(sb);
        System.out.flush();
    }

    private static String verdict(boolean ok) {
        return ok ? "PASS" : "FAIL";
    }
}
