package vn.thidua.projection.asof;

import vn.thidua.projection.DomainEvent;

import java.time.Instant;
import java.util.function.Consumer;

/** The history of recorded events, as a read model keeps it (the audit log): what reports as of an instant fold. */
public interface RecordedEvents {

    /**
     * Hands over the events of the movement (its own stream and every stream under it) recorded up to the instant, in
     * log order; stops early if {@code each} throws.
     */
    void ofMovement(String movementId, Instant upTo, Consumer<DomainEvent> each);
}
