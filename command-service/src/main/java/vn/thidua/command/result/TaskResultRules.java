package vn.thidua.command.result;

import vn.thidua.command.movement.MovementView;
import vn.thidua.command.rules.AccessRules;
import vn.thidua.command.rules.Forbidden;
import vn.thidua.command.rules.InvalidCommand;
import vn.thidua.command.rules.RuleViolation;
import vn.thidua.events.result.IndicatorValue;
import vn.thidua.reference.StructureHistory;
import vn.thidua.reference.StructureList;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The named rules of task results; each throws with its name and a reason a person can read. */
final class TaskResultRules {

    private TaskResultRules() {
    }

    /**
     * A reporter names only its own unit's results. Decided from the id alone (it carries the unit), before the result
     * is looked up: another unit's result is refused alike whether it exists or not, so the answer tells nothing of
     * what other units submitted.
     */
    static void reporterNamesItsOwnUnitsResult(String role, String callerUnit, String resultId) {
        String named = TaskResult.unitNamedBy(resultId).orElse(null);
        if (named == null && AccessRules.REPORTER.equals(role)) {
            throw new Forbidden("A reporter of unit %s acts only on its own unit's results; %s names no unit"
                    .formatted(callerUnit, resultId));
        }
        AccessRules.reporterActsForItsOwnUnit(role, callerUnit, named);
    }

    /**
     * A province's admin reviews, and its reporters correct, the results of its own units only (the Ministry reviews
     * none). Decided from the id alone, before the result is looked up, like {@link #reporterNamesItsOwnUnitsResult}:
     * the answer tells another province nothing of what exists. A unit the register does not know is left to the
     * lookup (no such result).
     */
    static void callerReviewsItsProvincesResult(String callerProvince, String resultId, StructureHistory structure) {
        TaskResult.unitNamedBy(resultId).ifPresent(unit -> callerActsInTheProvinceOfTheUnit(callerProvince, unit, structure));
    }

    static void callerActsInTheProvinceOfTheUnit(String callerProvince, String unitId, StructureHistory structure) {
        structure.provinceOf(StructureList.UNITS, unitId).ifPresent(
                province -> AccessRules.callerActsInItsProvince(callerProvince, province, "the results of unit " + unitId));
    }

    static void taskExists(MovementView movement, int taskNo) {
        if (!movement.hasTask(taskNo)) {
            throw new InvalidCommand("key-task-unknown", "taskNo",
                    "Movement %s has no key task %d".formatted(movement.movementId(), taskNo));
        }
    }

    /** No registration, no consideration: only an enrolled unit reports. */
    static void unitIsEnrolled(MovementView movement, String unitId) {
        if (!movement.isEnrolled(unitId)) {
            throw new RuleViolation("unit-not-enrolled",
                    "Unit %s is not enrolled in movement %s; it must enrol before it reports".formatted(unitId, movement.movementId()));
        }
    }

    static void periodIsInsideTheMovement(ReportingPeriod period, MovementView movement) {
        if (!period.isInside(movement.periodStart(), movement.periodEnd())) {
            throw new InvalidCommand("period-outside-movement", "period",
                    "Period %s (%s – %s) is not inside the movement's period %s – %s".formatted(period.code(),
                            period.start(), period.end(), movement.periodStart(), movement.periodEnd()));
        }
    }

    static void valuesAreTheTasksIndicators(List<IndicatorValue> values, Set<String> indicators, int taskNo) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String code = values.get(i).code();
            if (!indicators.contains(code)) {
                throw new InvalidCommand("indicator-unknown", "values[%d].code".formatted(i),
                        "Key task %d has no indicator %s (it has %s)".formatted(taskNo, code, indicators));
            }
            if (!seen.add(code)) {
                throw new InvalidCommand("indicator-value-repeated", "values[%d].code".formatted(i),
                        "Indicator %s is reported twice".formatted(code));
            }
        }
    }

    static void isNotApproved(String resultId, ReviewStatus status) {
        if (status == ReviewStatus.APPROVED) {
            throw new RuleViolation("result-already-approved",
                    "Result %s is approved; an approved result cannot be corrected".formatted(resultId));
        }
    }

    static void awaitsReview(String resultId, ReviewStatus status) {
        if (status == ReviewStatus.APPROVED) {
            throw new RuleViolation("result-already-approved", "Result %s is already approved".formatted(resultId));
        }
        if (status == ReviewStatus.RETURNED) {
            throw new RuleViolation("result-returned",
                    "Result %s was returned to its unit; it can be reviewed again once corrected".formatted(resultId));
        }
    }
}
