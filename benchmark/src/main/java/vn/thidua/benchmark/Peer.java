package vn.thidua.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static vn.thidua.benchmark.IngestBenchmark.log;

/**
 * The peer a Java user would build instead — Axon Framework with its JDBC event store on PostgreSQL, one application
 * (its README) — run on this machine the way its own {@code peer-bench.sh} and {@code pg-sequence.sh} run it, so that
 * the compare command measures it and us in the same run. Nothing of it is in this repository: its directory
 * ({@code PEER_DIR}) is copied into a temporary one and built there with Maven.
 * <ol>
 *   <li>PostgreSQL (Debian's cluster, started if it was not running, stopped again then) gets a fresh database
 *       {@code peer}; the app starts on :8083 ({@code scripts-pg-start.sh}'s command line);</li>
 *   <li>warm-up with wrk (2 threads, 16 connections, a new {@code RegisterMovement} each);</li>
 *   <li>its {@code preload.sql} stores N events in one statement; the app's tracking processor catches up;</li>
 *   <li>{@link #measure}: wrk for S seconds with its {@code FreshProbe} beside it (as {@code bench-run.sh}), and the CPU
 *       of the whole peer stack — the app, every PostgreSQL process, wrk and the probe — over the same seconds;</li>
 *   <li>{@link #replay}: {@code POST /admin/replay} (the processor's tokens reset, the projection emptied) and the time
 *       until its handled-counter reaches the stored events (as {@code replay.sh}).</li>
 * </ol>
 */
final class Peer implements AutoCloseable {

    /** What one measurement of the peer saw. */
    record Ingest(double commandsPerSecond, double p50Millis, double p99Millis, long requests, long failures,
                  double freshP50Millis, double freshP99Millis, long freshSamples, long freshTimeouts,
                  double cpuMillisPerCommand, Map<String, Double> cpuPercent, double machineBusy, long storedBefore,
                  long storedAfter, double seconds) {
    }

    /** A replay of the whole store by the peer's tracking processor. */
    record Replay(long events, double seconds) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    /** The peer could not be run here (a tool or its directory missing): its verdicts are not measured. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    static final String URL = "http://127.0.0.1:8083";
    private static final Pattern KV = Pattern.compile("(\\w+)=([^\\s]+)");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");

    private final Path work;
    private final String pgVersion;
    private final boolean pgWasRunning;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process app;

    private Peer(Path work, String pgVersion, boolean pgWasRunning) {
        this.work = work;
        this.pgVersion = pgVersion;
        this.pgWasRunning = pgWasRunning;
    }

    /** Copies, builds and starts the peer on a fresh database. */
    static Peer start(Path peerDir) throws Unavailable, IOException, InterruptedException {
        if (!Files.isRegularFile(peerDir.resolve("pom.xml")) || !Files.isRegularFile(peerDir.resolve("preload.sql"))) {
            throw new Unavailable("no peer at " + peerDir + " (set PEER_DIR to the axon-jdbc-postgres peer's directory)");
        }
        for (String tool : List.of("wrk", "mvn", "javac", "psql", "pg_ctlcluster")) {
            if (run(List.of("sh", "-c", "command -v " + tool), null, Duration.ofSeconds(10)).exit != 0) {
                throw new Unavailable(tool + " is not installed (the peer needs Debian's postgresql, wrk and Maven)");
            }
        }
        String version;
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).sorted().findFirst()
                    .orElseThrow(() -> new Unavailable("no PostgreSQL cluster in /etc/postgresql"));
        }
        Path work = Files.createTempDirectory("thidua-peer-");
        copy(peerDir, work);
        log("peer: copied " + peerDir + " to " + work + "; building it (mvn -q -DskipTests package)");
        Outcome build = run(List.of("mvn", "-q", "-o", "-DskipTests", "package"), work, Duration.ofMinutes(10));
        if (build.exit != 0) {
            build = run(List.of("mvn", "-q", "-DskipTests", "package"), work, Duration.ofMinutes(15));
        }
        if (build.exit != 0) {
            throw new IllegalStateException("the peer did not build:\n" + build.tail());
        }
        Outcome javac = run(List.of("javac", "-d", ".", "FreshProbe.java"), work.resolve("loadgen"), Duration.ofMinutes(2));
        if (javac.exit != 0) {
            throw new IllegalStateException("the peer's FreshProbe did not compile:\n" + javac.tail());
        }
        boolean wasRunning = run(List.of("pg_ctlcluster", version, "main", "status"), null, Duration.ofSeconds(30)).exit == 0;
        if (!wasRunning) {
            run(List.of("pg_ctlcluster", version, "main", "start"), null, Duration.ofMinutes(1));
        }
        Peer peer = new Peer(work, version, wasRunning);
        try {
            peer.freshDatabase();
            peer.startApp();
        } catch (IOException | InterruptedException | RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    private void freshDatabase() throws IOException, InterruptedException {
        asPostgres("psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"");
        asPostgres("psql -qc 'DROP DATABASE IF EXISTS peer'");
        asPostgres("psql -qc 'CREATE DATABASE peer'");
    }

    private void startApp() throws IOException, InterruptedException {
        Path logFile = work.resolve("run").resolve("pg-app.log");
        Files.createDirectories(logFile.getParent());
        app = new ProcessBuilder("java", "-Xms512m", "-Xmx1g", "-Daxoniq.update-checker.disabled=true", "-jar",
                "pg-app/target/pg-app-0.1.0-SNAPSHOT-exec.jar")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (Files.readString(logFile).contains("PEER-STARTUP")) {
                log("peer: app started (pid %d, log %s)".formatted(app.pid(), logFile));
                return;
            }
            if (!app.isAlive()) {
                throw new IllegalStateException("the peer's app died at start:\n" + tail(Files.readString(logFile)));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the peer's app did not start within 3 minutes (log " + logFile + ")");
    }

    /** wrk for {@code seconds}, not measured (the JIT's warm-up). */
    void warmUp(int seconds) throws IOException, InterruptedException {
        log("peer: warm-up, wrk %d s".formatted(seconds));
        Outcome w = wrk(seconds);
        log("peer: warm-up done: " + w.line("WRK"));
    }

    /** Stores {@code events} more events with the peer's preload statement and waits until its projection has them. */
    void preload(long events) throws IOException, InterruptedException {
        long base = counter("/admin/handled");
        String sql = Files.readString(work.resolve("preload.sql")).replace("generate_series(1, 200000)",
                "generate_series(1, " + events + ")");
        Path file = work.resolve("run").resolve("preload.sql");
        Files.writeString(file, sql);
        long t0 = System.nanoTime();
        psql("-f", file.toString());
        log("peer: preloaded %,d events in %.1f s (one SQL statement); waiting for its projection".formatted(events,
                (System.nanoTime() - t0) / 1e9));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (counter("/admin/handled") < base + events) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the peer's projection did not catch up with the preload");
            }
            Thread.sleep(200);
        }
        psql("-c", "vacuum analyze");
        log("peer: projection caught up %.1f s after the preload started; store %,d events".formatted(
                (System.nanoTime() - t0) / 1e9, storedEvents()));
    }

    /** Events in the peer's store. */
    long storedEvents() throws IOException, InterruptedException {
        String body = get("/admin/event-count");
        Matcher m = Pattern.compile("\"events\"\\s*:\\s*(\\d+)").matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** One measurement: wrk and the freshness probe side by side for {@code seconds}, with the CPU of every process. */
    Ingest measure(String label, int seconds) throws IOException, InterruptedException {
        long storedBefore = storedEvents();
        Map<String, ProcessHandle> stack = processes();
        Map<String, Long> before = cpu(stack);
        long childrenBefore = reapedChildrenMillis();
        long[] machineBefore = StackProbe.machineTicks();
        long t0 = System.nanoTime();
        Path results = work.resolve("run").resolve("fresh-" + label + ".txt");
        Process probe = new ProcessBuilder("java", "-Xmx256m", "-cp", "loadgen", "FreshProbe", label, URL + "/movements",
                URL + "/movements/", String.valueOf(seconds), "20", results.toString(), "120")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Outcome w = wrk(seconds);
        probe.waitFor();
        long elapsed = System.nanoTime() - t0;
        Map<String, Long> after = cpu(stack);
        long childrenAfter = reapedChildrenMillis();
        long[] machineAfter = StackProbe.machineTicks();
        long storedAfter = storedEvents();
        Map<String, String> wrkLine = kv(w.line("WRK"));
        Map<String, String> fresh = kv(Files.exists(results) ? lastLine(Files.readString(results), "FRESH") : "");
        Map<String, Double> cpuPercent = new LinkedHashMap<>();
        double totalMillis = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            totalMillis += used;
            cpuPercent.merge(group(e.getKey()), used * 100.0 / (elapsed / 1e6), Double::sum);
        }
        long drivers = childrenAfter - childrenBefore; // wrk and the probe, reaped by this JVM
        totalMillis += drivers;
        cpuPercent.put("load driver (wrk, probe)", drivers * 100.0 / (elapsed / 1e6));
        long requests = (long) number(wrkLine, "requests");
        long probePosts = (long) number(fresh, "samples") + (long) number(fresh, "errors");
        long failures = (long) (number(wrkLine, "non2xx") + number(wrkLine, "errors_connect") + number(wrkLine, "read")
                + number(wrkLine, "write") + number(wrkLine, "timeout") + number(fresh, "errors"));
        double busy = machineBefore == null || machineAfter == null ? Double.NaN
                : 100.0 * (machineAfter[0] - machineBefore[0]) / Math.max(1, machineAfter[1] - machineBefore[1]);
        Ingest result = new Ingest(number(wrkLine, "rps"), number(wrkLine, "p50_ms"), number(wrkLine, "p99_ms"),
                requests, failures, number(fresh, "fresh_p50_ms"), number(fresh, "fresh_p99_ms"),
                (long) number(fresh, "samples"), (long) number(fresh, "timeouts"),
                totalMillis / Math.max(1, requests + probePosts), cpuPercent, busy, storedBefore, storedAfter,
                elapsed / 1e9);
        log(("peer %s: %.1f cmd/s, p50 %.1f ms, p99 %.1f ms, %d failed; freshness p50 %.1f ms, p99 %.1f ms (%d samples, %d timed out);"
                + " CPU per command, whole peer stack: %.2f ms %s; machine busy %.0f%%").formatted(label,
                result.commandsPerSecond(), result.p50Millis(), result.p99Millis(), result.failures(),
                result.freshP50Millis(), result.freshP99Millis(), result.freshSamples(), result.freshTimeouts(),
                result.cpuMillisPerCommand(), percentages(cpuPercent), busy));
        return result;
    }

    /** A replay of the whole store by the app's tracking processor (its {@code replay.sh}). */
    Replay replay() throws IOException, InterruptedException {
        long events = storedEvents();
        long t0 = System.nanoTime();
        send(HttpRequest.newBuilder(URI.create(URL + "/admin/replay")).POST(HttpRequest.BodyPublishers.noBody()));
        long deadline = t0 + TimeUnit.MINUTES.toNanos(30);
        while (counter("/admin/handled") < events) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the peer's replay did not finish within 30 minutes");
            }
            Thread.sleep(100);
        }
        Replay r = new Replay(events, (System.nanoTime() - t0) / 1e9);
        log("peer: replay of %,d events in %.1f s = %,.0f events/s".formatted(r.events(), r.seconds(), r.eventsPerSecond()));
        return r;
    }

    /** Stops the app, and PostgreSQL when it was not running before; deletes the copy. */
    @Override
    public void close() {
        if (app != null && app.isAlive()) {
            app.destroy();
            try {
                if (!app.waitFor(30, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!pgWasRunning) {
            try {
                run(List.of("pg_ctlcluster", pgVersion, "main", "stop"), null, Duration.ofMinutes(1));
            } catch (IOException | InterruptedException e) {
                log("peer: could not stop PostgreSQL: " + e);
            }
        }
        delete(work);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The peer's processes by name: the app and every PostgreSQL process (by pid, their CPU summed per group). */
    private Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> found = new LinkedHashMap<>();
        found.put("app (Axon, one JVM)", app.toHandle());
        ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .forEach(p -> found.put("postgresql#" + p.pid(), p));
        return found;
    }

    private static String group(String name) {
        return name.startsWith("postgresql#") ? "postgresql" : name;
    }

    private static Map<String, Long> cpu(Map<String, ProcessHandle> processes) {
        Map<String, Long> m = new LinkedHashMap<>();
        processes.forEach((name, p) -> {
            long ms = StackProbe.cpuMillis(p);
            if (ms >= 0) {
                m.put(name, ms);
            }
        });
        // PostgreSQL processes started during the measurement (a new connection) count from zero
        ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .forEach(p -> m.putIfAbsent("postgresql#" + p.pid(), StackProbe.cpuMillis(p)));
        return m;
    }

    /** CPU (ms) of this JVM's children that ended and were waited for ({@code cutime + cstime} of /proc/self/stat). */
    private static long reapedChildrenMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private Outcome wrk(int seconds) throws IOException, InterruptedException {
        Outcome w = run(List.of("wrk", "-t2", "-c16", "-d" + seconds + "s", "--timeout", "30s", "-s", "loadgen/post.lua",
                URL + "/movements"), work, Duration.ofSeconds(seconds + 120L));
        if (w.line("WRK").isEmpty()) {
            throw new IllegalStateException("wrk printed no WRK line:\n" + w.tail());
        }
        return w;
    }

    private long counter(String path) throws IOException, InterruptedException {
        Matcher m = NUMBER.matcher(get(path));
        return m.find() ? Long.parseLong(m.group()) : -1;
    }

    private String get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(URL + path)).GET());
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private void psql(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "peer", "-qtA"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
        pb.environment().put("PGPASSWORD", "postgres");
        Outcome o = run(pb, Duration.ofMinutes(20));
        if (o.exit != 0) {
            throw new IllegalStateException("psql " + String.join(" ", args) + " failed:\n" + o.tail());
        }
    }

    private static void asPostgres(String command) throws IOException, InterruptedException {
        Outcome o = run(List.of("su", "postgres", "-c", command), Path.of("/"), Duration.ofMinutes(2));
        if (o.exit != 0) {
            throw new IllegalStateException("as postgres: " + command + " failed:\n" + o.tail());
        }
    }

    private record Outcome(int exit, String output) {
        String line(String prefix) {
            return lastLine(output, prefix);
        }

        String tail() {
            return Peer.tail(output);
        }
    }

    private static Outcome run(List<String> command, Path dir, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        return run(pb, timeout);
    }

    private static Outcome run(ProcessBuilder pb, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("thidua-peer-cmd-", ".log");
        try {
            Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return new Outcome(-1, Files.readString(out) + "\n(timed out after " + timeout.toSeconds() + " s)");
            }
            return new Outcome(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String lastLine(String text, String prefix) {
        String found = "";
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                found = line;
            }
        }
        return found;
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 30), lines.length));
    }

    static Map<String, String> kv(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher matcher = KV.matcher(line);
        while (matcher.find()) {
            m.put(matcher.group(1), matcher.group(2));
        }
        return m;
    }

    private static double number(Map<String, String> kv, String key) {
        try {
            return Double.parseDouble(kv.getOrDefault(key, "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static String percentages(Map<String, Double> cpuPercent) {
        StringBuilder sb = new StringBuilder("(% of one core:");
        cpuPercent.forEach((name, pct) -> sb.append(" %s %.0f%%,".formatted(name, pct)));
        sb.setLength(sb.length() - 1);
        return sb.append(')').toString();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path rel = from.relativize(f);
                String first = rel.getNameCount() > 0 ? rel.getName(0).toString() : "";
                if (first.equals("target") || first.equals("run") || first.equals("results")
                        || rel.toString().contains("/target/")) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(f, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    dest.toFile().setWritable(true);
                    if (Files.isExecutable(f)) {
                        dest.toFile().setExecutable(true);
                    }
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(to)) {
            dirs.filter(Files::isDirectory).forEach(d -> d.toFile().setWritable(true));
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log("could not delete " + dir + ": " + e);
        }
    }
}
