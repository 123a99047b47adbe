package vn.thidua.integrity;

import java.util.List;

/**
 * What one position of the log holds: a commit (the events one unit of work appended to one aggregate) or a sealed
 * gap (a position that was claimed and never filled).
 */
public record LogEntry(long position, boolean gap, String commitId, String aggregateType, String aggregateId,
                       List<LogEvent> events) {

    public LogEntry {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public static LogEntry gapAt(long position) {
        return new LogEntry(position, true, null, null, null, List.of());
    }

    public static LogEntry commit(long position, String commitId, String aggregateType, String aggregateId,
                                  List<LogEvent> events) {
        return new LogEntry(position, false, commitId, aggregateType, aggregateId, events);
    }
}
