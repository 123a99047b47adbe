package vn.thidua.systemtests.support;

import vn.thidua.embeddedmongo.DurableMongoServer;
import vn.thidua.localstack.kafka.KafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The infrastructure of one test class, in the test JVM: the durable MongoDB-wire server and a KRaft Kafka
 * broker, each on a free port and its own directory under the test class's work directory.
 */
public final class Infra implements AutoCloseable {

    private final Path dir;
    private final DurableMongoServer mongo;
    private volatile KafkaBroker kafka;
    private final int kafkaPort;

    private Infra(Path dir, DurableMongoServer mongo, KafkaBroker kafka) {
        this.dir = dir;
        this.mongo = mongo;
        this.kafka = kafka;
        this.kafkaPort = kafka.port();
    }

    public static Infra start(Path workDir) {
        long started = System.nanoTime();
        Path mongoDir = directory(workDir.resolve("mongo"));
        Path kafkaDir = directory(workDir.resolve("kafka"));
        DurableMongoServer mongo = DurableMongoServer.start(mongoDir, "127.0.0.1", 0);
        KafkaBroker kafka;
        try {
            kafka = KafkaBroker.start(kafkaDir, 0);
        } catch (RuntimeException e) {
            mongo.close();
            throw e;
        }
        Infra infra = new Infra(workDir, mongo, kafka);
        Log.line("infrastructure up in %.1f s: %s, %s", (System.nanoTime() - started) / 1e9,
                mongo.connectionString(), kafka.bootstrapServers());
        return infra;
    }

    public String mongoUri() {
        return mongo.connectionString();
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** A Kafka outage: the broker stops completely (its port closes). */
    public synchronized void stopKafka() {
        kafka.stop();
    }

    /** The broker back on the same port and data directory. */
    public synchronized void restartKafka() {
        kafka = KafkaBroker.start(dir.resolve("kafka"), kafkaPort);
    }

    @Override
    public synchronized void close() {
        try {
            kafka.stop();
        } finally {
            mongo.close();
        }
    }

    static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
