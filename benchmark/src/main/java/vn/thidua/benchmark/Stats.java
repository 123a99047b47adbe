package vn.thidua.benchmark;

/** Percentiles by the nearest-rank method on sorted values. */
final class Stats {

    private Stats() {
    }

    /** The smallest value such that at least {@code p} (0..1) of the values are at or below it; NaN when empty. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
