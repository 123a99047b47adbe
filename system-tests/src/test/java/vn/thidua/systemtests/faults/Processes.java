package vn.thidua.systemtests.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Signals to child processes, and the safety net that kills every one of them when the test JVM exits. */
final class Processes {

    private static final Set<Process> ALL = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(p -> {
            signal(p, "CONT"); // a paused process ignores SIGTERM until it runs again; SIGKILL needs no help
            p.destroyForcibly();
        })));
    }

    private Processes() {
    }

    static void register(Process process) {
        ALL.add(process);
    }

    /** SIGKILL, and wait until the process is gone. */
    static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ALL.remove(process);
    }

    /** {@code kill -SIGNAL pid}, e.g. {@code STOP}, {@code CONT}. */
    static void signal(Process process, String signal) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Holds for {@code duration}: how long a fault lasts, or a client's pause between two attempts — a length of time
     * the suite chooses, never a wait for something to happen (those are Awaitility's).
     */
    static void hold(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
