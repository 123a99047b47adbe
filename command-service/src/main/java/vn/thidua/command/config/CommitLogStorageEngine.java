package vn.thidua.command.config;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.StoredEvent;
import vn.thidua.eventlog.store.MongoCommitLog;
import vn.thidua.eventlog.store.StreamConflict;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Axon's view of the {@link MongoCommitLog}: the events of one unit of work become one commit document.
 * <p>
 * Tracking reads ({@link #readEvents(TrackingToken, boolean)}) are not offered: the command side runs no
 * event processor, and the ordered stream for everyone else is the Kafka topic fed by the publisher.
 */
class CommitLogStorageEngine implements EventStorageEngine {

    private final MongoCommitLog log;
    private final Serializer serializer;
    private final EventUpcaster upcasterChain;

    CommitLogStorageEngine(MongoCommitLog log, Serializer serializer) {
        this(log, serializer, NoOpEventUpcaster.INSTANCE);
    }

    CommitLogStorageEngine(MongoCommitLog log, Serializer serializer, EventUpcaster upcasterChain) {
        this.log = log;
        this.serializer = serializer;
        this.upcasterChain = upcasterChain;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        DomainEventMessage<?> first = asDomainEvent(events.get(0));
        List<StoredEvent> stored = events.stream().map(e -> {
            DomainEventMessage<?> event = asDomainEvent(e);
            if (!event.getAggregateIdentifier().equals(first.getAggregateIdentifier())) {
                // one commit document = one atomic write; without transactions a unit of work
                // must not touch two aggregates
                throw new IllegalStateException("A unit of work appended events of two aggregates: %s and %s"
                        .formatted(first.getAggregateIdentifier(), event.getAggregateIdentifier()));
            }
            SerializedObject<String> payload = event.serializePayload(serializer, String.class);
            SerializedObject<String> metaData = event.serializeMetaData(serializer, String.class);
            return new StoredEvent(event.getIdentifier(), event.getSequenceNumber(),
                    payload.getType().getName(), payload.getType().getRevision(),
                    event.getTimestamp().toString(), payload.getData(), metaData.getData());
        }).toList();
        String commitId = UUID.randomUUID().toString();
        Object submission = first.getMetaData().get("submissionId");
        try {
            log.append(new Commit(0, commitId, first.getType(), first.getAggregateIdentifier(), stored,
                    submission == null ? commitId : submission.toString()));
        } catch (StreamConflict conflict) {
            throw new ConcurrencyException(conflict.getMessage());
        }
    }

    private static DomainEventMessage<?> asDomainEvent(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domainEvent) {
            return domainEvent;
        }
        throw new IllegalStateException("Only aggregate events are stored; got " + event.getPayloadType());
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        List<Commit> commits = log.readStream(aggregateIdentifier, firstSequenceNumber);
        Stream<DomainEventData<?>> entries = commits.stream().flatMap(c -> c.events().stream()
                .filter(e -> e.sequence() >= firstSequenceNumber)
                .map(e -> new GenericDomainEventEntry<>(c.aggregateType(), c.aggregateId(), e.sequence(),
                        e.eventId(), e.timestamp(), e.type(), e.revision(), e.payload(), e.metadata())));
        return EventStreamUtils.upcastAndDeserializeDomainEvents(entries, serializer, upcasterChain);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        List<Commit> commits = log.readStream(aggregateIdentifier, 0);
        return commits.isEmpty() ? Optional.empty() : Optional.of(commits.get(commits.size() - 1).lastSequence());
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        // Snapshots are not used: aggregates are cached and their streams are read with point lookups.
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return Optional.empty();
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        throw new UnsupportedOperationException(
                "The command side offers no tracking stream: consume the Kafka topic instead");
    }

    @Override
    public TrackingToken createTailToken() {
        throw new UnsupportedOperationException("No tracking on the command side");
    }

    @Override
    public TrackingToken createHeadToken() {
        throw new UnsupportedOperationException("No tracking on the command side");
    }
}
