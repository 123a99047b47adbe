package vn.thidua.projection.asof;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.ProjectionDefinitions;
import vn.thidua.projection.ReadModelSpace;
import vn.thidua.projection.generation.Generations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reports as they stood at an instant ({@code asOf}): the events of the movement recorded up to that instant (and
 * those of the streams of no movement the projections declare, {@link vn.thidua.projection.ProjectionDefinition#streams},
 * such as the structure register) are read from the audit log ({@link RecordedEvents}) in log order and folded by the <b>same projection code</b> as the live boards into a throw-away
 * space ({@code asof_<minute>_<n>_<collection>}), which the same report code then reads.
 * <p>
 * Cost model: one query of the audit log by movement and time — on MongoDB an index
 * ({@code payload.movementId, _id}); the embedded server scans the whole log — then a fold of that movement's events
 * up to the instant: proportional to them, not to the whole log, at the speed of a rebuild (docs/benchmarks.md). It
 * is bounded ({@link AsOfSettings}): at most
 * {@code max-events} events (a board that needs more is refused, {@link AsOfTooLarge}, rather than slowing everyone
 * down), at most {@code concurrency} folds at a time per instance (a request waits {@code queue-wait} for one to be
 * free, then is refused with a time to retry after, {@link AsOfUnavailable}), each within {@code timeout} (else it is
 * abandoned, {@link AsOfUnavailable}). The folded space of an instant more than {@link #SETTLED} ago — which no late
 * event can change any more — is kept for the next pages and exports of the same report (at most {@link #KEPT} of
 * them), and read without waiting.
 */
public class AsOfReports {

    /** What the names of the throw-away collections begin with. */
    public static final String PREFIX = "asof_";
    private static final Logger log = LoggerFactory.getLogger(AsOfReports.class);
    /** Older than this, no event recorded up to the instant can still be on its way (publication takes seconds). */
    static final Duration SETTLED = Duration.ofMinutes(5);
    static final int KEPT = 6;
    private static final int BATCH = 2_000;

    private final MongoDatabase database;
    private final Generations generations;
    private final RecordedEvents history;
    private final ProjectionDefinitions definitions;
    private final AsOfSettings settings;
    private final Clock clock;
    private final AtomicLong spaces = new AtomicLong();
    private final Semaphore folds;
    /** The folds of settled instants kept for the next pages and exports: at most {@link #KEPT}. */
    private final Cache<String, Folded> kept;

    public AsOfReports(MongoDatabase queryDatabase, Generations generations, RecordedEvents history,
                       ProjectionDefinitions definitions, AsOfSettings settings) {
        this(queryDatabase, generations, history, definitions, settings, Clock.systemUTC());
    }

    AsOfReports(MongoDatabase database, Generations generations, RecordedEvents history, ProjectionDefinitions definitions,
                AsOfSettings settings, Clock clock) {
        this.database = database;
        this.generations = generations;
        this.history = history;
        this.definitions = definitions;
        this.settings = settings;
        this.clock = clock;
        this.folds = new Semaphore(settings.concurrency(), true);
        this.kept = Caffeine.newBuilder().maximumSize(KEPT)
                // evicts on the thread that keeps a fold, so the bound holds once it is kept
                .executor(Runnable::run)
                .<String, Folded>removalListener((key, gone, cause) -> {
                    if (cause.wasEvicted() && gone != null && gone.evict()) {
                        drop(gone);
                    }
                })
                .build();
        dropAbandoned();
    }

    /** A folded space and who reads it (its folder first); dropped once it is neither kept nor read any more. */
    private static final class Folded {
        final ReadModelSpace space;
        final String prefix;
        private int readers = 1;
        private boolean kept;
        private boolean released;

        Folded(ReadModelSpace space, String prefix) {
            this.space = space;
            this.prefix = prefix;
        }

        /** One more reader, unless it is released already (dropped, or being dropped). */
        synchronized boolean enter() {
            if (released) {
                return false;
            }
            readers++;
            return true;
        }

        synchronized void keep() {
            kept = true;
        }

        /** One reader less: whether it is to be dropped now. */
        synchronized boolean leave() {
            readers--;
            return release();
        }

        /** Not kept any more: whether it is to be dropped now. */
        synchronized boolean evict() {
            kept = false;
            return release();
        }

        private boolean release() {
            if (kept || readers > 0 || released) {
                return false;
            }
            released = true;
            return true;
        }
    }

    /**
     * Runs a report on the read models as of the instant ({@code null}: the live read models).
     *
     * @param projections the projections the report reads
     * @throws AsOfTooLarge    the movement has more events up to the instant than {@code max-events}
     * @throws AsOfUnavailable every fold slot stayed busy for {@code queue-wait}, or the fold took longer than
     *                         {@code timeout}
     */
    public <T> T read(String movementId, Instant asOf, List<String> projections, Function<ReadModelSpace, T> report) {
        if (asOf == null) {
            return report.apply(generations.live());
        }
        boolean settled = asOf.isBefore(clock.instant().minus(SETTLED));
        String key = movementId + "|" + asOf + "|" + projections;
        Folded folded = settled ? reading(key) : null;
        if (folded != null) {
            return readAndRelease(folded, report);
        }
        acquireSlot();
        try {
            folded = settled ? reading(key) : null; // folded by another request while this one waited
            if (folded == null) {
                folded = fold(movementId, asOf, projections);
                if (settled) {
                    keep(key, folded);
                }
            }
            return readAndRelease(folded, report);
        } finally {
            folds.release();
        }
    }

    private void acquireSlot() {
        boolean acquired;
        try {
            acquired = folds.tryAcquire(settings.queueWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw AsOfUnavailable.busy(settings.concurrency(), settings.queueWait()); // logged where it is answered
        }
    }

    private <T> T readAndRelease(Folded folded, Function<ReadModelSpace, T> report) {
        try {
            return report.apply(folded.space);
        } finally {
            if (folded.leave()) {
                drop(folded);
            }
        }
    }

    /** The kept fold of the key, now with one more reader; {@code null} if none. */
    private Folded reading(String key) {
        Folded folded = kept.getIfPresent(key);
        return folded != null && folded.enter() ? folded : null;
    }

    /**
     * Keeps the fold for the key, unless another is kept for it already (this one is then dropped after its report).
     * Beyond {@link #KEPT}, the cache evicts one, which is dropped once nobody reads it.
     */
    private void keep(String key, Folded folded) {
        folded.keep();
        if (kept.asMap().putIfAbsent(key, folded) != null) {
            folded.evict();
        }
    }

    private Folded fold(String movementId, Instant asOf, List<String> projections) {
        long started = System.nanoTime();
        long deadline = clock.millis() + settings.timeout().toMillis();
        String prefix = PREFIX + clock.millis() / 60_000 + "_" + spaces.incrementAndGet() + "_";
        ReadModelSpace space = ReadModelSpace.prefixed(database, prefix);
        Folded folded = new Folded(space, prefix);
        try {
            List<Projection> targets = projections.stream().map(definitions::named)
                    .map(d -> d.create().apply(space)).toList();
            // the streams of no movement the reports read (the structure register): as they stood at the instant too
            Set<String> streams = projections.stream().map(definitions::named)
                    .flatMap(d -> d.streams().stream()).collect(Collectors.toSet());
            long[] events = {0};
            List<DomainEvent> batch = new ArrayList<>(BATCH);
            history.ofMovement(movementId, streams, asOf, e -> {
                if (++events[0] > settings.maxEvents()) {
                    throw new AsOfTooLarge(movementId, settings.maxEvents(), asOf);
                }
                batch.add(e);
                if (batch.size() == BATCH) {
                    apply(targets, batch);
                    batch.clear();
                }
                if ((events[0] & 63) == 0) {
                    inTime(deadline, movementId, asOf, events[0]);
                }
            });
            apply(targets, batch);
            inTime(deadline, movementId, asOf, events[0]);
            log.info("Folded {} events of {} up to {} for {} in {} ms", events[0], movementId, asOf, projections,
                    (System.nanoTime() - started) / 1_000_000);
            return folded;
        } catch (RuntimeException e) {
            drop(folded);
            throw e;
        }
    }

    private void inTime(long deadline, String movementId, Instant asOf, long events) {
        if (clock.millis() > deadline) {
            log.warn("Report as of an instant abandoned: {} up to {} not folded within {} ms ({} events so far)", movementId, asOf,
                    settings.timeout().toMillis(), events);
            throw AsOfUnavailable.tooSlow(asOf, settings.timeout());
        }
    }

    private static void apply(List<Projection> targets, List<DomainEvent> batch) {
        if (!batch.isEmpty()) {
            targets.forEach(t -> t.apply(batch));
        }
    }

    private void drop(Folded folded) {
        for (String name : database.listCollectionNames()) {
            if (name.startsWith(folded.prefix)) {
                database.getCollection(name).drop();
            }
        }
    }

    /** Spaces of an instance that stopped in the middle: older than an hour, nobody reads them any more. */
    private void dropAbandoned() {
        long hourAgo = clock.millis() / 60_000 - 60;
        for (String name : database.listCollectionNames()) {
            if (name.startsWith(PREFIX)) {
                String[] parts = name.split("_", 3);
                try {
                    if (Long.parseLong(parts[1]) < hourAgo) {
                        database.getCollection(name).drop();
                    }
                } catch (RuntimeException ignored) {
                    // not one of ours
                }
            }
        }
    }
}
