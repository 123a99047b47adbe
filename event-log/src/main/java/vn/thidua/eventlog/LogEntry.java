package vn.thidua.eventlog;

/**
 * What one position of the log holds: a {@link Commit} (the events one unit of work appended to one aggregate) or a
 * {@link Gap} (a position that was claimed and never filled).
 */
public sealed interface LogEntry permits Commit, Gap {

    /** The entry's global position in the log (1, 2, …). */
    long position();
}
