package vn.thidua.command.movement;

import vn.thidua.command.rules.AccessRules;
import vn.thidua.command.rules.InvalidCommand;
import vn.thidua.command.rules.RuleViolation;
import vn.thidua.events.movement.Indicator;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The named rules of a movement; each throws with its name and a reason a person can read. */
final class MovementRules {

    private MovementRules() {
    }

    static void periodIsOrdered(LocalDate start, LocalDate end) {
        if (end.isBefore(start)) {
            throw new InvalidCommand("period-reversed", "periodEnd",
                    "The period ends (%s) before it starts (%s)".formatted(end, start));
        }
    }

    static void isOpen(String movementId, boolean closed) {
        if (closed) {
            throw new RuleViolation("movement-closed", "Movement %s is closed".formatted(movementId));
        }
    }

    static void taskNumberIsFree(String movementId, int taskNo, Set<Integer> defined) {
        if (defined.contains(taskNo)) {
            throw new RuleViolation("key-task-number-taken",
                    "Movement %s already has key task %d".formatted(movementId, taskNo));
        }
    }

    static void indicatorCodesAreUnique(List<Indicator> indicators) {
        Set<String> seen = new HashSet<>();
        for (Indicator indicator : indicators) {
            if (!seen.add(indicator.code())) {
                throw new InvalidCommand("indicator-code-repeated", "indicators",
                        "Indicator code %s appears twice".formatted(indicator.code()));
            }
        }
    }

    /** A unit joins its own province's movements and the Ministry's sector-wide ones. */
    static void unitTakesPartInItsProvincesMovements(String movementId, String movementProvince, String unitId,
                                                     String unitProvince) {
        if (!movementProvince.equals(unitProvince) && !AccessRules.MINISTRY.equals(movementProvince)) {
            throw new RuleViolation("unit-of-another-province", "Unit %s is of province %s; movement %s is of province %s"
                    .formatted(unitId, unitProvince, movementId, movementProvince));
        }
    }

    static void unitIsNotEnrolled(String movementId, String unitId, Set<String> enrolled) {
        if (enrolled.contains(unitId)) {
            throw new RuleViolation("unit-already-enrolled",
                    "Unit %s is already enrolled in movement %s".formatted(unitId, movementId));
        }
    }

    static void dateIsWithinPeriod(String field, LocalDate date, LocalDate start, LocalDate end) {
        if (date.isBefore(start) || date.isAfter(end)) {
            throw new InvalidCommand("date-outside-period", field,
                    "%s is outside the movement's period %s – %s".formatted(date, start, end));
        }
    }

    static void closesAfterStart(LocalDate closedOn, LocalDate start) {
        if (closedOn.isBefore(start)) {
            throw new InvalidCommand("closed-before-start", "closedOn",
                    "A movement cannot close (%s) before it starts (%s)".formatted(closedOn, start));
        }
    }
}
