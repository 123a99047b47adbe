package vn.thidua.query.live;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One board that a batch of events changed: which board, of which movement (and period, for the key-task board),
 * the units and communes the events named, up to which log position and recording time.
 *
 * @param board      {@code key-tasks}, {@code communes}, {@code catalogue} or {@code audit} (the event log)
 * @param period     the key-task board's period; {@code null} for the other boards
 * @param touches    what the events named: (unit, commune) pairs, either may be {@code null}
 * @param events     how many events of the batch changed it
 * @param eventsByProvince how many of them callers of each province caused (a province's GSO code, or BTP)
 * @param position   the highest log position among them
 * @param recordedAt the latest recording time among them
 */
record BoardChange(String board, String movementId, String period, List<Touch> touches, int events,
                   Map<String, Integer> eventsByProvince, long position, Instant recordedAt) {

    static final String KEY_TASKS = "key-tasks";
    static final String COMMUNES = "communes";
    static final String CATALOGUE = "catalogue";
    static final String AUDIT = "audit";
    /** The Ministry's scope: its sector-wide movements are every province's to see in the catalogue. */
    private static final String MINISTRY = "BTP";

    /** A unit and/or a commune an event named, and the province of the caller who caused it. */
    record Touch(String unitId, String communeCode, String province) {

        Touch(String unitId, String communeCode) {
            this(unitId, communeCode, null);
        }

        Touch in(String province) {
            return new Touch(unitId, communeCode, province);
        }
    }

    /**
     * What a caller is told: everything for a province-wide reader (the event log only for an auditor); for a unit's
     * reporter the catalogue's changes and, on the boards, only the changes its own unit's events made — the boards
     * show it nothing else.
     *
     * @param unitScope the reporter's unit, {@code null} for a province-wide reader
     */
    Notice seenBy(boolean auditor, String unitScope) {
        return seenBy(auditor, unitScope, null);
    }

    /**
     * The same for a caller of a province ({@code provinceScope}; {@code null}: the Ministry, told everything): only
     * what its province's callers caused, and the Ministry's own changes to the catalogue (its sector-wide movements).
     */
    Notice seenBy(boolean auditor, String unitScope, String provinceScope) {
        if (AUDIT.equals(board)) {
            if (!auditor) {
                return null;
            }
            if (provinceScope == null) {
                return notice(touches, events);
            }
            Integer own = eventsByProvince.get(provinceScope);
            return own == null ? null : notice(List.of(), own);
        }
        List<Touch> visible = provinceScope == null ? touches : touches.stream().filter(t -> provinceScope.equals(t.province())
                || (CATALOGUE.equals(board) && MINISTRY.equals(t.province()))).toList();
        if (visible.isEmpty()) {
            return null;
        }
        if (unitScope == null || CATALOGUE.equals(board)) {
            return notice(visible, visible.size() == touches.size() ? events : visible.size());
        }
        List<Touch> own = visible.stream().filter(t -> unitScope.equals(t.unitId())).toList();
        return own.isEmpty() ? null : notice(own, own.size());
    }

    private Notice notice(List<Touch> seen, int count) {
        return new Notice(board, movementId, period,
                seen.stream().map(Touch::unitId).filter(Objects::nonNull).distinct().sorted().toList(),
                seen.stream().map(Touch::communeCode).filter(Objects::nonNull).distinct().sorted().toList(),
                count, position, recordedAt.toString());
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
