package vn.thidua.security;

import java.util.Optional;

/**
 * A child process of the local launcher stops when the launcher is gone, however it died (a SIGKILL runs no shutdown
 * hook): the launcher names itself in {@code THIDUA_PARENT_PID}, and a daemon thread here exits this JVM normally
 * (its shutdown hooks run, as on SIGTERM) once that process is no longer alive. Without the variable nothing is watched.
 */
public final class ParentWatch {

    /** The environment variable naming the process whose death ends this one. */
    public static final String VARIABLE = "THIDUA_PARENT_PID";
    private static final long POLL_MILLIS = 500;

    private ParentWatch() {
    }

    /** Watches the process named by {@link #VARIABLE}, if any; returns at once. */
    public static void fromEnvironment() {
        String pid = System.getenv(VARIABLE);
        if (pid == null || pid.isBlank()) {
            return;
        }
        Optional<ProcessHandle> parent;
        try {
            parent = ProcessHandle.of(Long.parseLong(pid.trim()));
        } catch (NumberFormatException e) {
            System.err.println(VARIABLE + " is not a process id: " + pid);
            return;
        }
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("The launcher (pid " + pid.trim() + ") is gone: exiting");
            System.exit(0);
        }
        watch(parent.get());
    }

    private static void watch(ProcessHandle parent) {
        // isAlive compares the start time too: a reused pid is not taken for the launcher
        Thread watcher = new Thread(() -> {
            while (parent.isAlive()) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("The launcher (pid " + parent.pid() + ") is gone: stopping");
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
