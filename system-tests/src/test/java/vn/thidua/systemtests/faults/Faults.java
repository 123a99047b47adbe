package vn.thidua.systemtests.faults;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.bson.Document;
import vn.thidua.systemtests.support.ServiceProcess;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** The faults of the suite, in the order they run. */
final class Faults {

    /** How long a killed process stays down before the operator starts it again. */
    static final Duration DOWN = Duration.ofSeconds(5);
    /** Longer than every producer and consumer timeout of the services (delivery 20 s, request 10 s, session 45 s). */
    static final Duration KAFKA_OUTAGE = Duration.ofSeconds(60);
    static final Duration NETWORK_FAULT = Duration.ofSeconds(20);
    /** How long the store's disk stays full. */
    static final Duration DISK_FULL_HOLD = Duration.ofSeconds(20);
    /** The fault that needs the store's data directory on a {@link SmallDisk}. */
    static final String DISK_FULL = "disk-full";
    /** The store's default reserve ({@code --min-free-mb}): below it, it refuses writes. */
    private static final long STORE_RESERVE_BYTES = 64L << 20;

    private Faults() {
    }

    static List<Fault> all() {
        List<Fault> all = new ArrayList<>();
        all.add(new Fault("kill-command-service", "SIGKILL of the command-service; started again 5 s later", 1, false,
                (s, t) -> killAndRestart(s.commands.get(0), t)));
        all.add(new Fault("kill-query-service", "SIGKILL of the query-service; started again 5 s later", 1, false,
                (s, t) -> killAndRestart(s.queries.get(0), t)));
        all.add(new Fault("kill-mongo", "SIGKILL of the MongoDB-wire server; started again 5 s later on its data", 1, false,
                (s, t) -> killAndRestart(s.mongo, t)));
        all.add(new Fault("kill-kafka", "SIGKILL of the Kafka broker; started again 5 s later on its data", 1, false,
                (s, t) -> killAndRestart(s.kafka, t)));
        all.add(new Fault("kill-everything", "SIGKILL of all four processes at once; started again 5 s later in order "
                + "(MongoDB, Kafka, both services)", 1, false, Faults::killEverything));
        all.add(new Fault("kafka-down-60s", "the Kafka broker SIGKILLed and kept down 60 s (longer than every producer "
                + "and consumer timeout), then started again", 1, false, (s, t) -> {
                    t.fault();
                    s.kafka.kill();
                    Processes.hold(KAFKA_OUTAGE);
                    t.repaired();
                    s.kafka.start();
                }));
        all.add(new Fault("mongo-latency-500ms", "500 ms added each way to every byte between the services and MongoDB, "
                + "for 20 s", 1, true, (s, t) -> network(t, () -> s.mongoProxy.latency(Duration.ofMillis(500)), s.mongoProxy)));
        all.add(new Fault("kafka-latency-500ms", "500 ms added each way to every byte between the services and Kafka, "
                + "for 20 s", 1, true, (s, t) -> network(t, () -> s.kafkaProxy.latency(Duration.ofMillis(500)), s.kafkaProxy)));
        all.add(new Fault("mongo-connections-cut", "every connection between the services and MongoDB reset mid-request, "
                + "three times 5 s apart", 1, true, (s, t) -> cut(s.mongoProxy, t)));
        all.add(new Fault("kafka-connections-cut", "every connection between the services and Kafka reset mid-request, "
                + "three times 5 s apart", 1, true, (s, t) -> cut(s.kafkaProxy, t)));
        all.add(new Fault("mongo-half-open", "the connections between the services and MongoDB go silent, open but "
                + "forwarding nothing, new ones too, for 20 s; then new connections pass and the silent ones stay dead", 1,
                true, (s, t) -> network(t, s.mongoProxy::halfOpen, s.mongoProxy)));
        all.add(new Fault("kafka-half-open", "the connections between the services and Kafka go silent, open but "
                + "forwarding nothing, new ones too, for 20 s; then new connections pass and the silent ones stay dead", 1,
                true, (s, t) -> network(t, s.kafkaProxy::halfOpen, s.kafkaProxy)));
        all.add(new Fault(DISK_FULL, "the disk of the MongoDB-wire server's data directory full for 20 s (a small "
                + "tmpfs filled to the last byte; where mounts are forbidden, the store's test-only disk-full switch), "
                + "then the space given back", 1, false, Faults::diskFull));
        all.add(new Fault("paused-publisher", "SIGSTOP of the publishing command-service instance for 25 s (past its "
                + "10 s lease) while the second instance takes the lease; then SIGCONT", 2, false, Faults::pausedPublisher));
        all.add(new Fault("kill-one-of-each", "SIGKILL of the publishing command-service instance and of one "
                + "query-service instance: the survivors take over the lease and the partitions; the two are started again "
                + "once they have", 2, false, Faults::killOneOfEach));
        return all;
    }

    /** The faults of the short variant (CI): a crash of the command-service and one of the database. */
    static List<String> shortVariant() {
        return List.of("kill-command-service", "kill-mongo");
    }

    // ------------------------------------------------------------------------------------------------ actions

    private static void killAndRestart(ServiceProcess service, Fault.Timeline t) {
        t.fault();
        service.kill();
        Processes.hold(DOWN);
        t.repaired();
        service.start();
        ServiceProcess.awaitHealthy(service);
    }

    private static void killAndRestart(InfraProcess process, Fault.Timeline t) {
        t.fault();
        process.kill();
        Processes.hold(DOWN);
        t.repaired();
        process.start();
    }

    private static void killEverything(Stack s, Fault.Timeline t) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-KILL", String.valueOf(s.mongo.pid()),
                String.valueOf(s.kafka.pid())));
        s.services().forEach(p -> command.add(String.valueOf(p.pid())));
        t.fault();
        Process kill = new ProcessBuilder(command).inheritIO().start();
        kill.waitFor(10, TimeUnit.SECONDS);
        s.services().forEach(ServiceProcess::kill);
        s.kafka.kill();
        s.mongo.kill();
        Processes.hold(DOWN);
        t.repaired();
        s.mongo.start();
        s.kafka.start();
        ServiceProcess.startAll(s.services().toArray(ServiceProcess[]::new));
    }

    /**
     * The store's disk full: writes are refused (503 with Retry-After from the services), nothing acknowledged is lost,
     * and the store accepts writes again once the space is back, without a restart.
     */
    private static void diskFull(Stack s, Fault.Timeline t) throws IOException {
        SmallDisk disk = s.smallDisk;
        t.how = disk.how();
        long pid = s.mongo.pid();
        t.fault();
        long filled = disk.fill(STORE_RESERVE_BYTES);
        if (disk.mounted()) {
            t.note("%d MB of zeros written, %d KB left free", filled >> 20, disk.freeBytes() >> 10);
        }
        Processes.hold(DISK_FULL_HOLD.minusNanos(System.nanoTime() - t.faultAt));
        t.repaired();
        disk.release();
        if (!s.mongo.isAlive() || s.mongo.pid() != pid) {
            t.problem("the MongoDB-wire server did not survive the full disk");
        }
        String log = java.nio.file.Files.readString(s.mongo.logFile(), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!log.contains("The store's disk is full")) {
            t.problem("the store never said it refused writes for lack of space");
        }
    }

    private static void network(Fault.Timeline t, Runnable fault, TcpProxy proxy) {
        t.fault();
        fault.run();
        Processes.hold(NETWORK_FAULT);
        t.repaired();
        proxy.heal();
    }

    private static void cut(TcpProxy proxy, Fault.Timeline t) {
        t.fault();
        int cut = 0;
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                Processes.hold(DOWN);
            }
            cut += proxy.cutAll();
        }
        t.repaired();
        t.note("%d connections reset", cut);
    }

    /**
     * The publisher paused past its lease: the other instance must take the lease over, and the paused one, once it runs
     * again, must not publish (the topic's order per stream and the log checks of the suite show it), and must say
     * that it lost the lease.
     */
    private static void pausedPublisher(Stack s, Fault.Timeline t) {
        ServiceProcess publisher = publisher(s);
        ServiceProcess other = s.commands.stream().filter(c -> c != publisher).findFirst().orElseThrow();
        t.note("%s published; paused", publisher.name());
        t.fault();
        publisher.pause();
        try {
            await("the other instance takes the lease").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> publisherPid(s) == other.pid());
            t.note("%s took the lease %.1f s after the pause", other.name(), (System.nanoTime() - t.faultAt) / 1e9);
            Processes.hold(Duration.ofSeconds(25).minusNanos(System.nanoTime() - t.faultAt));
        } finally {
            t.repaired();
            publisher.resume();
        }
        try {
            await("the woken instance says it lost the lease").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !publisher.logLinesOfLastStartContaining("lost the publisher lease").isEmpty()
                            || !publisher.logLinesOfLastStartContaining("fenced").isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            t.problem("%s woke and never said it lost the lease", publisher.name());
        }
        if (publisherPid(s) != other.pid()) {
            t.problem("the lease went back to the woken instance");
        }
    }

    /** The publisher and one query instance killed: the survivors take the lease and every partition. */
    private static void killOneOfEach(Stack s, Fault.Timeline t) {
        ServiceProcess publisher = publisher(s);
        ServiceProcess survivor = s.commands.stream().filter(c -> c != publisher).findFirst().orElseThrow();
        ServiceProcess query = s.queries.get(0);
        t.fault();
        publisher.kill();
        query.kill();
        try {
            await("the surviving command-service takes the lease").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> publisherPid(s) == survivor.pid());
            t.note("the lease moved to %s %.1f s after the kill", survivor.name(), (System.nanoTime() - t.faultAt) / 1e9);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            t.problem("the surviving command-service did not take the lease within 60 s");
        }
        try {
            await("the surviving query-service holds every partition").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500)).until(() -> soleMemberPartitions(s) == partitions(s));
            t.note("every partition with the surviving query-service %.1f s after the kill", (System.nanoTime() - t.faultAt) / 1e9);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            t.problem("the surviving query-service did not get every partition within 90 s");
        }
        t.repaired();
        ServiceProcess.startAll(publisher, query);
    }

    /** The command-service instance that holds the publisher lease (its owner is {@code pid@host/…}). */
    private static ServiceProcess publisher(Stack s) {
        await("a publisher").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> s.commands.stream().anyMatch(c -> c.pid() == publisherPid(s)));
        long pid = publisherPid(s);
        return s.commands.stream().filter(c -> c.pid() == pid).findFirst().orElseThrow();
    }

    static long publisherPid(Stack s) {
        try (MongoClient client = MongoClients.create(s.mongoDirectUri())) {
            Document lease = client.getDatabase(Stack.EVENTS_DB).getCollection("publication").find(Filters.eq("_id", "kafka")).first();
            if (lease == null || lease.getString("owner") == null || lease.getLong("expiresAt") < System.currentTimeMillis()) {
                return -1;
            }
            String owner = lease.getString("owner");
            return Long.parseLong(owner.substring(0, owner.indexOf('@')));
        }
    }

    private static int partitions(Stack s) {
        try (Admin admin = admin(s)) {
            return admin.describeTopics(List.of(Stack.TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(Stack.TOPIC).partitions().size();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The partitions of the query group's only member, or -1 while it has more than one member. */
    private static int soleMemberPartitions(Stack s) {
        try (Admin admin = admin(s)) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("faults-query")).all()
                    .get(10, TimeUnit.SECONDS).get("faults-query");
            List<MemberDescription> members = new ArrayList<>(group.members());
            return members.size() == 1 ? members.get(0).assignment().topicPartitions().size() : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static Admin admin(Stack s) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }
}
