package vn.thidua.testing;

import vn.thidua.embeddedmongo.DurableMongoServer;
import vn.thidua.localstack.kafka.KafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The real infrastructure of the tests, started once per test JVM: the durable MongoDB-wire server and a
 * KRaft Kafka broker, each on a free port and a temporary data directory. Tests isolate themselves by
 * database, topic and consumer-group names ({@link #uniqueName}).
 */
public final class Infrastructure {

    private static DurableMongoServer mongo;
    private static KafkaBroker kafka;
    private static Path kafkaDir;

    private Infrastructure() {
    }

    public static synchronized DurableMongoServer mongo() {
        if (mongo == null) {
            mongo = DurableMongoServer.start(tempDir("mongo"), "127.0.0.1", 0);
            Runtime.getRuntime().addShutdownHook(new Thread(mongo::close));
        }
        return mongo;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafkaDir = tempDir("kafka");
            kafka = KafkaBroker.start(kafkaDir, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopKafka()));
        }
        return kafka;
    }

    /** Stops the broker (a Kafka outage); {@link #restartKafka()} brings it back on the same port and data. */
    public static synchronized void stopKafka() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    public static synchronized KafkaBroker restartKafka() {
        int port = kafka.port();
        kafka = KafkaBroker.start(kafkaDir, port);
        return kafka;
    }

    /** A name no other test uses, for a database, a topic or a consumer group. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String mongoUri() {
        return mongo().connectionString();
    }

    public static String kafkaBootstrap() {
        return kafka().bootstrapServers();
    }

    private static Path tempDir(String name) {
        try {
            Path dir = Files.createTempDirectory("thidua-test-" + name);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
