package vn.thidua.eventlog.store;

import java.util.List;

/**
 * The events one unit of work appended to one aggregate, stored atomically as one document.
 *
 * @param position      the global position of the commit in the log (1, 2, …); 0 until stored
 * @param commitId      a unique id, so a retried insert can recognise its own earlier success
 * @param aggregateType the aggregate's type
 * @param aggregateId   the aggregate's identifier
 * @param events        the events, with consecutive sequence numbers
 * @param submission    the submission that caused the commit; unique in the log, so a retried submission whose
 *                      first attempt was stored cannot be stored twice
 */
public record Commit(long position, String commitId, String aggregateType, String aggregateId,
                     List<StoredEvent> events, String submission) {

    /** A commit that is its own submission (no idempotency key). */
    public Commit(long position, String commitId, String aggregateType, String aggregateId, List<StoredEvent> events) {
        this(position, commitId, aggregateType, aggregateId, events, commitId);
    }

    public Commit {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("A commit holds at least one event");
        }
        events = List.copyOf(events);
    }

    public long firstSequence() {
        return events.get(0).sequence();
    }

    public long lastSequence() {
        return events.get(events.size() - 1).sequence();
    }

    Commit at(long newPosition) {
        return new Commit(newPosition, commitId, aggregateType, aggregateId, events, submission);
    }
}
