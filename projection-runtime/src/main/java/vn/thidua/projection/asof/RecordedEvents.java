package vn.thidua.projection.asof;

import vn.thidua.projection.DomainEvent;

import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/** The history of recorded events, as a read model keeps it (the audit log): what reports as of an instant fold. */
public interface RecordedEvents {

    /**
     * Hands over the events of the movement (its own stream and every stream under it), and those of the named streams
     * that are no movement's (e.g. the structure register, {@code structure}), recorded up to the instant, in log order;
     * stops early if {@code each} throws.
     */
    void ofMovement(String movementId, Set<String> streams, Instant upTo, Consumer<DomainEvent> each);

    /** The movement's events alone, recorded up to the instant, in log order. */
    default void ofMovement(String movementId, Instant upTo, Consumer<DomainEvent> each) {
        ofMovement(movementId, Set.of(), upTo, each);
    }
}
