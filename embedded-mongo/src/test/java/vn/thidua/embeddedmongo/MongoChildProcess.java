package vn.thidua.embeddedmongo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link EmbeddedMongoMain} in a child JVM, for tests that kill it. */
final class MongoChildProcess implements AutoCloseable {

    private final Process process;
    private final String connectionString;

    private MongoChildProcess(Process process, String connectionString) {
        this.process = process;
        this.connectionString = connectionString;
    }

    /** Starts the server on a random port and waits (at most 30 s) for its ready line. */
    static MongoChildProcess start(Path dataDir, String... extraArgs) throws IOException, InterruptedException {
        return startWithHeap(dataDir, "256m", extraArgs);
    }

    /** {@link #start}, with this maximum heap ({@code -Xmx}). */
    static MongoChildProcess startWithHeap(Path dataDir, String maxHeap, String... extraArgs)
        throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + maxHeap,
            "-cp", System.getProperty("java.class.path"),
            EmbeddedMongoMain.class.getName(),
            "--data-dir", dataDir.toString(),
            "--host", "127.0.0.1",
            "--port", "0"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();

        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    System.out.println("[mongo " + process.pid() + "] " + line);
                    if (line.startsWith(EmbeddedMongoMain.READY_PREFIX)) {
                        ready.complete(line.substring(EmbeddedMongoMain.READY_PREFIX.length()).trim());
                    }
                }
            } catch (IOException ignored) {
                // process killed
            } finally {
                ready.completeExceptionally(new IllegalStateException("server exited before it was ready"));
            }
        }, "mongo-child-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new MongoChildProcess(process, ready.get(30, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("mongo child process did not become ready", e);
        }
    }

    String connectionString() {
        return connectionString;
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + process.pid() + " did not die");
        }
    }

    /** SIGTERM (clean shutdown through the shutdown hook), and wait. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("process " + process.pid() + " did not stop on SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
