package vn.thidua.localstack;

import vn.thidua.security.ParentWatch;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.thidua.embeddedmongo.EmbeddedMongoMain;
import vn.thidua.localstack.kafka.KafkaBrokerMain;
import vn.thidua.security.LocalKeys;

/**
 * The one-command local stack: starts, as child processes of the same {@code java} binary,
 * <ol>
 *   <li>the MongoDB-wire server ({@link EmbeddedMongoMain} of the module embedded-mongo, DATA/mongo, port 27017)
 *       — skipped when the environment variable {@code MONGODB_URI} is set (then passed through);</li>
 *   <li>the Kafka broker ({@link KafkaBrokerMain}, DATA/kafka, port 9092)
 *       — skipped when {@code KAFKA_BOOTSTRAP_SERVERS} is set (then passed through);</li>
 *   <li>command-service (port 8081) and query-service (port 8082) from their {@code *-exec.jar}s, with the
 *       environment variables {@code MONGODB_URI}, {@code KAFKA_BOOTSTRAP_SERVERS} and {@code SERVER_PORT}, and
 *       how to check bearer tokens: the local signing key DATA/keys (created on first start, see {@link LocalKeys})
 *       with {@code SPRING_PROFILES_ACTIVE=local} and {@code THIDUA_JWT_LOCAL_KEY_DIR} — or nothing when the
 *       environment names an issuer ({@code THIDUA_JWT_ISSUER_URI} / {@code THIDUA_JWT_JWK_SET_URI}), which the
 *       services then inherit. {@code ./token.sh ROLE [unitId]} mints tokens with the local key. command-service
 *       also gets the key that signs integrity checkpoints, DATA/keys/checkpoint-signing.pem (created on its first
 *       start) unless {@code THIDUA_CHECKPOINT_SIGNING_KEY} is set.</li>
 * </ol>
 * MongoDB and Kafka start side by side, then both services side by side (each with class-data sharing, see
 * {@link SharedClasses}). It waits for each to be ready (Mongo/Kafka: their "ready" line; services:
 * {@code /actuator/health} = 200), then prints one line with all the URLs. Ctrl-C (or SIGTERM) stops everything in reverse order: services
 * (SIGTERM, then a timeout), Kafka, Mongo. Each child's output is appended to {@code DATA/logs/<name>.log}.
 *
 * <p>DATA is {@code $THIDUA_DATA_DIR}, default {@code ./data}; it is kept between runs.
 * {@code --infra-only} starts only Mongo and Kafka. Run with {@code --help} for all options.
 */
public final class LocalStack {

    static final String MONGO_MAIN = EmbeddedMongoMain.class.getName();
    /**
     * The embedded server's JVM (THIDUA_MONGO_JAVA_OPTS replaces it): its page cache is 384 MB (ADR 0007), and a young
     * generation of 1.2 GB keeps the pages a burst of writes creates from being copied from survivor space to survivor
     * space, which makes a rebuild markedly faster than with -Xmx1g (ADR 0007).
     */
    static final List<String> MONGO_JVM = List.of("-Xmx2g", "-Xmn1200m", "-XX:+UseParallelGC");
    static final String KAFKA_MAIN = KafkaBrokerMain.class.getName();
    /** Whether the embedded store fsyncs every group commit when THIDUA_MONGO_FSYNC is not set (ADR 0013). */
    static final boolean MONGO_FSYNC_DEFAULT = true;
    static final Pattern MONGO_READY = Pattern.compile(Pattern.quote(EmbeddedMongoMain.READY_PREFIX) + "(mongodb://\\S+)");
    static final Pattern KAFKA_READY = Pattern.compile(Pattern.quote(KafkaBrokerMain.READY_PREFIX) + "(\\S+)");
    static final String VERSION = "0.1.0-SNAPSHOT";
    /** An issuer in the caller's environment: the services check tokens against it, no local key is used. */
    static final List<String> ISSUER_VARIABLES = List.of("THIDUA_JWT_ISSUER_URI", "THIDUA_JWT_JWK_SET_URI");

    private static final PrintStream OUT = System.out;
    private static final Duration INFRA_READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(240);
    private static final int LOG_TAIL_LINES = 60;

    /** Started children, most recent first (the stop order). */
    private final Deque<Child> children = new ArrayDeque<>();
    private volatile boolean stopping;
    private final Options options;

    private LocalStack(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            OUT.println(Options.USAGE);
            return;
        }
        LocalStack stack = new LocalStack(options);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stopAll, "local-stack-shutdown"));
        try {
            stack.startAll();
        } catch (Exception e) {
            if (stack.stopping) {
                return; // Ctrl-C during start: the shutdown hook stops what was started
            }
            if (e instanceof StartFailure) {
                System.err.println();
                System.err.println("[local-stack] START FAILED: " + e.getMessage());
                System.exit(1);
            }
            System.err.println("[local-stack] START FAILED: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        stack.monitor();
    }

    // ------------------------------------------------------------------------------------------------ start

    private void startAll() throws IOException, InterruptedException {
        Path data = options.dataDir;
        Path logs = data.resolve("logs");
        Files.createDirectories(logs);
        log("data directory: " + data + "   (child process logs: " + logs + ")");
        // before anything starts: an unwritable data directory fails here, not after a minute of starting
        Map<String, String> tokenSettings = tokenSettings(data);

        // MongoDB and Kafka start side by side (neither needs the other); the services once both are ready
        String mongoUri = options.env.get("MONGODB_URI");
        Child mongo = null;
        if (notBlank(mongoUri)) {
            log("MongoDB: using MONGODB_URI from the environment: " + mongoUri + " (embedded server not started)");
        } else {
            requireFreePort(options.mongoPort, "the MongoDB-wire server", "set MONGODB_URI to use a running MongoDB, or --mongo-port");
            String jvmOptions = options.env.get("THIDUA_MONGO_JAVA_OPTS");
            List<String> mongoArgs = new ArrayList<>(List.of("--data-dir", data.resolve("mongo").toString(),
                    "--port", String.valueOf(options.mongoPort), "--host", "127.0.0.1"));
            if (options.mongoFsync) {
                mongoArgs.add("--fsync");
            }
            mongo = startChild("mongo", notBlank(jvmOptions) ? List.of(jvmOptions.trim().split("\\s+")) : MONGO_JVM, MONGO_MAIN,
                    mongoArgs, Map.of(), Duration.ofSeconds(30));
        }

        String kafka = options.env.get("KAFKA_BOOTSTRAP_SERVERS");
        Child broker = null;
        if (notBlank(kafka)) {
            log("Kafka: using KAFKA_BOOTSTRAP_SERVERS from the environment: " + kafka + " (embedded broker not started)");
        } else {
            requireFreePort(options.kafkaPort, "the Kafka broker", "set KAFKA_BOOTSTRAP_SERVERS to use a running Kafka, or --kafka-port");
            broker = startChild("kafka", List.of("-Xmx256m"), KAFKA_MAIN,
                    List.of("--data-dir", data.resolve("kafka").toString(), "--port", String.valueOf(options.kafkaPort)),
                    Map.of(), Duration.ofSeconds(60));
        }
        if (mongo != null) {
            mongoUri = awaitLine(mongo, MONGO_READY, INFRA_READY_TIMEOUT);
            log("MongoDB-wire server ready: " + mongoUri + "   (data " + data.resolve("mongo") + ", log " + mongo.log + ")");
        }
        if (broker != null) {
            kafka = awaitLine(broker, KAFKA_READY, INFRA_READY_TIMEOUT);
            log("Kafka broker ready: " + kafka + "   (data " + data.resolve("kafka") + ", log " + broker.log + ")");
        }

        if (options.infraOnly) {
            if (!tokenSettings.isEmpty()) {
                log("services started elsewhere accept tokens of " + tokenCommand() + " with "
                        + "SPRING_PROFILES_ACTIVE=local THIDUA_JWT_LOCAL_KEY_DIR=" + tokenSettings.get("THIDUA_JWT_LOCAL_KEY_DIR"));
            }
            log("READY (infra only) — MongoDB " + mongoUri + " | Kafka " + kafka
                    + " | logs " + logs + " | Ctrl-C stops everything");
            return;
        }

        // both services start side by side: each waits only for MongoDB and Kafka, not for the other
        List<Service> services = List.of(new Service("command-service", options.commandPort),
                new Service("query-service", options.queryPort));
        List<Child> started = new ArrayList<>();
        for (Service service : services) {
            Path jar = options.projectDir.resolve(service.name).resolve("target")
                    .resolve(service.name + "-" + VERSION + "-exec.jar");
            if (!Files.isRegularFile(jar)) {
                throw new StartFailure(jar + " not found — build first: ./mvnw -DskipTests install (or use ./run.sh)");
            }
            requireFreePort(service.port, service.name, "use --" + service.name.replace("-service", "") + "-port");
        }
        for (Service service : services) {
            Path jar = options.projectDir.resolve(service.name).resolve("target")
                    .resolve(service.name + "-" + VERSION + "-exec.jar");
            Map<String, String> env = new java.util.LinkedHashMap<>(tokenSettings);
            env.putAll(Map.of("MONGODB_URI", mongoUri, "KAFKA_BOOTSTRAP_SERVERS", kafka,
                    "SERVER_PORT", String.valueOf(service.port)));
            env.putAll(webAppSettings(service.name, options));
            env.putAll(checkpointKeySettings(service.name, data, options));
            SharedClasses cds = sharedClasses(service.name, jar);
            Child child = startChild(service.name,
                    List.of("-Xmx512m", "-Daxoniq.update-checker.disabled=true"), null, cds.args(), env, Duration.ofSeconds(45));
            child.archive = cds;
            started.add(child);
        }
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            Service service = services.get(i);
            Child child = started.get(i);
            String base = "http://127.0.0.1:" + service.port;
            awaitHealthy(child, base + "/actuator/health", SERVICE_READY_TIMEOUT);
            log(service.name + " ready: " + base + "   (Swagger UI " + base + "/swagger-ui.html, log " + child.log + ")");
            urls.add(service.name + " " + base + " (Swagger UI " + base + "/swagger-ui.html)");
        }
        String tokens = tokenSettings.isEmpty() ? "tokens from your issuer"
                : "tokens: " + tokenCommand() + " (PROVINCE_ADMIN, UNIT_REPORTER PTP-213, ANALYST, AUDITOR)";
        log("READY — web app " + webAppUrl(options.queryPort) + " | " + String.join(" | ", urls) + " | " + tokens
                + " | MongoDB " + mongoUri + " | Kafka " + kafka + " | logs " + logs + " | Ctrl-C stops everything");
    }

    /**
     * The services' token settings: nothing when the environment names an issuer (the services inherit it), else the
     * local signing key under DATA/keys, created on first start and accepted by the services only in the
     * {@code local} profile (a deployment never trusts it by accident).
     */
    private Map<String, String> tokenSettings(Path data) {
        for (String variable : ISSUER_VARIABLES) {
            if (notBlank(options.env.get(variable))) {
                log("tokens: checked against " + variable + "=" + options.env.get(variable)
                        + " from the environment (no local signing key)");
                return Map.of();
            }
        }
        Path keys = data.resolve("keys");
        boolean existed = Files.exists(keys.resolve(LocalKeys.PRIVATE)) && Files.exists(keys.resolve(LocalKeys.PUBLIC));
        try {
            LocalKeys.ensure(keys);
        } catch (RuntimeException e) {
            throw new StartFailure("cannot create the local signing key in " + keys + ": " + e.getMessage());
        }
        log((existed ? "local signing key: " : "local signing key created: ") + keys
                + "   (tokens: " + tokenCommand() + "; accepted only with SPRING_PROFILES_ACTIVE=local)");
        return Map.of("SPRING_PROFILES_ACTIVE", withLocalProfile(options.env.get("SPRING_PROFILES_ACTIVE")),
                "THIDUA_JWT_LOCAL_KEY_DIR", keys.toString());
    }

    /**
     * The key that signs the integrity checkpoints (ADR 0014): unless THIDUA_CHECKPOINT_SIGNING_KEY is set, the local
     * stack's own, DATA/keys/checkpoint-signing.pem, created by command-service on its first start (its public half
     * beside it, checkpoint-public.pem, is what ./verify-log.sh --keys takes).
     */
    static Map<String, String> checkpointKeySettings(String service, Path data, Options options) {
        if (!service.equals("command-service") || notBlank(options.env.get("THIDUA_CHECKPOINT_SIGNING_KEY"))) {
            return Map.of();
        }
        return Map.of("THIDUA_CHECKPOINT_SIGNING_KEY", data.resolve("keys").resolve("checkpoint-signing.pem").toString(),
                "THIDUA_CHECKPOINT_GENERATE_KEY", "true");
    }

    /** Where a browser on this machine opens the web app (served by query-service). */
    static String webAppUrl(int queryPort) {
        return "http://localhost:" + queryPort + "/app/";
    }

    /**
     * The web app (docs/adr/0009-web-app.md) is served by query-service and sends commands to command-service, another
     * origin: command-service allows the app's origins (both names of this machine, after any the caller set in
     * THIDUA_CORS_ORIGINS), and query-service tells the app where command-service is (unless THIDUA_WEB_COMMAND_API is
     * set).
     */
    static Map<String, String> webAppSettings(String service, Options options) {
        if (service.equals("command-service")) {
            List<String> origins = new ArrayList<>();
            String own = options.env.get("THIDUA_CORS_ORIGINS");
            if (notBlank(own)) {
                origins.add(own.trim());
            }
            origins.add("http://localhost:" + options.queryPort);
            origins.add("http://127.0.0.1:" + options.queryPort);
            return Map.of("THIDUA_CORS_ORIGINS", String.join(",", origins));
        }
        String commandApi = options.env.get("THIDUA_WEB_COMMAND_API");
        return Map.of("THIDUA_WEB_COMMAND_API", notBlank(commandApi) ? commandApi : "http://localhost:" + options.commandPort);
    }

    /** The caller's active profiles plus {@code local}. */
    static String withLocalProfile(String active) {
        if (!notBlank(active)) {
            return "local";
        }
        for (String profile : active.split(",")) {
            if (profile.trim().equals("local")) {
                return active;
            }
        }
        return active + ",local";
    }

    /** {@code ./token.sh ROLE [unitId]}, with {@code THIDUA_DATA_DIR} when the data directory is not the default. */
    private String tokenCommand() {
        Path defaultData = options.projectDir.resolve("data").toAbsolutePath().normalize();
        return (options.dataDir.equals(defaultData) ? "" : "THIDUA_DATA_DIR=" + options.dataDir + " ")
                + "./token.sh ROLE [unitId]";
    }

    /**
     * Starts {@code java [jvmArgs] -cp <our classpath> mainClass args} (or {@code java [jvmArgs] args} when mainClass is
     * null) with its output appended to DATA/logs/NAME.log.
     */
    private Child startChild(String name, List<String> jvmArgs, String mainClass, List<String> args,
                             Map<String, String> env, Duration stopTimeout) throws IOException {
        if (stopping) {
            throw new StartFailure("stopping");
        }
        Path logFile = options.dataDir.resolve("logs").resolve(name + ".log");
        List<String> command = new ArrayList<>();
        // A new session: the terminal's Ctrl-C then reaches only this launcher, which stops the children in order.
        setsid().ifPresent(command::add);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Dfile.encoding=UTF-8");
        if (mainClass != null) {
            command.add("-cp");
            command.add(ownClasspath());
            command.add(WatchedMain.class.getName()); // ends with this launcher, however it dies
            command.add(mainClass);
        }
        command.addAll(args);

        long offset = Files.exists(logFile) ? Files.size(logFile) : 0;
        Files.writeString(logFile, System.lineSeparator() + "===== " + java.time.OffsetDateTime.now()
                        + " local-stack starts: " + String.join(" ", command) + System.lineSeparator(),
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(options.projectDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        pb.environment().putAll(env);
        // the child stops when this launcher is gone, even after a SIGKILL that runs no shutdown hook (ParentWatch)
        pb.environment().put(ParentWatch.VARIABLE, String.valueOf(ProcessHandle.current().pid()));
        Process process = pb.start();
        Child child = new Child(name, process, logFile, offset, stopTimeout);
        synchronized (children) {
            children.push(child);
        }
        log("started " + name + " (pid " + process.pid() + "), log: " + logFile);
        return child;
    }

    private String awaitLine(Child child, Pattern pattern, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long position = child.logOffset;
        StringBuilder pending = new StringBuilder();
        while (true) {
            try (RandomAccessFile raf = new RandomAccessFile(child.log.toFile(), "r")) {
                long length = raf.length();
                if (length > position) {
                    byte[] bytes = new byte[(int) Math.min(length - position, 1 << 20)];
                    raf.seek(position);
                    raf.readFully(bytes);
                    position += bytes.length;
                    pending.append(new String(bytes, StandardCharsets.ISO_8859_1));
                    int nl;
                    while ((nl = pending.indexOf("\n")) >= 0) {
                        String line = pending.substring(0, nl);
                        pending.delete(0, nl + 1);
                        Matcher m = pattern.matcher(line);
                        if (m.find()) {
                            return m.group(1);
                        }
                    }
                    continue;
                }
            }
            if (!child.process.isAlive()) {
                throw new StartFailure(child.name + " exited with code " + child.process.exitValue()
                        + " during start. Last lines of " + child.log + ":\n" + child.tail());
            }
            if (System.nanoTime() > deadline) {
                throw new StartFailure(child.name + " not ready after " + timeout.toSeconds() + " s. Last lines of "
                        + child.log + ":\n" + child.tail());
            }
            Thread.sleep(100);
        }
    }

    private void awaitHealthy(Child child, String url, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            if (!child.process.isAlive()) {
                throw new StartFailure(child.name + " exited with code " + child.process.exitValue()
                        + " during start. Last lines of " + child.log + ":\n" + child.tail());
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + " " + abbreviate(response.body());
            } catch (IOException e) {
                last = e.toString();
            }
            if (System.nanoTime() > deadline) {
                throw new StartFailure(child.name + " not healthy at " + url + " after " + timeout.toSeconds()
                        + " s (last: " + last + "). Last lines of " + child.log + ":\n" + child.tail());
            }
            Thread.sleep(250);
        }
    }

    // ------------------------------------------------------------------------------------------------ class-data sharing

    /**
     * How a service's JVM starts with class-data sharing (docs/adr/0010-*.md): the exec jar extracted once (Spring Boot's
     * {@code -Djarmode=tools extract}) into a cache directory keyed by the jar's contents, and run from there with the
     * archive of the classes it loaded; the first run records that archive when it stops cleanly
     * ({@code -XX:ArchiveClassesAtExit}), every later run maps it ({@code -XX:SharedArchiveFile}). Without the cache
     * (THIDUA_CDS=off, or it cannot be written) the jar runs as it is.
     */
    record SharedClasses(List<String> args, Path recording, Path archive) {

        /** After a clean stop: the recorded archive becomes the one later runs map. */
        void keep() {
            if (recording == null) {
                return;
            }
            try {
                if (Files.isRegularFile(recording) && Files.size(recording) > 0) {
                    Files.move(recording, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    log("class-data archive recorded: " + archive);
                }
            } catch (IOException e) {
                log("class-data archive not kept (" + e.getMessage() + ")");
            }
        }
    }

    private SharedClasses sharedClasses(String name, Path jar) {
        SharedClasses plain = new SharedClasses(List.of("-jar", jar.toString()), null, null);
        if ("off".equalsIgnoreCase(options.env.getOrDefault("THIDUA_CDS", ""))) {
            return plain;
        }
        try {
            Path dir = cdsRoot().resolve(name + "-" + contentKey(jar));
            Path app = dir.resolve("app").resolve(jar.getFileName());
            if (!Files.isRegularFile(app)) {
                extract(jar, dir);
            }
            Path archive = dir.resolve("app.jsa");
            if (Files.isRegularFile(archive)) {
                return new SharedClasses(List.of("-XX:SharedArchiveFile=" + archive, "-jar", app.toString()), null, archive);
            }
            Path recording = dir.resolve("app.jsa.recording-" + ProcessHandle.current().pid());
            return new SharedClasses(List.of("-XX:ArchiveClassesAtExit=" + recording, "-jar", app.toString()), recording, archive);
        } catch (IOException | RuntimeException e) {
            log("class-data sharing off for " + name + " (" + e.getMessage() + ")");
            return plain;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return plain;
        }
    }

    /** THIDUA_CDS_DIR, else ~/.cache/thidua/cds: kept across data directories and copies of the same jars. */
    private Path cdsRoot() {
        String configured = options.env.get("THIDUA_CDS_DIR");
        if (notBlank(configured)) {
            return Path.of(configured);
        }
        String cache = options.env.get("XDG_CACHE_HOME");
        return (notBlank(cache) ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("thidua").resolve("cds");
    }

    /** A key of the jar's contents: its entries' names, sizes and CRCs (read from the zip directory, not decompressed). */
    static String contentKey(Path jar) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            zip.stream().forEach(e -> digest.update((e.getName() + ":" + e.getSize() + ":" + e.getCrc() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return java.util.HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Extracts the exec jar into DIR/app (through a temporary directory, so a half-done extraction is never used). */
    private void extract(Path jar, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path temp = Files.createTempDirectory(dir, "extract-");
        Path out = temp.resolve("app");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", out.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(out.resolve(jar.getFileName()))) {
            p.destroyForcibly();
            throw new IOException("could not extract " + jar);
        }
        try {
            Files.move(out, dir.resolve("app"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // another launcher extracted the same jar first
        }
        deleteTree(temp);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ run / stop

    /** Blocks while everything runs; a child that dies on its own takes the whole stack down (exit code 1). */
    private void monitor() {
        while (!stopping) {
            Child dead = null;
            synchronized (children) {
                for (Child c : children) {
                    if (!c.process.isAlive()) {
                        dead = c;
                        break;
                    }
                }
            }
            if (dead != null && !stopping) {
                System.err.println("[local-stack] " + dead.name + " exited unexpectedly with code " + dead.process.exitValue()
                        + ". Last lines of " + dead.log + ":\n" + dead.tail());
                System.err.println("[local-stack] stopping the rest");
                System.exit(1);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Shutdown hook: stops the children in reverse start order, each with SIGTERM, then a timeout, then SIGKILL. */
    private void stopAll() {
        stopping = true;
        List<Child> toStop;
        synchronized (children) {
            toStop = new ArrayList<>(children);
        }
        if (toStop.isEmpty()) {
            return;
        }
        log("stopping " + toStop.stream().map(c -> c.name).toList());
        for (Iterator<Child> it = toStop.iterator(); it.hasNext(); ) {
            Child c = it.next();
            if (!c.process.isAlive()) {
                log(c.name + " had already exited (code " + c.process.exitValue() + ")");
                continue;
            }
            long t0 = System.nanoTime();
            c.process.destroy(); // SIGTERM
            try {
                if (!c.process.waitFor(c.stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    log(c.name + " did not stop within " + c.stopTimeout.toSeconds() + " s — killing it");
                    c.process.destroyForcibly();
                    c.process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                c.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            log("stopped " + c.name + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms"
                    + (c.process.isAlive() ? " (STILL ALIVE, pid " + c.process.pid() + ")" : ""));
            if (c.archive != null && !c.process.isAlive()) {
                c.archive.keep();
            }
        }
        log("all stopped; data kept in " + options.dataDir);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void requireFreePort(int port, String what, String hint) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (IOException e) {
            throw new StartFailure("port " + port + " for " + what + " is already in use (a previous run still alive?) — "
                    + "stop that process, or " + hint);
        }
    }

    private static java.util.Optional<String> setsid() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** The local-stack jar (its manifest Class-Path brings lib/*), or the current classpath when run from classes. */
    static String ownClasspath() {
        Path self = selfLocation();
        if (self != null && Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
            return self.toString();
        }
        return System.getProperty("java.class.path");
    }

    private static Path selfLocation() {
        try {
            return Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The project root: three levels above local-stack/target/local-stack-*.jar (or target/classes), else the cwd. */
    static Path defaultProjectDir() {
        Path self = selfLocation();
        if (self != null) {
            Path candidate = self.getParent();
            if (candidate != null && candidate.getFileName() != null && candidate.getFileName().toString().equals("target")) {
                candidate = candidate.getParent(); // .../local-stack/target/x.jar
            } else if (candidate != null && candidate.getParent() != null) {
                candidate = candidate.getParent().getParent(); // .../local-stack/target/classes
            }
            if (candidate != null && candidate.getParent() != null && Files.isRegularFile(candidate.getParent().resolve("pom.xml"))) {
                return candidate.getParent();
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** THIDUA_MONGO_FSYNC: {@code on}/{@code true} or {@code off}/{@code false}; unset: {@link #MONGO_FSYNC_DEFAULT}. */
    static boolean mongoFsync(Map<String, String> env) {
        String value = env.get("THIDUA_MONGO_FSYNC");
        if (!notBlank(value)) {
            return MONGO_FSYNC_DEFAULT;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("THIDUA_MONGO_FSYNC must be on or off, not " + value);
        };
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String abbreviate(String s) {
        String oneLine = s == null ? "" : s.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }

    private static void log(String message) {
        OUT.println("[local-stack] " + message);
        OUT.flush();
    }

    // ------------------------------------------------------------------------------------------------ types

    private record Service(String name, int port) {
    }

    private static final class Child {
        final String name;
        final Process process;
        final Path log;
        final long logOffset;
        final Duration stopTimeout;
        /** A service's class-data archive, recorded when it stops cleanly (null for MongoDB and Kafka). */
        SharedClasses archive;

        Child(String name, Process process, Path log, long logOffset, Duration stopTimeout) {
            this.name = name;
            this.process = process;
            this.log = log;
            this.logOffset = logOffset;
            this.stopTimeout = stopTimeout;
        }

        /** The last lines this run wrote to the log. */
        String tail() {
            try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "r")) {
                long start = Math.max(logOffset, raf.length() - 64 * 1024);
                byte[] bytes = new byte[(int) (raf.length() - start)];
                raf.seek(start);
                raf.readFully(bytes);
                String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R");
                int from = Math.max(0, lines.length - LOG_TAIL_LINES);
                StringBuilder sb = new StringBuilder();
                for (int i = from; i < lines.length; i++) {
                    sb.append("    | ").append(lines[i]).append('\n');
                }
                return sb.toString();
            } catch (IOException e) {
                return "    (could not read " + log + ": " + e + ")\n";
            }
        }
    }

    static final class StartFailure extends RuntimeException {
        StartFailure(String message) {
            super(message);
        }
    }

    static final class Options {
        static final String USAGE = """
                usage: ./run.sh [options]      (or: java -jar local-stack/target/local-stack-%s.jar [options])
                  --infra-only        start only MongoDB-wire server + Kafka broker (no services)
                  --data-dir DIR      data directory (default: $THIDUA_DATA_DIR or ./data); logs go to DIR/logs
                  --mongo-port N      embedded MongoDB-wire server port (default 27017)
                  --kafka-port N      embedded Kafka broker port (default 9092)
                  --command-port N    command-service port (default 8081)
                  --query-port N      query-service port (default 8082)
                  --project-dir DIR   where command-service/ and query-service/ are (default: found from the jar)
                  -h, --help          this text
                environment: MONGODB_URI (use that MongoDB, skip the embedded one),
                             KAFKA_BOOTSTRAP_SERVERS (use that Kafka, skip the embedded broker),
                             THIDUA_DATA_DIR (data directory),
                             THIDUA_JWT_ISSUER_URI or THIDUA_JWT_JWK_SET_URI (the services check tokens of that
                               issuer; without them: the local key DIR/keys, created on first start, and profile
                               'local'; ./token.sh ROLE [unitId] mints tokens with it, and the web app's local
                               sign-in page too),
                             THIDUA_CORS_ORIGINS (more browser origins for command-service; the web app's are added),
                             THIDUA_MONGO_FSYNC (on/off: the embedded store fsyncs every group commit; ADR 0013)
                and every other service setting (README, Configuration), e.g. THIDUA_RATE_LIMIT_PER_MINUTE""".formatted(VERSION);

        Path dataDir;
        Path projectDir;
        boolean infraOnly;
        boolean help;
        int mongoPort = 27017;
        int kafkaPort = 9092;
        int commandPort = 8081;
        int queryPort = 8082;
        /** THIDUA_MONGO_FSYNC, read at start so that a wrong value stops the launcher before it starts anything. */
        boolean mongoFsync;
        Map<String, String> env;

        static Options parse(String[] args, Map<String, String> env) {
            Options o = new Options();
            o.env = env;
            o.mongoFsync = mongoFsync(env);
            String data = notBlank(env.get("THIDUA_DATA_DIR")) ? env.get("THIDUA_DATA_DIR") : "data";
            String project = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--infra-only" -> o.infraOnly = true;
                    case "-h", "--help" -> o.help = true;
                    case "--data-dir" -> data = value(args, ++i, a);
                    case "--project-dir" -> project = value(args, ++i, a);
                    case "--mongo-port" -> o.mongoPort = port(args, ++i, a);
                    case "--kafka-port" -> o.kafkaPort = port(args, ++i, a);
                    case "--command-port" -> o.commandPort = port(args, ++i, a);
                    case "--query-port" -> o.queryPort = port(args, ++i, a);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            o.dataDir = Path.of(data).toAbsolutePath().normalize();
            o.projectDir = project != null ? Path.of(project).toAbsolutePath().normalize() : defaultProjectDir();
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int port(String[] args, int i, String option) {
            try {
                int p = Integer.parseInt(value(args, i, option));
                if (p < 1 || p > 65535) {
                    throw new NumberFormatException();
                }
                return p;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a port number (1-65535)");
            }
        }
    }
}
