package vn.thidua.eventlog.roundtrips;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts the commands a process sends to MongoDB — its database round trips — by the phase of work that sent them:
 * {@value #METRIC}{@code {phase}}, e.g. {@code request} (an HTTP request), {@code publication} (the publisher),
 * {@code projection.<name>} (one projection applying a consumed batch). Unlike times, these counts are the same on the
 * embedded server and on a real MongoDB, so they say what a command or a batch costs wherever it runs.
 * <p>
 * The phase is a property of the calling thread ({@link #enter}): the synchronous driver sends a command on the thread
 * that asked for it. A thread that entered no phase counts as {@value #OTHER}. Register one instance as a command
 * listener of the process's {@code MongoClient}.
 */
public final class RoundTrips implements CommandListener {

    public static final String METRIC = "thidua.mongo.commands";
    public static final String OTHER = "other";
    private static final ThreadLocal<String> PHASE = new ThreadLocal<>();

    private final MeterRegistry meters;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public RoundTrips(MeterRegistry meters) {
        this.meters = meters;
    }

    /** The phase of work on this thread until the returned scope is closed (then the one before it again). */
    public static Scope enter(String phase) {
        String before = PHASE.get();
        PHASE.set(phase);
        return () -> {
            if (before == null) {
                PHASE.remove();
            } else {
                PHASE.set(before);
            }
        };
    }

    /** The phase of work on this thread ({@value #OTHER} when none was entered). */
    public static String phase() {
        String phase = PHASE.get();
        return phase == null ? OTHER : phase;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        counters.computeIfAbsent(phase(), p -> Counter.builder(METRIC)
                .description("commands sent to MongoDB (round trips), by the phase of work that sent them")
                .tag("phase", p).register(meters)).increment();
    }

    /** A phase entered on a thread; closing it restores the phase before it. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
