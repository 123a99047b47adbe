package vn.thidua.localstack.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link KafkaBroker} as a separate process.
 *
 * <pre>
 * java -Xmx256m -cp local-stack/target/local-stack-0.1.0-SNAPSHOT.jar \
 *      vn.thidua.localstack.kafka.KafkaBrokerMain --data-dir data/kafka --port 9092
 * </pre>
 *
 * Prints {@code Kafka broker ready at 127.0.0.1:PORT} on standard output once clients can connect;
 * SIGTERM / SIGINT shut it down cleanly (exit code 143 / 130 from the JVM). Exit code 1 if it fails
 * to start, 2 on bad arguments.
 */
public final class KafkaBrokerMain {

    public static final String READY_PREFIX = "Kafka broker ready at ";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Kafka logs a lot at INFO; keep warnings (slf4j-simple reads these before its first use).
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info"));
        setIfAbsent("org.slf4j.simpleLogger.log.kafka", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.state.change.logger", "warn");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");

        Path dataDir = Path.of("data", "kafka");
        int port = 9092;
        int advertisedPort = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data-dir" -> dataDir = Path.of(args[++i]);
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--advertised-port" -> advertisedPort = Integer.parseInt(args[++i]);
                    case "-h", "--help" -> {
                        usage();
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("KafkaBrokerMain: " + e.getMessage());
            usage();
            System.exit(2);
        }

        long t0 = System.nanoTime();
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(dataDir, port, advertisedPort);
        } catch (Throwable e) {
            System.err.println("Kafka broker failed to start on port " + port + " with data dir " + dataDir.toAbsolutePath());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Kafka broker stopping");
            broker.stop();
            System.out.println("Kafka broker stopped");
            System.out.flush();
            stopped.countDown();
        }, "kafka-broker-shutdown"));
        System.out.printf("Kafka broker started in %d ms (cluster %s, data %s)%n",
                (System.nanoTime() - t0) / 1_000_000, broker.clusterId(), broker.dataDir());
        System.out.println(READY_PREFIX + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static void usage() {
        System.err.println("usage: java -Xmx256m -cp local-stack.jar " + KafkaBrokerMain.class.getName()
                + " [--data-dir DIR (default data/kafka)] [--port PORT (default 9092, 0 = any free port)]"
                + " [--advertised-port PORT (what clients are told, e.g. a proxy in front; default: --port)]");
    }
}
