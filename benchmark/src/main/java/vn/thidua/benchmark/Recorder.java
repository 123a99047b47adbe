package vn.thidua.benchmark;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one client saw during one phase: the latency of every request it completed (successful or not), and
 * the outcome counts. Confined to the client's thread until the phase ends; then merged with {@link #merge}.
 */
final class Recorder {

    private long[] latencies = new long[4096];
    private int count;
    long ok;
    long ioErrors;
    final Map<Integer, Long> failedStatuses = new TreeMap<>();
    String lastFailure;

    void record(long latencyNanos, int status, String failure) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = latencyNanos;
        if (status >= 200 && status < 300) {
            ok++;
        } else {
            if (status < 0) {
                ioErrors++;
            } else {
                failedStatuses.merge(status, 1L, Long::sum);
            }
            lastFailure = failure;
        }
    }

    int count() {
        return count;
    }

    /** All requests of a phase, from every client. */
    record Merged(long[] sortedLatencies, long ok, long ioErrors, Map<Integer, Long> failedStatuses, String lastFailure) {

        long requests() {
            return sortedLatencies.length;
        }

        long non2xx() {
            return failedStatuses.values().stream().mapToLong(Long::longValue).sum();
        }

        double percentileMillis(double p) {
            return Stats.percentile(sortedLatencies, p) / 1e6;
        }
    }

    static Merged merge(List<Recorder> recorders) {
        int total = recorders.stream().mapToInt(Recorder::count).sum();
        long[] all = new long[total];
        int at = 0;
        long ok = 0;
        long io = 0;
        Map<Integer, Long> statuses = new TreeMap<>();
        String lastFailure = null;
        for (Recorder r : recorders) {
            System.arraycopy(r.latencies, 0, all, at, r.count);
            at += r.count;
            ok += r.ok;
            io += r.ioErrors;
            r.failedStatuses.forEach((s, n) -> statuses.merge(s, n, Long::sum));
            if (r.lastFailure != null) {
                lastFailure = r.lastFailure;
            }
        }
        Arrays.sort(all);
        return new Merged(all, ok, io, statuses, lastFailure);
    }
}
