package vn.thidua.benchmark;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Freshness: the time from the moment a client received the 201 of a command to the moment the query API
 * answers with its effect.
 * <p>
 * Sampling: every {@code sampleMillis} the next accepted command (any client) is taken as a sample — a fixed
 * sample rate, so the probing load does not grow with the throughput. Each sample is handed to one of two
 * poller threads (each with its own HTTP/1.1 connection, one request at a time), which {@code GET}s the query endpoint
 * that shows the command's effect ({@link Check}: for a recorded result the key-task board of its movement and period
 * narrowed to its unit, until the task's cell is no longer {@code NOT_REPORTED}; for an enrolment the movement's
 * detail, until the unit is in {@code enrolledUnits}) right away and then again after
 * {@code max(pollMillis, age / 10)}; the sample's freshness is taken when the answer that shows it has been received. So the resolution is {@code pollMillis} (5 ms) for fresh samples
 * and 10 % of the value for old ones: a sample 10 s old is polled once a second, which keeps the probing load
 * bounded when the query side lags (every sample stays tracked: skipping the slow ones would flatter the
 * percentiles). A sample not visible after 60 s counts as timed out; at most 1,000 samples are tracked at once,
 * further ones are skipped (both are printed, with the number of probe GETs).
 */
final class FreshnessProbe implements AutoCloseable {

    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int MAX_IN_FLIGHT = 1_000;
    private static final int POLLERS = 2;

    /** The samples of one phase. */
    static final class Collector {
        private final List<Long> freshness = new ArrayList<>();
        final AtomicLong timedOut = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong gets = new AtomicLong();
        final AtomicInteger pending = new AtomicInteger();

        synchronized void add(long nanos) {
            freshness.add(nanos);
        }

        synchronized long[] sorted() {
            long[] a = freshness.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(a);
            return a;
        }
    }

    /** What a sample waits for: the GET that shows an accepted command's effect, and whether an answer shows it. */
    interface Check {
        /** Path and query of the GET on the query service. */
        String path();

        /** Whether a 200 answer's body shows the effect. */
        boolean visible(String body);
    }

    private static final class Sample {
        final Check check;
        final long acceptedAt;
        final Collector collector;
        long nextPollAt;

        Sample(Check check, long acceptedAt, Collector collector) {
            this.check = check;
            this.acceptedAt = acceptedAt;
            this.collector = collector;
            this.nextPollAt = acceptedAt;
        }
    }

    private final String queryUrl;
    private final String authorization;
    private final long sampleNanos;
    private final long pollNanos;
    private final AtomicLong nextSampleAt = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<ConcurrentLinkedQueue<Sample>> inboxes = new ArrayList<>();
    private final List<Thread> pollers = new ArrayList<>();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private volatile Collector current;
    private volatile boolean running = true;

    /** @param token the bearer token of the probe's reads (an ANALYST's) */
    FreshnessProbe(String queryUrl, String token, int sampleMillis, int pollMillis) {
        this.queryUrl = queryUrl;
        this.authorization = "Bearer " + token;
        this.sampleNanos = TimeUnit.MILLISECONDS.toNanos(sampleMillis);
        this.pollNanos = TimeUnit.MILLISECONDS.toNanos(pollMillis);
        for (int i = 0; i < POLLERS; i++) {
            ConcurrentLinkedQueue<Sample> inbox = new ConcurrentLinkedQueue<>();
            inboxes.add(inbox);
            Thread t = new Thread(() -> poll(inbox), "freshness-poller-" + i);
            t.setDaemon(true);
            pollers.add(t);
            t.start();
        }
    }

    /** Starts sampling into a new collector (null stops sampling). */
    void sampleInto(Collector collector) {
        nextSampleAt.set(System.nanoTime());
        current = collector;
    }

    /** Called by a client after each accepted command; cheap when no sample is due ({@code check} is not called). */
    void accepted(long acceptedAt, Supplier<Check> check) {
        Collector c = current;
        if (c == null) {
            return;
        }
        long due = nextSampleAt.get();
        if (acceptedAt < due || !nextSampleAt.compareAndSet(due, acceptedAt + sampleNanos)) {
            return;
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            c.skipped.incrementAndGet();
            return;
        }
        c.pending.incrementAndGet();
        inboxes.get(Math.floorMod(roundRobin.getAndIncrement(), POLLERS))
                .add(new Sample(check.get(), acceptedAt, c));
    }

    /** Waits until every sample of the collector is resolved (visible or timed out). */
    static void await(Collector c) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS + TimeUnit.SECONDS.toNanos(5);
        while (c.pending.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private void poll(ConcurrentLinkedQueue<Sample> inbox) {
        Http1Connection http = new Http1Connection(URI.create(queryUrl), 30_000);
        List<Sample> pending = new ArrayList<>();
        while (running) {
            Sample s;
            while ((s = inbox.poll()) != null) {
                pending.add(s);
            }
            long next = Long.MAX_VALUE;
            for (Iterator<Sample> it = pending.iterator(); it.hasNext(); ) {
                Sample sample = it.next();
                if (System.nanoTime() < sample.nextPollAt) {
                    next = Math.min(next, sample.nextPollAt);
                    continue;
                }
                boolean visible = isVisible(http, sample);
                long now = System.nanoTime();
                sample.collector.gets.incrementAndGet();
                long age = now - sample.acceptedAt;
                if (visible || age > TIMEOUT_NANOS) {
                    if (visible) {
                        sample.collector.add(age);
                    } else {
                        sample.collector.timedOut.incrementAndGet();
                    }
                    it.remove();
                    inFlight.decrementAndGet();
                    sample.collector.pending.decrementAndGet();
                } else {
                    sample.nextPollAt = now + Math.max(pollNanos, age / 10);
                    next = Math.min(next, sample.nextPollAt);
                }
            }
            long wait = pending.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(1) : next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(1)));
            }
        }
    }

    private boolean isVisible(Http1Connection http, Sample sample) {
        try {
            Http1Connection.Response r = http.get(sample.check.path(), "Authorization", authorization);
            return r.status() == 200 && sample.check.visible(r.body());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : pollers) {
            LockSupport.unpark(t);
        }
    }
}
