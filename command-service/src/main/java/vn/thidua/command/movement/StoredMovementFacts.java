package vn.thidua.command.movement;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.Indicator;
import vn.thidua.events.movement.MovementClosed;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Movement facts read from the event store. A view is cached per movement (a bounded cache) and brought up to date on every
 * use by reading the movement's stream after the cached version: one point lookup when nothing changed,
 * so a key task defined or a unit enrolled a moment ago is seen by the next command on any instance.
 * <p>
 * The check and the other aggregate's append are not one transaction: a result recorded in the same
 * instant as the movement closes may still land. The rule holds for every command that starts after the
 * closure was stored (docs/adr/0002-write-model.md).
 */
@Component
class StoredMovementFacts implements MovementFacts {

    private final EventStore eventStore;
    private final Map<String, MovementView> cache;

    StoredMovementFacts(EventStore eventStore, @Value("${thidua.movement-facts.max-entries:10000}") int maxEntries) {
        this.eventStore = eventStore;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).<String, MovementView>build().asMap();
    }

    @Override
    public Optional<MovementView> movement(String movementId) {
        MovementView known = cache.get(movementId);
        MovementView current = fold(known, eventStore.readEvents(movementId, known == null ? 0 : known.version() + 1));
        if (current != null && current != known) {
            cache.merge(movementId, current, (a, b) -> a.version() >= b.version() ? a : b);
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
