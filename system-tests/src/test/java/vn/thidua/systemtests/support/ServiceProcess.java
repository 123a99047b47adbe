package vn.thidua.systemtests.support;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A service (command-service or query-service) as a child process started from its exec jar, the way it
 * runs in production: {@code java -Xmx512m -jar <exec jar>} with its settings as environment variables.
 * Its output goes to {@code <work dir>/<name>.log} (appended across restarts, each start marked).
 * <p>
 * Tokens: the services check them against the tests' local key ({@link Tokens#keyDir()}, profile {@code local}), and
 * allow far more requests per caller and minute than the load tests send (no {@code 429}).
 */
public final class ServiceProcess {

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Pattern SPRING_STARTED = Pattern.compile("Started \\w+ in ([0-9.]+) seconds");
    /** Every process the tests started, destroyed when the test JVM exits whatever happened. */
    private static final Set<Process> ALL = ConcurrentHashMap.newKeySet();
    /** Start-up times measured in this JVM, for the report at the end. */
    private static final List<String> STARTUPS = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(Process::destroyForcibly)));
    }

    private static final HttpClient HEALTH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path jar;
    private final Map<String, String> env;
    private final int port;
    private final Path logFile;
    private volatile Process process;
    private long startedAt;
    private int starts;

    private ServiceProcess(String name, Path jar, Map<String, String> env, int port, Path logFile) {
        this.name = name;
        this.jar = jar;
        this.env = env;
        this.port = port;
        this.logFile = logFile;
    }

    public static ServiceProcess commandService(String name, Path workDir, Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>(env);
        // the load tests enrol more units than a province has: the shipped list plus synthetic ones
        all.putIfAbsent("THIDUA_REFERENCE_UNITS", LoadTestUnits.file(Infra.directory(workDir)).toString());
        // a first attempt killed with the service holds its Idempotency-Key this long before a retry takes it over
        all.putIfAbsent("THIDUA_IDEMPOTENCY_LOCK_TTL", "5s");
        return of(name, jar("thidua.command-service.jar"), workDir, all);
    }

    public static ServiceProcess queryService(String name, Path workDir, Map<String, String> env) {
        return of(name, jar("thidua.query-service.jar"), workDir, env);
    }

    /** The load tests' callers send thousands of requests a minute each: far below this. */
    static final String RATE_LIMIT_PER_MINUTE = "100000";

    private static ServiceProcess of(String name, Path jar, Path workDir, Map<String, String> env) {
        // a port chosen by the caller (two services that must know each other's address), else a free one
        int port = env.containsKey("SERVER_PORT") ? Integer.parseInt(env.get("SERVER_PORT")) : freePort();
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("SERVER_PORT", String.valueOf(port));
        // the tokens of the tests (Tokens), signed with the local key: accepted only in the 'local' profile
        all.putIfAbsent("SPRING_PROFILES_ACTIVE", "local");
        all.putIfAbsent("THIDUA_JWT_LOCAL_KEY_DIR", Tokens.keyDir().toString());
        all.putIfAbsent("THIDUA_RATE_LIMIT_PER_MINUTE", RATE_LIMIT_PER_MINUTE);
        return new ServiceProcess(name, jar, Map.copyOf(all), port, Infra.directory(workDir).resolve(name + ".log"));
    }

    private static Path jar(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set (run the tests with Maven)");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " does not exist: build the services first (mvn install -DskipTests)");
        }
        return path;
    }

    /** Launches the process (returns at once; see {@link #awaitHealthy}). Same port and settings on a restart. */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        starts++;
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Daxoniq.update-checker.disabled=true", "-Dfile.encoding=UTF-8",
                "-jar", jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // the settings of this test only, whatever the environment of the build
        for (String key : List.of("MONGODB_URI", "MONGODB_DATABASE", "MONGODB_QUERY_DATABASE", "KAFKA_BOOTSTRAP_SERVERS",
                "THIDUA_TOPIC", "THIDUA_TOPIC_PARTITIONS", "THIDUA_QUERY_GROUP", "SERVER_PORT", "SPRING_PROFILES_ACTIVE",
                "THIDUA_JWT_ISSUER_URI", "THIDUA_JWT_JWK_SET_URI", "THIDUA_JWT_LOCAL_KEY_DIR", "THIDUA_RATE_LIMIT_PER_MINUTE",
                "THIDUA_MAX_BODY_BYTES", "THIDUA_CORS_ORIGINS")) {
            builder.environment().remove(key);
        }
        builder.environment().putAll(env);
        try {
            Files.writeString(logFile, "%n===== start #%d of %s on port %d: %s%n".formatted(starts, name, port, env),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            startedAt = System.nanoTime();
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        ALL.add(process);
        return this;
    }

    /** Starts the processes together and waits until every one answers its health check with 200. */
    public static void startAll(ServiceProcess... services) {
        Arrays.stream(services).forEach(ServiceProcess::start);
        awaitHealthy(services);
    }

    /**
     * Waits (at most {@link #READY_TIMEOUT}) until each service answers {@code /actuator/health} with 200, and
     * records how long each took from its launch. Fails at once, with the tail of its log, if one exits.
     */
    public static void awaitHealthy(ServiceProcess... services) {
        Map<ServiceProcess, Double> ready = new LinkedHashMap<>();
        try {
            await("services healthy").atMost(READY_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .pollInSameThread()
                    .failFast("a service process exited", () -> Arrays.stream(services).anyMatch(s -> !s.isAlive()))
                    .until(() -> {
                        for (ServiceProcess s : services) {
                            if (!ready.containsKey(s) && s.healthy()) {
                                ready.put(s, (System.nanoTime() - s.startedAt) / 1e9);
                            }
                        }
                        return ready.size() == services.length;
                    });
        } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
            StringBuilder message = new StringBuilder(e.getMessage());
            for (ServiceProcess s : services) {
                if (!ready.containsKey(s)) {
                    message.append("\n--- ").append(s.name).append(s.isAlive() ? " (running, not healthy)" : " (exited with "
                            + s.process.exitValue() + ")").append(", last lines of ").append(s.logFile).append(":\n")
                            .append(s.tail(60));
                }
            }
            throw new AssertionError(message.toString(), e);
        }
        ready.forEach((s, seconds) -> {
            String spring = s.springStartedSeconds();
            String line = "%s (start #%d, %d launched together): healthy %.1f s after launch (Spring: started in %s s)"
                    .formatted(s.name, s.starts, services.length, seconds, spring);
            synchronized (STARTUPS) {
                STARTUPS.add(line);
            }
            Log.line("%s", line);
            record(line);
        });
    }

    /** Appends to {@code target/system-tests/startup-times.txt}, one line per start, for the record. */
    private static void record(String line) {
        try {
            Path file = Infra.directory(Path.of(System.getProperty("thidua.work-dir", "target/system-tests")))
                    .resolve("startup-times.txt");
            Files.writeString(file, java.time.LocalDateTime.now().withNano(0) + " " + line + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | UncheckedIOException e) {
            Log.line("cannot record the start-up time: %s", e);
        }
    }

    public static List<String> startupTimes() {
        synchronized (STARTUPS) {
            return List.copyOf(STARTUPS);
        }
    }

    public boolean healthy() {
        try {
            HttpResponse<Void> response = HEALTH.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A clean stop: SIGTERM, then (after 30 s) SIGKILL. */
    public synchronized void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                Log.line("%s did not stop within 30 s of SIGTERM; killing it", name);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ALL.remove(p);
    }

    /** A crash: SIGKILL ({@code kill -9}); returns once the process is gone. */
    public synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ALL.remove(p);
        Log.line("%s killed (SIGKILL), exit value %d", name, p.exitValue());
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The process id of the running process. */
    public long pid() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return p.pid();
    }

    /** SIGSTOP: the process keeps its port and its connections, and does nothing until {@link #resume()}. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Log.line("%s (pid %d) got SIG%s", name, p.pid(), signal);
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the process's output. */
    public String tail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no output)";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** Lines of the whole log (all starts) that contain {@code text}. */
    public List<String> logLinesContaining(String text) {
        try {
            return Files.readAllLines(logFile, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** Lines of the output of the current (last) start that contain {@code text}. */
    public List<String> logLinesOfLastStartContaining(String text) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            int from = 0;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).startsWith("===== start #")) {
                    from = i;
                }
            }
            return all.subList(from, all.size()).stream().filter(l -> l.contains(text)).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private String springStartedSeconds() {
        List<String> lines = logLinesContaining("Started ");
        String last = "?";
        for (String l : lines) {
            Matcher m = SPRING_STARTED.matcher(l);
            if (m.find()) {
                last = m.group(1);
            }
        }
        return last;
    }

    @Override
    public String toString() {
        return name + "@" + port;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
