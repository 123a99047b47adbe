package vn.thidua.command.structure;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;
import vn.thidua.events.structure.StructureVersionImported;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.StructureHistory;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The register read from the event store: the lists the deployment starts with ({@link ReferenceData}) and every
 * version imported since, folded from the register's stream. Kept, and brought up to date on every use by reading the
 * stream after the kept sequence — one point lookup when nothing changed — so a version imported a moment ago, on any
 * instance, is seen by the next command.
 */
@Component
class StoredStructureFacts implements StructureFacts {

    private final EventStore eventStore;
    private final AtomicReference<Folded> kept;

    private record Folded(StructureHistory history, long sequence) {
    }

    StoredStructureFacts(EventStore eventStore, ReferenceData lists) {
        this.eventStore = eventStore;
        this.kept = new AtomicReference<>(new Folded(StructureHistory.startingWith(lists), -1));
    }

    @Override
    public StructureHistory current() {
        Folded known = kept.get();
        DomainEventStream events = eventStore.readEvents(StructureRegister.REGISTER_ID, known.sequence() + 1);
        if (!events.hasNext()) {
            return known.history();
        }
        StructureHistory history = known.history();
        long sequence = known.sequence();
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (event.getPayload() instanceof StructureVersionImported imported) {
                history = history.with(StructureVersions.of(imported));
            }
            sequence = event.getSequenceNumber();
        }
        Folded fresh = new Folded(history, sequence);
        kept.accumulateAndGet(fresh, (a, b) -> a.sequence() >= b.sequence() ? a : b);
        return history;
    }
}
