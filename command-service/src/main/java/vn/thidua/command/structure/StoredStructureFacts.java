package vn.thidua.command.structure;

import vn.thidua.reference.StructureVersions;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import vn.thidua.eventlog.store.MongoCommitLog;
import vn.thidua.events.structure.StructureVersionImported;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.StructureHistory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The register read from the event store: the lists the deployment starts with ({@link ReferenceData}) and every
 * version imported since, folded from the register's stream. Kept, and brought up to date on every use by reading the
 * stream after the kept sequence (one point lookup when nothing changed). A fold checked less than
 * {@code thidua.movement-facts.max-age} ago is used without a read unless this instance appended to the register since:
 * a version imported here is seen by the next command, one imported on another instance within about that age
 * ({@code 0}: a read on every use), as for the movement facts (ADR 0010).
 */
@Component
class StoredStructureFacts implements StructureFacts {

    private final EventStore eventStore;
    private final AtomicReference<Folded> kept;
    private final long maxAgeNanos;
    /** When this instance last appended to the register: a fold checked before then is stale. */
    private final AtomicLong appendedAt = new AtomicLong(System.nanoTime());

    /** A fold and when the read that produced (or confirmed) it started. */
    private record Folded(StructureHistory history, long sequence, long at) {
    }

    @Autowired
    StoredStructureFacts(EventStore eventStore, ReferenceData lists, MongoCommitLog commitLog,
                         @Value("${thidua.movement-facts.max-age:PT1S}") Duration maxAge) {
        this(eventStore, lists, maxAge);
        commitLog.onAppendedTo((aggregateType, aggregateId) -> appended(aggregateId));
    }

    /** This instance stored a commit of {@code aggregateId}: a fold of the register checked before now is stale. */
    void appended(String aggregateId) {
        if (aggregateId.equals(StructureRegister.REGISTER_ID)) {
            appendedAt.set(System.nanoTime());
        }
    }

    StoredStructureFacts(EventStore eventStore, ReferenceData lists, Duration maxAge) {
        this.eventStore = eventStore;
        this.maxAgeNanos = maxAge.toNanos();
        this.kept = new AtomicReference<>(new Folded(StructureHistory.startingWith(lists), -1, appendedAt.get() - 1));
    }

    @Override
    public StructureHistory current() {
        Folded known = kept.get();
        long now = System.nanoTime();
        if (now - known.at() < maxAgeNanos && known.at() - appendedAt.get() > 0) {
            return known.history();
        }
        DomainEventStream events = eventStore.readEvents(StructureRegister.REGISTER_ID, known.sequence() + 1);
        if (!events.hasNext()) {
            kept.accumulateAndGet(new Folded(known.history(), known.sequence(), now), StoredStructureFacts::newer);
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
        kept.accumulateAndGet(new Folded(history, sequence, now), StoredStructureFacts::newer);
        return history;
    }

    private static Folded newer(Folded a, Folded b) {
        if (a.sequence() != b.sequence()) {
            return a.sequence() > b.sequence() ? a : b;
        }
        return a.at() - b.at() >= 0 ? a : b;
    }
}
