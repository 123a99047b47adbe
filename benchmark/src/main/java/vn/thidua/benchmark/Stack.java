package vn.thidua.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The stack under test: either started here with the local-stack launcher on a fresh data directory and free
 * ports (stopped with SIGTERM at the end), or an already running one given by URLs.
 */
final class Stack implements AutoCloseable {

    /** The unit list of the benchmark: {@value #SYNTHETIC_UNITS} synthetic units (the shipped list has 19). */
    static Path syntheticUnits(Path data) throws IOException {
        Files.createDirectories(data);
        Path file = data.resolve("units-benchmark.csv");
        StringBuilder csv = new StringBuilder("unit_id,name,kind,district_code\n");
        for (int i = 1; i <= SYNTHETIC_UNITS; i++) {
            csv.append("U").append(100_000 + i).append(",Đơn vị thử tải ").append(i).append(",DIVISION,\n");
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    static final int SYNTHETIC_UNITS = 5_000;
    /** Requests per caller and minute the services allow during a benchmark: no 429 at any rate this machine reaches. */
    static final String RATE_LIMIT_PER_MINUTE = "10000000";

    private static final Pattern MONGO = Pattern.compile("MongoDB (mongodb://\\S+)");
    private static final Pattern KAFKA = Pattern.compile("\\| Kafka (\\S+)");
    private static final Pattern MILESTONE = Pattern.compile("\\] (MongoDB-wire server|Kafka broker|command-service|query-service) ready");

    volatile String commandUrl;
    volatile String queryUrl;
    volatile String mongoUri;
    /** The broker's bootstrap address (from the launcher's READY line; null for an external stack). */
    volatile String kafkaBootstrap;
    /** The bearer tokens of the load (minted with the stack's local key once it is READY). */
    volatile BenchTokens tokens;
    final Path dataDir;
    private final Process launcher;
    /** Seconds from the launcher's start to each of its "… ready" lines, in order (e.g. "query-service ready 9.8 s"). */
    final List<String> milestones = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Seconds from the launcher's start to its READY line. */
    volatile double readySeconds = Double.NaN;
    private volatile boolean deleteData;
    private boolean closed;
    private Path jars;

    private Stack(Path dataDir, Process launcher, boolean deleteData) {
        this.dataDir = dataDir;
        this.launcher = launcher;
        this.deleteData = deleteData;
    }

    static Stack external(BenchOptions o) {
        Stack stack = new Stack(null, null, false);
        stack.commandUrl = o.commandUrl;
        stack.queryUrl = o.queryUrl;
        stack.mongoUri = o.mongoUri;
        stack.tokens = BenchTokens.of(o.keyDir, o.adminToken, o.analystToken);
        return stack;
    }

    static Stack start(BenchOptions o) throws IOException, InterruptedException {
        if (!Files.isRegularFile(o.stackJar)) {
            throw new IllegalStateException(o.stackJar + " not found: build first (./mvnw -q -DskipTests install)");
        }
        boolean fresh = o.dataDir == null;
        Path data = fresh ? Files.createTempDirectory("thidua-bench-") : o.dataDir.toAbsolutePath();
        // Run from a copy of the jars: a build running meanwhile (other work on the same checkout) rewrites
        // target/*.jar, which makes a starting service fail ("Invalid or corrupt jarfile") or a running one crash.
        Path jars = Files.createTempDirectory("thidua-bench-jars-");
        Path launcherJar;
        try {
            launcherJar = snapshot(o.stackJar.toAbsolutePath(), jars);
        } catch (IOException | RuntimeException e) {
            delete(jars);
            if (fresh) {
                delete(data);
            }
            throw e;
        }
        int[] ports = new int[4];
        for (int i = 0; i < 4; i++) {
            ports[i] = o.basePort > 0 ? o.basePort + i : freePort(ports);
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-jar", launcherJar.toString(), "--project-dir", jars.toString(),
                "--data-dir", data.toString(),
                "--mongo-port", String.valueOf(ports[0]), "--kafka-port", String.valueOf(ports[1]),
                "--command-port", String.valueOf(ports[2]), "--query-port", String.valueOf(ports[3]));
        IngestBenchmark.log("starting the stack: " + String.join(" ", command));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // the services must talk to the embedded infrastructure started here, not to the developer's
        pb.environment().remove("MONGODB_URI");
        pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        // the load enrols units U100001, U100002 … in every movement: the command-service must know them
        pb.environment().put("THIDUA_REFERENCE_UNITS", syntheticUnits(data).toString());
        // tokens signed with the stack's own local key (the launcher creates it in DATA/keys), not a real issuer's
        pb.environment().remove("THIDUA_JWT_ISSUER_URI");
        pb.environment().remove("THIDUA_JWT_JWK_SET_URI");
        // a benchmark measures the stack, not the rate limit per caller (600/min by default): far above any load
        pb.environment().put("THIDUA_RATE_LIMIT_PER_MINUTE", RATE_LIMIT_PER_MINUTE);
        long launchedAt = System.nanoTime();
        Process launcher = pb.start();
        // Ctrl-C / SIGTERM of the benchmark: stop the stack and delete its data all the same
        Stack stack = new Stack(data, launcher, fresh && !o.keepData);
        stack.jars = jars;
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-stop-stack"));

        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println("    " + line);
                    double seconds = (System.nanoTime() - launchedAt) / 1e9;
                    Matcher ready1 = MILESTONE.matcher(line);
                    if (ready1.find()) {
                        stack.milestones.add("%s %.1f s".formatted(ready1.group(1), seconds));
                    }
                    if (line.contains("READY")) {
                        stack.readySeconds = seconds;
                        ready.complete(line);
                    }
                }
            } catch (IOException e) {
                // launcher gone
            }
            ready.completeExceptionally(new IllegalStateException("the launcher exited before READY"));
        }, "bench-launcher-output");
        pump.setDaemon(true);
        pump.start();
        String line;
        try {
            line = ready.get(300, TimeUnit.SECONDS);
        } catch (Exception e) {
            stack.keepData();
            stack.close();
            throw new IllegalStateException("the stack did not start: " + e.getMessage()
                    + " (logs in " + data.resolve("logs") + ")", e);
        }
        Matcher m = MONGO.matcher(line);
        stack.mongoUri = m.find() ? m.group(1) : "mongodb://127.0.0.1:" + ports[0];
        Matcher k = KAFKA.matcher(line);
        stack.kafkaBootstrap = k.find() ? k.group(1) : "127.0.0.1:" + ports[1];
        stack.commandUrl = "http://127.0.0.1:" + ports[2];
        stack.queryUrl = "http://127.0.0.1:" + ports[3];
        try {
            stack.tokens = BenchTokens.of(data.resolve("keys"), o.adminToken, o.analystToken);
        } catch (RuntimeException e) {
            stack.keepData();
            stack.close();
            throw new IllegalStateException("no tokens for the stack: " + e.getMessage(), e);
        }
        return stack;
    }

    /** Keep the data directory (with the services' logs) at the end, e.g. after a failure. */
    void keepData() {
        deleteData = false;
    }

    /** The processes to watch (CPU, RSS): the launcher's children by role, the launcher, and this JVM. */
    Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> found = new LinkedHashMap<>();
        if (launcher != null) {
            for (ProcessHandle child : launcher.toHandle().children().toList()) {
                String cmd = child.info().commandLine().orElse("");
                if (cmd.contains("EmbeddedMongoMain")) {
                    found.put("mongo", child);
                } else if (cmd.contains("KafkaBrokerMain")) {
                    found.put("kafka", child);
                } else if (cmd.contains("command-service")) {
                    found.put("command-service", child);
                } else if (cmd.contains("query-service")) {
                    found.put("query-service", child);
                }
            }
            found.put("launcher", launcher.toHandle());
        }
        found.put("benchmark (load generator)", ProcessHandle.current());
        return found;
    }

    /**
     * SIGKILL ({@code kill -9}) to the launcher and every process under it at once, as a power cut would stop them;
     * returns when all are gone. The data directory stays (a later {@link #start} on it is the restart).
     */
    synchronized void killEverything() throws InterruptedException {
        if (launcher == null || closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> all = new ArrayList<>(launcher.toHandle().descendants().toList());
        all.add(launcher.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().join();
        }
        IngestBenchmark.log("killed the launcher and its %d processes with SIGKILL".formatted(all.size() - 1));
        if (jars != null) {
            delete(jars);
        }
    }

    /** Stops the launcher (which stops its children in order) and deletes a temporary data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (launcher == null || closed) {
            return;
        }
        closed = true;
        IngestBenchmark.log("stopping the stack (SIGTERM to the launcher, pid " + launcher.pid() + ")");
        launcher.destroy();
        try {
            if (!launcher.waitFor(120, TimeUnit.SECONDS)) {
                IngestBenchmark.log("the launcher did not stop within 120 s; killing it");
                launcher.destroyForcibly();
            }
            IngestBenchmark.log("stack stopped (launcher exit code " + launcher.exitValue() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalThreadStateException e) {
            // still alive after destroyForcibly
        }
        if (jars != null) {
            delete(jars);
        }
        reportLogs();
        if (deleteData) {
            delete(dataDir);
        } else if (dataDir != null) {
            IngestBenchmark.log("data (and the services' logs) kept in " + dataDir);
        }
    }

    /**
     * Prints what the services logged at WARN/ERROR level (a sealed gap, a paused publisher, an exception), so that
     * a problem during the run is not lost with the deleted data directory, and keeps a copy of the logs.
     */
    private void reportLogs() {
        if (dataDir == null || !Files.isDirectory(dataDir.resolve("logs"))) {
            return;
        }
        try (Stream<Path> logs = Files.list(dataDir.resolve("logs"))) {
            Path copy = deleteData ? Files.createTempDirectory("thidua-bench-logs-") : null;
            for (Path log : logs.sorted().toList()) {
                List<String> problems = new ArrayList<>();
                try (Stream<String> lines = Files.lines(log, java.nio.charset.StandardCharsets.UTF_8)) {
                    lines.filter(l -> (l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("Exception"))
                                    && !BENIGN.matcher(l).find())
                            .forEach(problems::add);
                } catch (java.io.UncheckedIOException e) {
                    continue; // not UTF-8: skip
                }
                if (!problems.isEmpty()) {
                    IngestBenchmark.log("%s: %d warning/error lines, e.g.:".formatted(log.getFileName(), problems.size()));
                    problems.stream().limit(5).forEach(l -> System.out.println("    " + (l.length() > 300 ? l.substring(0, 300) + "…" : l)));
                }
                if (copy != null) {
                    Files.copy(log, copy.resolve(log.getFileName()));
                }
            }
            if (copy != null) {
                IngestBenchmark.log("the services' logs are kept in " + copy);
            }
        } catch (IOException e) {
            IngestBenchmark.log("could not read the logs: " + e);
        }
    }

    /** Warnings every run logs: Spring's start-up notices (the local token key among them), Kafka's first start and shutdown. */
    private static final Pattern BENIGN = Pattern.compile("AnnotationTypeMapping|SpringDocAppInitializer"
            + "|Accepting tokens signed with the LOCAL key"
            + "|Performing controller activation|Attempting to close NetworkClient that has already been closed");

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            IngestBenchmark.log("could not delete " + dir + ": " + e);
        }
    }

    /**
     * Copies the launcher jar with its lib/ and the two service jars into {@code into}, laid out like the
     * project ({@code local-stack/target/…}, {@code command-service/target/…}), so that the launcher can be
     * pointed at it with {@code --project-dir}.
     *
     * @return the copied launcher jar
     */
    private static Path snapshot(Path launcherJar, Path into) throws IOException {
        Path target = launcherJar.getParent();
        Path project = target.getParent().getParent();
        Path copiedTarget = Files.createDirectories(into.resolve("local-stack").resolve("target"));
        Files.copy(launcherJar, copiedTarget.resolve(launcherJar.getFileName()));
        Path lib = target.resolve("lib");
        Files.createDirectories(copiedTarget.resolve("lib"));
        try (Stream<Path> files = Files.list(lib)) {
            for (Path f : files.toList()) {
                Files.copy(f, copiedTarget.resolve("lib").resolve(f.getFileName()));
            }
        }
        for (String service : List.of("command-service", "query-service")) {
            String name = service + "-" + VERSION + "-exec.jar";
            Path jar = project.resolve(service).resolve("target").resolve(name);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " not found: build first (./mvnw -q -DskipTests install)");
            }
            Path dir = Files.createDirectories(into.resolve(service).resolve("target"));
            Files.copy(jar, dir.resolve(name));
            // a copy taken while a build rewrote the jar would fail later, in the middle of the run
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(dir.resolve(name).toFile())) {
                zip.size();
            } catch (IOException e) {
                throw new IllegalStateException(jar + " is not a valid jar (being rebuilt right now?): " + e.getMessage());
            }
        }
        return copiedTarget.resolve(launcherJar.getFileName());
    }

    private static final String VERSION = "0.1.0-SNAPSHOT";

    private static int freePort(int[] taken) throws IOException {
        while (true) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
                port = s.getLocalPort();
            }
            List<Integer> used = new ArrayList<>();
            for (int t : taken) {
                used.add(t);
            }
            if (!used.contains(port)) {
                return port;
            }
        }
    }
}
