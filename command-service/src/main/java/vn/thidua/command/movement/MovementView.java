package vn.thidua.command.movement;

import vn.thidua.events.movement.MovementKind;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * What other aggregates need to know of a movement to decide: its kind and period, whether it is closed,
 * its key tasks with their indicator codes, and its enrolled units.
 *
 * @param provinceCode whose movement it is: a province's GSO code, or {@code BTP} for the Ministry's
 * @param version      the sequence of the last movement event folded in
 */
public record MovementView(String movementId, String provinceCode, MovementKind kind, LocalDate periodStart,
                           LocalDate periodEnd, boolean closed, Map<Integer, Set<String>> taskIndicators,
                           Set<String> enrolledUnits, long version) {

    public MovementView {
        taskIndicators = Map.copyOf(taskIndicators);
        enrolledUnits = Set.copyOf(enrolledUnits);
    }

    public boolean hasTask(int taskNo) {
        return taskIndicators.containsKey(taskNo);
    }

    public Set<String> indicatorsOf(int taskNo) {
        return taskIndicators.getOrDefault(taskNo, Set.of());
    }

    public boolean isTheMinistrys() {
        return vn.thidua.command.rules.AccessRules.MINISTRY.equals(provinceCode);
    }

    public boolean isEnrolled(String unitId) {
        return enrolledUnits.contains(unitId);
    }
}
