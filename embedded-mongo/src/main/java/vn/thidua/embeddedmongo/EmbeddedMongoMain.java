package vn.thidua.embeddedmongo;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Runs the embedded MongoDB-wire server as its own process.
 * <pre>
 * java -cp ... vn.thidua.embeddedmongo.EmbeddedMongoMain --data-dir DIR [--port 27017] [--host 127.0.0.1]
 *      [--fsync] [--retention-ms 1000] [--cache-mb 384] [--min-free-mb 64]
 * </pre>
 * {@code --min-free-mb}: writes are refused (error 14031 OutOfDiskSpace) while the data directory's file system has
 * less free space, and accepted again once it has. {@code --test-disk-full-switch FILE} is for tests only: while FILE
 * exists the server acts as if its disk were full.
 * Prints exactly one line {@code MongoDB-wire server ready at mongodb://HOST:PORT} on standard output once it
 * accepts connections, and shuts down cleanly (final commit, store closed) on SIGTERM / Ctrl-C.
 * <p>
 * For comparisons only: {@code --no-group-commit} serves the same file with mongo-java-server's plain
 * {@link H2Backend} (background commit about once a second: loses acknowledged writes on {@code kill -9}), and
 * {@code --blocking-workers N} serves the durable backend through the stock {@link MongoServer} with N netty
 * worker threads that block while waiting for the commit.
 */
public final class EmbeddedMongoMain {

    /** The prefix of the line printed when the server listens. */
    public static final String READY_PREFIX = "MongoDB-wire server ready at ";

    private EmbeddedMongoMain() {
    }

    public static void main(String[] args) throws Exception {
        // mongo-java-server logs every connection at INFO; keep the console readable unless configured
        setIfAbsent("org.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire", "warn");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");

        Path dataDir = null;
        String host = "127.0.0.1";
        int port = 27017;
        boolean plain = false;
        int blockingWorkers = 0;
        DurableH2Backend.Options options = DurableH2Backend.Options.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                case "--fsync" -> options = options.withFsync(true);
                case "--retention-ms" -> options = options.withRetentionMillis(Integer.parseInt(args[++i]));
                case "--cache-mb" -> options = options.withCacheMb(Integer.parseInt(args[++i]));
                case "--min-free-mb" -> options = options.withMinFreeBytes(Long.parseLong(args[++i]) << 20);
                case "--test-disk-full-switch" -> options = options.withDiskFullSwitch(Path.of(args[++i]));
                case "--no-group-commit" -> plain = true;
                case "--blocking-workers" -> blockingWorkers = Integer.parseInt(args[++i]);
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (dataDir == null) {
            usage("--data-dir is required");
        }
        Files.createDirectories(dataDir);
        Path dataFile = dataDir.resolve(DurableMongoServer.DATA_FILE_NAME);

        final String connectionString;
        final Runnable shutdown;
        if (plain) {
            MongoServer server = new MongoServer(new H2Backend(dataFile.toString()));
            server.bind(host, port);
            connectionString = connectionString(server.getLocalAddress());
            shutdown = server::shutdown;
        } else if (blockingWorkers > 0) {
            MongoServer server = new MongoServer(DurableH2Backend.open(dataFile, options));
            server.bind(new InetSocketAddress(host, port), 1, blockingWorkers);
            connectionString = connectionString(server.getLocalAddress());
            shutdown = server::shutdown;
        } else {
            DurableMongoServer server = DurableMongoServer.start(dataDir, host, port, options);
            connectionString = server.connectionString();
            shutdown = server::close;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                shutdown.run();
            } finally {
                stopped.countDown();
            }
        }, "mongo-shutdown"));

        System.out.println(READY_PREFIX + connectionString);
        System.out.flush();
        stopped.await();
    }

    private static String connectionString(InetSocketAddress address) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: EmbeddedMongoMain --data-dir DIR [--port 27017] [--host 127.0.0.1] [--fsync]"
            + " [--retention-ms N] [--cache-mb N] [--min-free-mb N] [--test-disk-full-switch FILE]"
            + " [--no-group-commit | --blocking-workers N]");
        System.exit(2);
    }
}
