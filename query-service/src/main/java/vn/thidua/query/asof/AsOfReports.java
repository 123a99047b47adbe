package vn.thidua.query.asof;

import com.mongodb.client.MongoDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import vn.thidua.query.stream.DomainEvent;
import vn.thidua.query.stream.Generations;
import vn.thidua.query.stream.Projection;
import vn.thidua.query.stream.ProjectionDefinitions;
import vn.thidua.query.stream.ReadModelSpace;
import vn.thidua.query.stream.RecordedEvents;
import vn.thidua.query.web.ProblemDetailsAdvice.TooLarge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Reports as they stood at an instant ({@code asOf}): the events of the movement recorded up to that instant are read
 * from the audit log ({@link RecordedEvents}) in log order and folded by the <b>same projection code</b> as the live boards into a throw-away
 * space ({@code asof_<minute>_<n>_<collection>}), which the same report code then reads.
 * <p>
 * Cost model: one query of the audit log by movement and time — on MongoDB an index
 * ({@code payload.movementId, _id}); the embedded server scans the whole log — then a fold of that movement's events
 * up to the instant: proportional to them, not to the whole log, at the speed of a rebuild (measured ~1,200–1,500
 * events/s on the embedded server, docs/benchmarks.md: the default bound of 300,000 events is minutes there). It is
 * bounded: at most {@code thidua.as-of.max-events} events (default 300,000; a board that
 * needs more is refused with 422 rather than slowing everyone down), one fold at a time per instance (others wait),
 * and the folded space of an instant more than {@link #SETTLED} ago — which no late event can change any more — is
 * kept for the next pages and exports of the same report (the last {@link #KEPT} of them).
 */
@Component
public class AsOfReports {

    /** What the API documentation says of {@code asOf}. */
    public static final String AS_OF = "asOf (an instant, e.g. 2018-06-30T17:00:00Z): the board as it stood then — computed from the "
            + "events recorded up to that instant by the same projection code; at most thidua.as-of.max-events events "
            + "(422 beyond), one such computation at a time per instance.";
    private static final Logger log = LoggerFactory.getLogger(AsOfReports.class);
    /** Older than this, no event recorded up to the instant can still be on its way (publication takes seconds). */
    static final Duration SETTLED = Duration.ofMinutes(5);
    static final int KEPT = 6;
    private static final String PREFIX = "asof_";
    private static final int BATCH = 2_000;

    private final MongoDatabase database;
    private final Generations generations;
    private final RecordedEvents history;
    private final ProjectionDefinitions definitions;
    private final long maxEvents;
    private final Clock clock;
    private final AtomicLong spaces = new AtomicLong();
    private final Object folding = new Object();
    private final Map<String, Folded> kept = new LinkedHashMap<>();

    @Autowired
    public AsOfReports(MongoDatabase queryDatabase, Generations generations, RecordedEvents history,
                       ProjectionDefinitions definitions, @Value("${thidua.as-of.max-events:300000}") long maxEvents) {
        this(queryDatabase, generations, history, definitions, maxEvents, Clock.systemUTC());
    }

    AsOfReports(MongoDatabase database, Generations generations, RecordedEvents history, ProjectionDefinitions definitions,
                long maxEvents, Clock clock) {
        this.database = database;
        this.generations = generations;
        this.history = history;
        this.definitions = definitions;
        this.maxEvents = maxEvents;
        this.clock = clock;
        dropAbandoned();
    }

    private record Folded(ReadModelSpace space, String prefix) {
    }

    /**
     * Runs a report on the read models as of the instant ({@code null}: the live read models).
     *
     * @param projections the projections the report reads
     */
    public <T> T read(String movementId, Instant asOf, List<String> projections, Function<ReadModelSpace, T> report) {
        if (asOf == null) {
            return report.apply(generations.live());
        }
        boolean settled = asOf.isBefore(clock.instant().minus(SETTLED));
        String key = movementId + "|" + asOf + "|" + projections;
        synchronized (folding) {
            Folded folded = settled ? kept.get(key) : null;
            if (folded == null) {
                folded = fold(movementId, asOf, projections);
                if (settled) {
                    kept.put(key, folded);
                    if (kept.size() > KEPT) {
                        String eldest = kept.keySet().iterator().next();
                        drop(kept.remove(eldest));
                    }
                }
            }
            try {
                return report.apply(folded.space());
            } finally {
                if (!settled) {
                    drop(folded);
                }
            }
        }
    }

    private Folded fold(String movementId, Instant asOf, List<String> projections) {
        long started = System.nanoTime();
        String prefix = PREFIX + clock.millis() / 60_000 + "_" + spaces.incrementAndGet() + "_";
        ReadModelSpace space = ReadModelSpace.prefixed(database, prefix);
        Folded folded = new Folded(space, prefix);
        try {
            List<Projection> targets = projections.stream().map(definitions::named)
                    .map(d -> d.create().apply(space)).toList();
            long[] events = {0};
            List<DomainEvent> batch = new ArrayList<>(BATCH);
            history.ofMovement(movementId, asOf, e -> {
                if (++events[0] > maxEvents) {
                    throw new TooLarge("as-of-too-large", ("Movement %s has more than %d events up to %s: more than a report "
                            + "as of an instant folds (thidua.as-of.max-events)").formatted(movementId, maxEvents, asOf));
                }
                batch.add(e);
                if (batch.size() == BATCH) {
                    apply(targets, batch);
                    batch.clear();
                }
            });
            apply(targets, batch);
            log.info("Folded {} events of {} up to {} for {} in {} ms", events[0], movementId, asOf, projections,
                    (System.nanoTime() - started) / 1_000_000);
            return folded;
        } catch (RuntimeException e) {
            drop(folded);
            throw e;
        }
    }

    private static void apply(List<Projection> targets, List<DomainEvent> batch) {
        if (!batch.isEmpty()) {
            targets.forEach(t -> t.apply(batch));
        }
    }

    private void drop(Folded folded) {
        for (String name : database.listCollectionNames()) {
            if (name.startsWith(folded.prefix())) {
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
