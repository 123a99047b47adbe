package vn.thidua.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the stack has done, as it reports it: stored events (documents of {@code thidua_events.events}, one per
 * command; gap markers would count too), events published to Kafka and applied by the query side (the services'
 * own counters, since their start), and per-process CPU time and RSS from {@code /proc}.
 */
final class StackProbe implements AutoCloseable {

    private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+-]+)");

    private final Stack stack;
    private final String authorization;
    private volatile boolean refusalLogged;
    private final MongoClient mongo;
    private final MongoCollection<Document> events;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** @param token the bearer token of the metrics reads (only health is public) */
    StackProbe(Stack stack, String token) {
        this.stack = stack;
        this.authorization = "Bearer " + token;
        this.mongo = MongoClients.create(stack.mongoUri);
        this.events = mongo.getDatabase("thidua_events").getCollection("events");
    }

    /** Documents in the event collection (the {@code count} command: no scan). */
    long storedEvents() {
        return events.estimatedDocumentCount();
    }

    /** Events the command side's publisher got acknowledged by Kafka (since command-service started); -1 if unknown. */
    long published() {
        return metric(stack.commandUrl, "thidua.publication.events", "");
    }

    /** Log positions the command side knows of that are not published yet (gaps included); -1 if unknown. */
    long publicationLag() {
        return metric(stack.commandUrl, "thidua.publication.lag", "");
    }

    /** Events the query side applied to its projections (since query-service started); -1 if unknown. */
    long applied() {
        return metric(stack.queryUrl, "thidua.projection.events", "");
    }

    /** Batches the query side's consumer applied (since query-service started); -1 if unknown. */
    long batches() {
        return metric(stack.queryUrl, "thidua.projection.batches", "");
    }

    /**
     * The MongoDB commands a service sent since it started, by phase of work ({@code thidua.mongo.commands}: phase →
     * count); empty if unknown. Host-independent: the same on any MongoDB.
     */
    java.util.Map<String, Long> roundTrips(String baseUrl) {
        java.util.Map<String, Long> byPhase = new java.util.TreeMap<>();
        String body = get(baseUrl + "/actuator/metrics/" + ROUND_TRIPS);
        if (body == null) {
            return byPhase;
        }
        try {
            for (com.fasterxml.jackson.databind.JsonNode tag : JSON.readTree(body).path("availableTags")) {
                if (!tag.path("tag").asText().equals("phase")) {
                    continue;
                }
                for (com.fasterxml.jackson.databind.JsonNode value : tag.path("values")) {
                    String phase = value.asText();
                    long count = metric(baseUrl, ROUND_TRIPS, "?tag=phase:" + phase);
                    if (count >= 0) {
                        byPhase.put(phase, count);
                    }
                }
            }
        } catch (IOException e) {
            return byPhase;
        }
        return byPhase;
    }

    private static final String ROUND_TRIPS = "thidua.mongo.commands";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Heap in use of a service, MB; -1 if unknown. */
    long heapUsedMb(String baseUrl) {
        long bytes = metric(baseUrl, "jvm.memory.used", "?tag=area:heap");
        return bytes < 0 ? -1 : bytes >> 20;
    }

    long heapMaxMb(String baseUrl) {
        long bytes = metric(baseUrl, "jvm.memory.max", "?tag=area:heap");
        return bytes < 0 ? -1 : bytes >> 20;
    }

    private long metric(String baseUrl, String name, String query) {
        String body = get(baseUrl + "/actuator/metrics/" + name + query);
        if (body == null) {
            return -1;
        }
        Matcher m = VALUE.matcher(body);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    /** The body of a 200 answer to an authorized GET; null otherwise. */
    private String get(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", authorization).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                if (!refusalLogged) {
                    refusalLogged = true;
                    IngestBenchmark.log("metrics refused (HTTP " + r.statusCode() + ") at " + url
                            + ": published/applied/heap figures will show as unknown");
                }
                return null;
            }
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** CPU time (user + system) of a process in milliseconds, from /proc/PID/stat; -1 if unavailable. */
    static long cpuMillis(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
            // the command name (field 2) is in parentheses and may contain spaces: split after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * 1000 / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time (ms) of the process's JIT compiler threads ({@code C1/C2 CompilerThread*}) and garbage collector
     * threads ({@code GC Thread*}, {@code G1 *}, {@code VM Thread}), from /proc/PID/task/TID/stat; {-1, -1} if
     * unavailable. Tells warm-up (a JVM still compiling) and GC pressure apart from the work itself.
     */
    static long[] jitAndGcMillis(ProcessHandle p) {
        long jit = 0;
        long gc = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(p.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // thread ended
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS;
                if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                    jit += ms;
                } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
                    gc += ms;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
        return new long[] {jit, gc};
    }

    /** Resident set size of a process in MB, from /proc/PID/status; -1 if unavailable. */
    static long rssMb(ProcessHandle p) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or gone
        }
        return -1;
    }

    /** Busy and total CPU time of the whole machine (all cores), in clock ticks, from /proc/stat; null if unavailable. */
    static long[] machineTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0); // "cpu  user nice system idle iowait irq softirq steal ..."
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** USER_HZ; 100 on every mainstream Linux. */
    private static final long CLOCK_TICKS = 100;

    @Override
    public void close() {
        mongo.close();
    }
}
