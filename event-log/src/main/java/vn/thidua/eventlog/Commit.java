package vn.thidua.eventlog;

import java.util.List;

/**
 * The events one unit of work appended to one aggregate, stored atomically as one document at one position.
 *
 * @param position      the global position of the commit in the log (1, 2, …); 0 until stored
 * @param commitId      a unique id, so a retried insert can recognise its own earlier success
 * @param aggregateType the aggregate's type
 * @param aggregateId   the aggregate's identifier
 * @param events        the events, with consecutive sequence numbers (the log stores and reads none without events;
 *                      an exported one that lost them is reported by the verifier)
 * @param submission    the submission that caused the commit; unique in the log, so a retried submission whose
 *                      first attempt was stored cannot be stored twice ({@code null} when read from an export, which
 *                      does not carry it)
 */
public record Commit(long position, String commitId, String aggregateType, String aggregateId,
                     List<StoredEvent> events, String submission) implements LogEntry {

    /** A commit that is its own submission (no idempotency key). */
    public Commit(long position, String commitId, String aggregateType, String aggregateId, List<StoredEvent> events) {
        this(position, commitId, aggregateType, aggregateId, events, commitId);
    }

    public Commit {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public long firstSequence() {
        return events.get(0).sequence();
    }

    public long lastSequence() {
        return events.get(events.size() - 1).sequence();
    }

    /** The same commit at another position (the log claims one when it stores it). */
    public Commit at(long newPosition) {
        return new Commit(newPosition, commitId, aggregateType, aggregateId, events, submission);
    }

    /** The same commit with its events replaced (their hashes filled in, when the log appends it). */
    public Commit withEvents(List<StoredEvent> newEvents) {
        return new Commit(position, commitId, aggregateType, aggregateId, newEvents, submission);
    }
}
