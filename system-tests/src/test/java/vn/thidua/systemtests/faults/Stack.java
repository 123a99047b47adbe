package vn.thidua.systemtests.faults;

import vn.thidua.systemtests.support.ServiceProcess;
import vn.thidua.systemtests.support.WorkDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system as separate processes, each of which a fault can kill, pause or cut off alone: the MongoDB-wire
 * server and the Kafka broker (from the local-stack jar, as {@code ./run.sh} runs them), and one or two instances of
 * each service (from their exec jars). The services reach MongoDB and Kafka through a {@link TcpProxy} each (Kafka
 * advertises the proxy's port), so the network between them can be slowed, cut or left half-open.
 */
final class Stack implements AutoCloseable {

    static final String EVENTS_DB = "faults_events";
    static final String QUERY_DB = "faults_query";
    static final String TOPIC = "faults.events";

    private final Path dir;
    final InfraProcess mongo;
    final InfraProcess kafka;
    final TcpProxy mongoProxy;
    final TcpProxy kafkaProxy;
    final List<ServiceProcess> commands = new ArrayList<>();
    final List<ServiceProcess> queries = new ArrayList<>();
    private final int mongoPort;
    /** The store's data directory on a disk a fault can fill, or null. */
    final SmallDisk smallDisk;

    private Stack(Path dir, int commandInstances, int queryInstances, Map<String, String> extraEnv, boolean smallDisk) {
        this.dir = dir;
        Path logs = directory(dir.resolve("logs"));
        mongoPort = ServiceProcess.freePort();
        int kafkaPort = ServiceProcess.freePort();
        mongoProxy = TcpProxy.start("mongo", 0, mongoPort);
        kafkaProxy = TcpProxy.start("kafka", 0, kafkaPort);
        Path localStack = jar("thidua.local-stack.jar");
        Path mongoData = directory(dir.resolve("mongo"));
        this.smallDisk = smallDisk ? SmallDisk.on(mongoData, dir.resolve("disk-full")) : null;
        mongo = InfraProcess.mongo(localStack, mongoData, mongoPort, logs,
                smallDisk ? this.smallDisk.storeArguments() : List.of());
        kafka = InfraProcess.kafka(localStack, directory(dir.resolve("kafka")), kafkaPort, kafkaProxy.port(), logs);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MONGODB_URI", "mongodb://127.0.0.1:" + mongoProxy.port());
        env.put("MONGODB_DATABASE", EVENTS_DB);
        env.put("MONGODB_QUERY_DATABASE", QUERY_DB);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
        env.put("THIDUA_TOPIC", TOPIC);
        env.put("THIDUA_QUERY_GROUP", "faults-query");
        // the product's own lease of a first attempt's key, not the shortened one of the other system tests
        env.put("THIDUA_IDEMPOTENCY_LOCK_TTL", "30s");
        env.putAll(extraEnv);
        for (int i = 1; i <= commandInstances; i++) {
            commands.add(ServiceProcess.commandService("command-service-" + i, logs, env));
        }
        for (int i = 1; i <= queryInstances; i++) {
            queries.add(ServiceProcess.queryService("query-service-" + i, logs, env));
        }
    }

    /** Starts everything in a fresh directory {@code target/system-tests/<name>} and waits until all is healthy. */
    static Stack start(String name, int commandInstances, int queryInstances, Map<String, String> extraEnv) {
        return start(name, commandInstances, queryInstances, extraEnv, false);
    }

    /** As above; with {@code smallDisk} the store's data directory is on a {@link SmallDisk}. */
    static Stack start(String name, int commandInstances, int queryInstances, Map<String, String> extraEnv,
                       boolean smallDisk) {
        Path dir = WorkDir.fresh(name);
        Stack stack = new Stack(dir, commandInstances, queryInstances, extraEnv, smallDisk);
        try {
            stack.mongo.start();
            stack.kafka.start();
            List<ServiceProcess> services = stack.services();
            ServiceProcess.startAll(services.toArray(ServiceProcess[]::new));
        } catch (RuntimeException | AssertionError e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>(commands);
        all.addAll(queries);
        return all;
    }

    /** Where clients send commands: the instances in turn, attempt by attempt (a dead one refuses, the next answers). */
    String commandUrl(int attempt) {
        return commands.get(Math.floorMod(attempt, commands.size())).baseUrl();
    }

    String queryUrl(int attempt) {
        return queries.get(Math.floorMod(attempt, queries.size())).baseUrl();
    }

    /** MongoDB without the proxy: what the suite reads the event log with. */
    String mongoDirectUri() {
        return "mongodb://127.0.0.1:" + mongoPort;
    }

    /** Kafka's only address (the broker advertises the proxy). */
    String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaProxy.port();
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        for (ServiceProcess s : services()) {
            try {
                if (s.isAlive()) {
                    s.kill(); // the data is what counts; a clean stop of each would only cost time
                }
            } catch (RuntimeException ignored) {
                // closing
            }
        }
        kafka.kill();
        mongo.stop();
        if (smallDisk != null) {
            smallDisk.close();
        }
        kafkaProxy.close();
        mongoProxy.close();
    }

    private static Path jar(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set (run the suite with Maven)");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " does not exist: build first (./mvnw -pl system-tests -am package -DskipTests)");
        }
        return path;
    }

    static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
