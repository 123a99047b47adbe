package vn.thidua.eventlog.store;

/** Another writer already appended at this aggregate sequence: the optimistic lock failed. */
public class StreamConflict extends RuntimeException {

    public StreamConflict(String aggregateId, long sequence) {
        super("Aggregate %s already has an event at sequence %d".formatted(aggregateId, sequence));
    }
}
