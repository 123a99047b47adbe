package vn.thidua.command.movement;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.Indicator;
import vn.thidua.events.movement.MovementClosed;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;
import vn.thidua.eventlog.store.MongoCommitLog;


import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

/**
 * Movement facts read from the event store. A view is cached per movement (a bounded cache) and brought up to date by
 * reading the movement's stream after the cached version (one point lookup when nothing changed). A view checked less
 * than {@code thidua.movement-facts.max-age} ago is used without a read; an older one (up to twice the max age) is used
 * while one background read brings it up to date, so a command waits for a read only for a movement it has not seen
 * or that this instance appended to since the check. A key task defined or a unit enrolled a moment ago is seen by
 * the next command on the same instance, and on any other instance within about the max age ({@code 0}: a read on
 * every use).
 * <p>
 * The check and the other aggregate's append are not one transaction: a result recorded in the same
 * instant as the movement closes may still land. The rule holds for every command that starts after the
 * closure was stored (docs/adr/0002-write-model.md).
 */
@Component
class StoredMovementFacts implements MovementFacts {

    private final EventStore eventStore;
    private final Map<String, Checked> cache;
    /** When this instance last appended to a movement: a view checked before then is stale. */
    private final Map<String, Long> appendedAt;
    private final long maxAgeNanos;
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "movement-facts-refresh");
        t.setDaemon(true);
        return t;
    });

    @Autowired
    StoredMovementFacts(EventStore eventStore, MongoCommitLog commitLog,
                        @Value("${thidua.movement-facts.max-entries:10000}") int maxEntries,
                        @Value("${thidua.movement-facts.max-age:PT1S}") Duration maxAge) {
        this(eventStore, maxEntries, maxAge);
        commitLog.onAppendedTo(this::appended);
    }

    StoredMovementFacts(EventStore eventStore, int maxEntries, Duration maxAge) {
        this.eventStore = eventStore;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).<String, Checked>build().asMap();
        this.appendedAt = Caffeine.newBuilder().maximumSize(maxEntries).<String, Long>build().asMap();
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** This instance stored a commit of {@code aggregateId}: a movement's view checked before now is stale. */
    void appended(String aggregateType, String aggregateId) {
        if (aggregateType.equals(Movement.class.getSimpleName())) {
            appendedAt.put(aggregateId, System.nanoTime());
        }
    }

    /** A view and when the read that produced (or confirmed) it started. */
    private record Checked(MovementView view, long at) {
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }

    @Override
    public Optional<MovementView> movement(String movementId) {
        Checked known = cache.get(movementId);
        if (known != null && maxAgeNanos > 0) {
            long age = System.nanoTime() - known.at();
            Long appended = appendedAt.get(movementId);
            if (age < 2 * maxAgeNanos && (appended == null || known.at() - appended > 0)) {
                if (age >= maxAgeNanos && refreshing.add(movementId)) {
                    refreshInBackground(movementId);
                }
                return Optional.of(known.view());
            }
        }
        return read(movementId, known);
    }

    private void refreshInBackground(String movementId) {
        try {
            refresher.execute(() -> {
                try {
                    read(movementId, cache.get(movementId));
                } catch (RuntimeException e) {
                    // the next use past twice the max age reads on its own thread and reports the failure
                } finally {
                    refreshing.remove(movementId);
                }
            });
        } catch (RejectedExecutionException e) {
            refreshing.remove(movementId); // shutting down
        }
    }

    private Optional<MovementView> read(String movementId, Checked known) {
        long now = System.nanoTime();
        MovementView start = known == null ? null : known.view();
        MovementView current = fold(start, eventStore.readEvents(movementId, start == null ? 0 : start.version() + 1));
        if (current != null) {
            cache.merge(movementId, new Checked(current, now), (a, b) -> a.view().version() != b.view().version()
                    ? (a.view().version() > b.view().version() ? a : b)
                    : (a.at() - b.at() >= 0 ? a : b));
        }
        return Optional.ofNullable(current);
    }

    private static MovementView fold(MovementView start, DomainEventStream events) {
        if (!events.hasNext()) {
            return start;
        }
        Builder b = new Builder(start);
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            b.apply(event.getPayload());
            b.version = event.getSequenceNumber();
        }
        return b.build();
    }

    private static final class Builder {
        String id;
        String province;
        vn.thidua.events.movement.MovementKind kind;
        java.time.LocalDate start;
        java.time.LocalDate end;
        boolean closed;
        final Map<Integer, Set<String>> tasks = new HashMap<>();
        final Set<String> enrolled = new HashSet<>();
        long version = -1;

        Builder(MovementView v) {
            if (v != null) {
                id = v.movementId();
                province = v.provinceCode();
                kind = v.kind();
                start = v.periodStart();
                end = v.periodEnd();
                closed = v.closed();
                tasks.putAll(v.taskIndicators());
                enrolled.addAll(v.enrolledUnits());
                version = v.version();
            }
        }

        void apply(Object payload) {
            if (payload instanceof MovementRegistered e) {
                id = e.movementId();
                province = e.provinceCode();
                kind = e.kind();
                start = e.periodStart();
                end = e.periodEnd();
            } else if (payload instanceof KeyTaskDefined e) {
                tasks.put(e.taskNo(), e.indicators().stream().map(Indicator::code).collect(Collectors.toUnmodifiableSet()));
            } else if (payload instanceof UnitEnrolled e) {
                enrolled.add(e.unitId());
            } else if (payload instanceof MovementClosed) {
                closed = true;
            }
        }

        MovementView build() {
            return new MovementView(id, province, kind, start, end, closed, tasks, enrolled, version);
        }
    }
}
