package vn.thidua.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.store.MongoCommitLog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static vn.thidua.benchmark.IngestBenchmark.fmt;
import static vn.thidua.benchmark.IngestBenchmark.log;

/**
 * Stores the rebuild benchmark's events: {@code --events} events of a realistic domain mix ({@link DomainLoad})
 * appended with command-service's own {@link MongoCommitLog#append} — positions claimed by insert, hash chain — from
 * {@code --writers} threads (with {@code --batch} above 1 through {@link BatchingCommitLog}); the running
 * command-service's publisher publishes them to Kafka and the live query side applies them meanwhile.
 */
final class EventWriters {

    /**
     * What was stored.
     *
     * @param events    events appended
     * @param storedAt  {@link System#nanoTime()} when the last was appended
     * @param load      the domain mix
     * @param timelines per movement, the recording time of each of its events
     */
    record Stored(long events, long storedAt, DomainLoad load, Map<String, MovementTimeline> timelines) {
    }

    private interface Scripts {
        Iterator<DomainLoad.Script> of(int writer);
    }

    private final RebuildOptions options;
    private final Stack stack;
    private final StackProbe probe;
    private final RebuildReport report;
    private final Map<String, MovementTimeline> timelines = new ConcurrentHashMap<>();

    EventWriters(RebuildOptions options, Stack stack, StackProbe probe, RebuildReport report) {
        this.options = options;
        this.stack = stack;
        this.probe = probe;
        this.report = report;
    }

    /**
     * Appends the events with MongoCommitLog: first the movements, then results and support interleaved; each
     * aggregate is written by one writer, in sequence order.
     */
    Stored store() throws Exception {
        long events = options.events;
        int writers = options.writers;
        int batch = options.batch;
        DomainLoad load = DomainLoad.forEvents(events);
        List<DomainLoad.Script> movements = load.movements();
        long movementEvents = DomainLoad.eventsOf(movements);
        if (movementEvents > events) {
            throw new IllegalArgumentException("--events must be at least " + movementEvents);
        }
        log(("storing %,d events with MongoCommitLog.append (%d writers, one event per commit): %d annual movements "
                + "(%d key tasks, %d units each), %d multi-year movements, then task results and the support of %d "
                + "communes, interleaved").formatted(events, writers, load.annualMovements(), DomainLoad.TASKS,
                DomainLoad.UNITS, DomainLoad.MULTI_YEAR, load.communes()));
        AtomicLong appended = new AtomicLong();
        try (MongoClient client = MongoClients.create(stack.mongoUri)) {
            MongoCommitLog commitLog = batch > 1
                    ? new BatchingCommitLog(client.getDatabase("thidua_events"), 100_000, batch)
                    : new MongoCommitLog(client.getDatabase("thidua_events"), 100_000);
            long t0 = System.nanoTime();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread progress = progressThread(appended, t0);
            // 1. the movements, each by one writer
            runWriters(i -> {
                List<DomainLoad.Script> mine = new ArrayList<>();
                for (int k = i; k < movements.size(); k += writers) {
                    mine.add(movements.get(k));
                }
                return mine.iterator();
            }, commitLog, appended, failure);
            // 2. the rest, from one shared sequence of scripts
            Iterator<DomainLoad.Script> rest = load.rest(events - movementEvents);
            runWriters(i -> rest, commitLog, appended, failure);
            if (commitLog instanceof BatchingCommitLog batching) {
                batching.close();
            }
            long t1 = System.nanoTime();
            progress.interrupt();
            if (failure.get() != null) {
                throw new IllegalStateException("a writer failed: " + failure.get(), failure.get());
            }
            long inLog = client.getDatabase("thidua_events").getCollection(MongoCommitLog.COLLECTION).estimatedDocumentCount();
            double rate = appended.get() / ((t1 - t0) / 1e9);
            String how = batch > 1
                    ? "MongoCommitLog.append — positions, document format, hash chain — with its insertOne replaced by unordered insertMany of %,d commits (BatchingCommitLog)".formatted(batch)
                    : "MongoCommitLog.append, one insertOne per commit";
            report.logAndAdd("stored %,d events (%,d commit documents in the log) in %.1f s = %,.0f events/s; %d writers, one event per commit, %s; the live publisher and query side ran meanwhile"
                    .formatted(appended.get(), inLog, (t1 - t0) / 1e9, rate, writers, how));
            if (inLog != appended.get()) {
                report.add("WARNING: the log holds %,d documents for %,d appended events (sealed gaps?)".formatted(inLog, appended.get()));
            }
            return new Stored(appended.get(), t1, load, timelines);
        }
    }

    /** Each writer keeps up to --window scripts open and appends the next event of each in turn. */
    private void runWriters(Scripts scripts, MongoCommitLog commitLog, AtomicLong appended,
                            AtomicReference<Throwable> failure) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < options.writers; w++) {
            Iterator<DomainLoad.Script> source = scripts.of(w);
            Thread t = new Thread(() -> {
                List<DomainLoad.Script> open = new ArrayList<>();
                try {
                    while (failure.get() == null) {
                        while (open.size() < options.window) {
                            DomainLoad.Script next;
                            synchronized (source) {
                                next = source.hasNext() ? source.next() : null;
                            }
                            if (next == null) {
                                break;
                            }
                            open.add(next);
                        }
                        if (open.isEmpty()) {
                            return;
                        }
                        for (Iterator<DomainLoad.Script> it = open.iterator(); it.hasNext(); ) {
                            DomainLoad.Script s = it.next();
                            Commit commit = s.nextCommit();
                            commitLog.append(commit);
                            appended.incrementAndGet();
                            timelines.computeIfAbsent(s.movementId(), k -> new MovementTimeline())
                                    .add(Instant.parse(commit.events().get(0).timestamp()).toEpochMilli());
                            if (s.done()) {
                                it.remove();
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-writer-" + w);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** Logs every 10 s how far storing, publishing and applying got. */
    private Thread progressThread(AtomicLong appended, long t0) {
        Thread t = new Thread(() -> {
            long last = 0;
            long lastAt = t0;
            try {
                while (true) {
                    Thread.sleep(10_000);
                    long now = System.nanoTime();
                    long n = appended.get();
                    log("  stored %s (%,.0f/s in the last %.0f s), published %s, applied by the live query side %s".formatted(
                            fmt(n), (n - last) / ((now - lastAt) / 1e9), (now - lastAt) / 1e9, fmt(probe.published()),
                            fmt(probe.applied())));
                    last = n;
                    lastAt = now;
                }
            } catch (InterruptedException e) {
                // done
            }
        }, "bench-store-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
