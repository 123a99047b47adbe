package vn.thidua.benchmark;

import java.util.Map;
import java.util.TreeMap;

/**
 * The database round trips of both services ({@code thidua.mongo.commands} by phase of work) and the batches the query
 * side consumed ({@code thidua.projection.batches}): a snapshot, or the difference of two over a measurement. These
 * counts do not depend on the host, and they carry over to a real MongoDB unchanged.
 *
 * @param command the command-service's commands by phase ({@value #REQUEST} = sent while answering an HTTP request)
 * @param query   the query-service's commands by phase ({@code projection.<name>} = one projection applying a batch)
 * @param batches batches consumed by the query side
 */
record RoundTripCounts(Map<String, Long> command, Map<String, Long> query, long batches) {

    static final String REQUEST = "request";
    static final String PROJECTION = "projection.";

    static RoundTripCounts of(StackProbe probe, Stack stack) {
        return new RoundTripCounts(probe.roundTrips(stack.commandUrl), probe.roundTrips(stack.queryUrl), probe.batches());
    }

    RoundTripCounts minus(RoundTripCounts before) {
        return new RoundTripCounts(minus(command, before.command), minus(query, before.query), batches - before.batches);
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((phase, n) -> d.put(phase, n - before.getOrDefault(phase, 0L)));
        return d;
    }

    /** The command-service's round trips of a phase per accepted command. */
    double perCommand(String phase, long commands) {
        return commands == 0 ? Double.NaN : command.getOrDefault(phase, 0L) / (double) commands;
    }

    /** Each projection's round trips per consumed batch (name → count). */
    Map<String, Double> perBatch() {
        Map<String, Double> m = new TreeMap<>();
        query.forEach((phase, n) -> {
            if (phase.startsWith(PROJECTION) && batches > 0) {
                m.put(phase.substring(PROJECTION.length()), n / (double) batches);
            }
        });
        return m;
    }

    /** The most round trips a projection made per batch (NaN when no batch was consumed). */
    double worstPerBatch() {
        return perBatch().values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    String worstProjection() {
        return perBatch().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("none");
    }

    /** Two report lines: per command on the command side, per batch on the query side. */
    String describe(long commands) {
        StringBuilder sb = new StringBuilder("  database round trips per accepted command (command-service):");
        command.forEach((phase, n) -> sb.append(" %s %.2f,".formatted(phase, n / (double) Math.max(1, commands))));
        sb.setLength(sb.length() - 1);
        sb.append("%n  database round trips per consumed batch (query-service, %,d batches, %.1f commands per batch):"
                .formatted(batches, commands / (double) Math.max(1, batches)));
        perBatch().forEach((projection, n) -> sb.append(" %s %.2f,".formatted(projection, n)));
        query.forEach((phase, n) -> {
            if (!phase.startsWith(PROJECTION)) {
                sb.append(" [%s %.2f],".formatted(phase, n / (double) Math.max(1, batches)));
            }
        });
        sb.setLength(sb.length() - 1);
        return sb.append("%n".formatted()).toString();
    }
}
