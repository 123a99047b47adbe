package vn.thidua.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

/** Runs the launcher as a real process with --infra-only: Mongo + Kafka children, SIGTERM, restart keeps the data. */
class LocalStackInfraOnlyTest {

    @TempDir
    Path tmp;

    @Test
    void startsMongoAndKafkaStopsThemInReverseOrderAndKeepsTheData() throws Exception {
        int mongoPort = freePort();
        int kafkaPort = freePort();
        Path data = tmp.resolve("data");

        Path out1 = tmp.resolve("launcher-1.out");
        Process first = launch(data, mongoPort, kafkaPort, out1);
        try {
            awaitOutput(first, out1, "READY (infra only)");
            assertThat(read(out1)).contains("MongoDB mongodb://127.0.0.1:" + mongoPort, "Kafka 127.0.0.1:" + kafkaPort);
            try (MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
                MongoCollection<Document> things = mongo.getDatabase("launcher_test").getCollection("things");
                things.insertOne(new Document("_id", "kept").append("value", 42));
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
        } finally {
            first.destroy(); // SIGTERM, like Ctrl-C: the shutdown hook stops the children
            assertThat(first.waitFor(90, TimeUnit.SECONDS)).isTrue();
        }
        String log1 = read(out1);
        assertThat(log1.indexOf("stopped kafka")).isPositive().isLessThan(log1.indexOf("stopped mongo"));
        assertThat(portIsFree(mongoPort)).isTrue();
        assertThat(portIsFree(kafkaPort)).isTrue();
        assertThat(data.resolve("logs/mongo.log")).exists();
        assertThat(data.resolve("logs/kafka.log")).exists();

        Path out2 = tmp.resolve("launcher-2.out");
        Process second = launch(data, mongoPort, kafkaPort, out2);
        try {
            awaitOutput(second, out2, "READY (infra only)");
            try (MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
                Document kept = mongo.getDatabase("launcher_test").getCollection("things").find(new Document("_id", "kept")).first();
                assertThat(kept).isNotNull();
                assertThat(kept.getInteger("value")).isEqualTo(42);
            }
        } finally {
            second.destroy();
            assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aKilledLauncherLeavesNoChildHoldingItsPorts() throws Exception {
        int mongoPort = freePort();
        int kafkaPort = freePort();
        Path out = tmp.resolve("launcher-killed.out");
        Process launcher = launch(tmp.resolve("data-killed"), mongoPort, kafkaPort, out);
        List<ProcessHandle> children;
        try {
            awaitOutput(launcher, out, "READY (infra only)");
            children = java.util.regex.Pattern.compile("started (?:mongo|kafka) \\(pid (\\d+)\\)").matcher(read(out)).results()
                    .map(m -> ProcessHandle.of(Long.parseLong(m.group(1))).orElseThrow()).toList();
            assertThat(children).hasSize(2);
        } finally {
            launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs
        }
        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        org.awaitility.Awaitility.await("the children of the killed launcher stop").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        org.awaitility.Awaitility.await("their ports are free").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200)).until(() -> portIsFree(mongoPort) && portIsFree(kafkaPort));
    }

    @Test
    void aChildThatDiesDuringStartMakesTheLauncherPrintItsLogTailStopTheOthersAndExitNonZero() throws Exception {
        Path data = tmp.resolve("data-fail");
        Files.createDirectories(data);
        Files.writeString(data.resolve("kafka"), "a file where the Kafka data directory should be");
        Path out = tmp.resolve("launcher-fail.out");
        Process p = launch(data, freePort(), freePort(), out);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(read(out)).contains("START FAILED: kafka exited with code 1 during start",
                "Kafka broker failed to start", "stopped mongo");
    }

    @Test
    void aPortInUseIsReportedBeforeAnythingStarts() throws Exception {
        Path out = tmp.resolve("launcher-port.out");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Process p = launch(tmp.resolve("data-port"), taken.getLocalPort(), freePort(), out);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
        }
        assertThat(read(out)).contains("START FAILED", "already in use").doesNotContain("started mongo");
    }

    private Process launch(Path data, int mongoPort, int kafkaPort, Path output) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), LocalStack.class.getName(),
                "--infra-only", "--data-dir", data.toString(),
                "--mongo-port", String.valueOf(mongoPort), "--kafka-port", String.valueOf(kafkaPort));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().remove("MONGODB_URI");
        pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        pb.environment().remove("THIDUA_DATA_DIR");
        return pb.start();
    }

    private static void awaitOutput(Process process, Path output, String text) {
        org.awaitility.Awaitility.await("'" + text + "' in the launcher's output")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive() && !read(output).contains(text)) {
                        throw new AssertionError("launcher exited with " + process.exitValue() + ":\n" + read(output));
                    }
                    return read(output).contains(text);
                });
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return s.getLocalPort();
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
