package vn.thidua.systemtests.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The MongoDB-wire server or the Kafka broker as a process of its own, started from the local-stack jar the way
 * {@code ./run.sh} starts them ({@code java -cp local-stack.jar <main class> …}), so that a fault can kill it alone.
 * Its output is appended to {@code <dir>/<name>.log}; {@link #start()} returns once its ready line is printed.
 */
final class InfraProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final List<String> command;
    private final String readyPrefix;
    private final Path logFile;
    private volatile Process process;
    private int starts;

    private InfraProcess(String name, List<String> command, String readyPrefix, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.readyPrefix = readyPrefix;
        this.logFile = logFile;
    }

    /** The embedded MongoDB-wire server on {@code port}, its data in {@code dataDir}. */
    static InfraProcess mongo(Path localStackJar, Path dataDir, int port, Path logDir, List<String> moreArgs) {
        List<String> command = java(localStackJar, "-Xmx512m", "vn.thidua.embeddedmongo.EmbeddedMongoMain",
                "--data-dir", dataDir.toString(), "--port", String.valueOf(port), "--host", "127.0.0.1");
        command.addAll(moreArgs);
        return new InfraProcess("mongo", command, "MongoDB-wire server ready at ", logDir.resolve("mongo.log"));
    }

    /** The Kafka broker listening on {@code port}, telling clients to connect to {@code advertisedPort} (a proxy). */
    static InfraProcess kafka(Path localStackJar, Path dataDir, int port, int advertisedPort, Path logDir) {
        return new InfraProcess("kafka", java(localStackJar, "-Xmx256m", "vn.thidua.localstack.kafka.KafkaBrokerMain",
                "--data-dir", dataDir.toString(), "--port", String.valueOf(port), "--advertised-port",
                String.valueOf(advertisedPort)), "Kafka broker ready at ", logDir.resolve("kafka.log"));
    }

    private static List<String> java(Path jar, String heap, String main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8", "-cp", jar.toString(), main));
        command.addAll(List.of(args));
        return command;
    }

    String name() {
        return name;
    }

    /** Starts the process and waits for its ready line. */
    synchronized InfraProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        starts++;
        try {
            Files.writeString(logFile, "%n===== start #%d of %s: %s%n".formatted(starts, name, String.join(" ", command)),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            long offset = Files.size(logFile);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            Processes.register(process);
            awaitReady(offset);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        return this;
    }

    private void awaitReady(long offset) {
        await(name + " ready").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(100)).pollInSameThread()
                .failFast(name + " exited during start; see " + logFile, () -> !process.isAlive())
                .until(() -> {
                    String output = Files.readString(logFile, StandardCharsets.ISO_8859_1);
                    return output.length() > offset && output.substring((int) offset).contains(readyPrefix);
                });
    }

    /** SIGKILL; returns once the process is gone. */
    synchronized void kill() {
        Processes.kill(process);
    }

    /** SIGSTOP: the process stays, its sockets stay open, nothing answers. */
    void pause() {
        Processes.signal(process, "STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() {
        Processes.signal(process, "CONT");
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    synchronized void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                Processes.kill(p);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    Path logFile() {
        return logFile;
    }
}
