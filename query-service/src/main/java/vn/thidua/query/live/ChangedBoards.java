package vn.thidua.query.live;

import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.MovementClosed;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;
import vn.thidua.events.result.TaskResultApproved;
import vn.thidua.events.result.TaskResultCorrected;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.events.result.TaskResultReturned;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.CommuneSupportEnded;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.query.live.BoardChange.Touch;
import vn.thidua.projection.DomainEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which boards a batch of events changed: one change per board (and movement, and period), then the event log's. */
final class ChangedBoards {

    private ChangedBoards() {
    }

    /** The board an event changes, and what on it. */
    private record Target(String board, String movementId, String period, Touch touch) {
    }

    static List<BoardChange> of(List<DomainEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Map<List<String>, Gathered> boards = new LinkedHashMap<>();
        Gathered log = new Gathered(BoardChange.AUDIT, null, null);
        for (DomainEvent e : events) {
            String province = provinceOf(e);
            log.add(e, null, province);
            Target t = target(e.payload());
            if (t != null) {
                boards.computeIfAbsent(java.util.Arrays.asList(t.board(), t.movementId(), t.period()),
                        k -> new Gathered(t.board(), t.movementId(), t.period())).add(e, t.touch().in(province), province);
            }
        }
        List<BoardChange> changes = new ArrayList<>();
        boards.values().forEach(g -> changes.add(g.change()));
        changes.add(log.change());
        return changes;
    }

    /** The province of the caller who caused the event; none in its metadata: province 24, before provinces were tenants. */
    private static String provinceOf(DomainEvent e) {
        Object province = e.metadata().get("provinceCode");
        return province == null ? MovementRegistered.PROVINCE_BEFORE_TENANCY : province.toString();
    }

    private static Target target(Object payload) {
        if (payload instanceof TaskResultRecorded r) {
            return result(r.movementId(), r.period(), r.unitId());
        } else if (payload instanceof TaskResultCorrected r) {
            return result(r.movementId(), r.period(), r.unitId());
        } else if (payload instanceof TaskResultApproved r) {
            return result(r.movementId(), r.period(), r.unitId());
        } else if (payload instanceof TaskResultReturned r) {
            return result(r.movementId(), r.period(), r.unitId());
        } else if (payload instanceof SupportActivityRecorded s) {
            return commune(s.movementId(), s.unitId(), s.communeCode());
        } else if (payload instanceof CommuneSupportAssigned s) {
            return commune(s.movementId(), s.unitId(), s.communeCode());
        } else if (payload instanceof CommuneSupportEnded s) {
            return commune(s.movementId(), s.unitId(), s.communeCode());
        } else if (payload instanceof CommuneCriterionAssessed s) {
            return commune(s.movementId(), null, s.communeCode());
        } else if (payload instanceof UnitEnrolled m) {
            return movement(m.movementId(), m.unitId());
        } else if (payload instanceof MovementRegistered m) {
            return movement(m.movementId(), null);
        } else if (payload instanceof KeyTaskDefined m) {
            return movement(m.movementId(), null);
        } else if (payload instanceof MovementClosed m) {
            return movement(m.movementId(), null);
        }
        return null;
    }

    private static Target result(String movementId, String period, String unitId) {
        return new Target(BoardChange.KEY_TASKS, movementId, period, new Touch(unitId, null, null));
    }

    private static Target commune(String movementId, String unitId, String communeCode) {
        return new Target(BoardChange.COMMUNES, movementId, null, new Touch(unitId, communeCode, null));
    }

    /** Movement events change the catalogue, and with it what every board of the movement shows (tasks, units). */
    private static Target movement(String movementId, String unitId) {
        return new Target(BoardChange.CATALOGUE, movementId, null, new Touch(unitId, null, null));
    }

    private static final class Gathered {
        final String board;
        final String movementId;
        final String period;
        final Set<Touch> touches = new LinkedHashSet<>();
        final Map<String, Integer> eventsByProvince = new java.util.TreeMap<>();
        int events;
        long position;
        Instant recordedAt = Instant.EPOCH;

        Gathered(String board, String movementId, String period) {
            this.board = board;
            this.movementId = movementId;
            this.period = period;
        }

        void add(DomainEvent e, Touch touch, String province) {
            events++;
            eventsByProvince.merge(province, 1, Integer::sum);
            position = Math.max(position, e.position());
            if (e.timestamp() != null && e.timestamp().isAfter(recordedAt)) {
                recordedAt = e.timestamp();
            }
            if (touch != null) {
                touches.add(touch);
            }
        }

        BoardChange change() {
            return new BoardChange(board, movementId, period, List.copyOf(touches), events, Map.copyOf(eventsByProvince), position,
                    recordedAt);
        }
    }
}
