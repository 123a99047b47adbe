package vn.thidua.query.audit;

/** The audit log has no event of the stream asked for. */
public class StreamNotFound extends RuntimeException {

    public StreamNotFound(String aggregateId) {
        super("No events of a stream %s in the audit log".formatted(aggregateId));
    }
}
