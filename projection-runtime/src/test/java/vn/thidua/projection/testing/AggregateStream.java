package vn.thidua.projection.testing;

import vn.thidua.projection.DomainEvent;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** The events of one aggregate as the topic delivers them: consecutive sequences, increasing positions and times. */
public final class AggregateStream {

    private static final AtomicLong POSITIONS = new AtomicLong(500_000);
    public static final Instant START = Instant.parse("2018-01-10T02:00:00Z");

    private final String aggregateType;
    private final String aggregateId;
    private final List<DomainEvent> events = new ArrayList<>();

    private AggregateStream(String aggregateType, String aggregateId) {
        this.aggregateType = aggregateType;
        this.aggregateId = aggregateId;
    }

    public static AggregateStream of(String aggregateType, String aggregateId) {
        return new AggregateStream(aggregateType, aggregateId);
    }

    public AggregateStream then(Object payload) {
        long sequence = events.size();
        long position = POSITIONS.incrementAndGet();
        events.add(new DomainEvent(position, 0, UUID.randomUUID().toString(), aggregateType, aggregateId, sequence,
                EventEnvelopes.REVISION, START.plus(position - 500_000, ChronoUnit.SECONDS), Map.of("subject", "test", "role", "PROVINCE_ADMIN"),
                payload));
        return this;
    }

    public List<DomainEvent> events() {
        return List.copyOf(events);
    }
}
