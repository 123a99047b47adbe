package vn.thidua.query.live;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One board that a batch of events changed: which board, of which movement (and period, for the key-task board),
 * the units and communes the events named, up to which log position and recording time.
 *
 * @param board      {@code key-tasks}, {@code communes}, {@code catalogue} or {@code audit} (the event log)
 * @param period     the key-task board's period; {@code null} for the other boards
 * @param touches    what the events named: (unit, commune) pairs, either may be {@code null}
 * @param events     how many events of the batch changed it
 * @param position   the highest log position among them
 * @param recordedAt the latest recording time among them
 */
record BoardChange(String board, String movementId, String period, List<Touch> touches, int events, long position,
                   Instant recordedAt) {

    static final String KEY_TASKS = "key-tasks";
    static final String COMMUNES = "communes";
    static final String CATALOGUE = "catalogue";
    static final String AUDIT = "audit";

    /** A unit and/or a commune an event named. */
    record Touch(String unitId, String communeCode) {
    }

    /**
     * What a caller is told: everything for a province-wide reader (the event log only for an auditor); for a unit's
     * reporter the catalogue's changes and, on the boards, only the changes its own unit's events made — the boards
     * show it nothing else.
     *
     * @param unitScope the reporter's unit, {@code null} for a province-wide reader
     */
    Notice seenBy(boolean auditor, String unitScope) {
        if (AUDIT.equals(board)) {
            return auditor ? notice(touches) : null;
        }
        if (unitScope == null || CATALOGUE.equals(board)) {
            return notice(touches);
        }
        List<Touch> own = touches.stream().filter(t -> unitScope.equals(t.unitId())).toList();
        return own.isEmpty() ? null : notice(own);
    }

    private Notice notice(List<Touch> seen) {
        return new Notice(board, movementId, period,
                seen.stream().map(Touch::unitId).filter(Objects::nonNull).distinct().sorted().toList(),
                seen.stream().map(Touch::communeCode).filter(Objects::nonNull).distinct().sorted().toList(),
                AUDIT.equals(board) || seen == touches ? events : seen.size(), position, recordedAt.toString());
    }

    /**
     * The {@code change} event of the stream, as JSON.
     *
     * @param units      the units whose rows may have changed (a reporter: its own only)
     * @param communes   the communes whose rows may have changed
     * @param recordedAt ISO-8601 instant
     */
    record Notice(String board, String movementId, String period, List<String> units, List<String> communes, int events,
                  long position, String recordedAt) {
    }
}
